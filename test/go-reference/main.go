// A small reference renderer for tests only: Go's real text/template, Sprig v3 and the Helm functions shipshape's
// native renderer implements, over a chart directory (values coalescing, subcharts, conditions, globals). It is a
// differential oracle, not Helm: test/helm-go-oracle.test.ts builds it offline (Debian's Go and Sprig) into the OS
// temp directory and compares its output with ours as YAML.
//
// Usage (JSON on stdin, JSON on stdout):
//
//	goref snippets   [{"tpl": "...", "data": {...}}]            -> [{"out": "...", "err": "..."}]
//	goref charts     [{"chart": dir, "values": [file], ...}]     -> [{"docs": {source: [json]}, "err": "..."}]
//	goref yaml2json  [{"source": "...", "text": "..."}]          -> [[json, ...]]
//
// Random, time and key functions are replaced by ports of shipshape's deterministic ones (seeded mulberry32, a
// fixed clock, fake PEM blocks), so renders that use them compare byte for byte.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
)

type M = map[string]interface{}

// ---------- deterministic generators (ports of src/render/helm/funcs.ts) ----------

type rng struct{ s uint32 }

func (r *rng) next() float64 {
	r.s += 0x6d2b79f5
	t := r.s
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}
func (r *rng) intn(n int) int { return int(math.Floor(r.next() * float64(n))) }

var fixedNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func jsNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func deterministic(r *rng) template.FuncMap {
	alpha := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	from := func(chars string) func(int) string {
		return func(n int) string {
			var b strings.Builder
			for i := 0; i < n && i < 1e6; i++ {
				b.WriteByte(chars[r.intn(len(chars))])
			}
			return b.String()
		}
	}
	ascii := ""
	for i := 0; i < 94; i++ {
		ascii += string(rune(33 + i))
	}
	pem := func(kind, seed string) string {
		h := sha512.Sum512([]byte(seed))
		return "-----BEGIN " + kind + "-----\n" + base64.StdEncoding.EncodeToString(h[:]) + "\n-----END " + kind + "-----\n"
	}
	cert := func(seed string) M {
		c := pem("CERTIFICATE", "cert:"+seed+jsNum(r.next()))
		k := pem("RSA PRIVATE KEY", "key:"+seed+jsNum(r.next()))
		return M{"Cert": c, "Key": k}
	}
	return template.FuncMap{
		"randAlphaNum": from(alpha + "0123456789"),
		"randAlpha":    from(alpha),
		"randNumeric":  from("0123456789"),
		"randAscii":    from(ascii),
		"randBytes": func(n int) (string, error) {
			b := make([]byte, 0, n)
			for i := 0; i < n; i++ {
				b = append(b, byte(r.intn(256)))
			}
			return base64.StdEncoding.EncodeToString(b), nil
		},
		"randInt": func(a, b int) int { return a + r.intn(b-a) },
		"shuffle": func(s string) string {
			a := []rune(s)
			for i := len(a) - 1; i > 0; i-- {
				j := r.intn(i + 1)
				a[i], a[j] = a[j], a[i]
			}
			return string(a)
		},
		"uuidv4": func() string {
			var b strings.Builder
			for i := 0; i < 32; i++ {
				b.WriteByte("0123456789abcdef"[r.intn(16)])
			}
			h := b.String()
			return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
		},
		"now":                      func() time.Time { return fixedNow },
		"genCA":                    func(cn string, d int) M { return cert("ca:" + cn) },
		"genCAWithKey":             func(cn string, d int, k string) M { return cert("ca:" + cn) },
		"genSelfSignedCert":        func(cn string, ips, alt []interface{}, d int) M { return cert("self:" + cn) },
		"genSelfSignedCertWithKey": func(cn string, ips, alt []interface{}, d int, k string) M { return cert("self:" + cn) },
		"genSignedCert":            func(cn string, ips, alt []interface{}, d int, ca interface{}) M { return cert("signed:" + cn) },
		"genSignedCertWithKey": func(cn string, ips, alt []interface{}, d int, ca interface{}, k string) M {
			return cert("signed:" + cn)
		},
		"genPrivateKey": func(t string) string {
			kind := "RSA PRIVATE KEY"
			if strings.ToUpper(t) == "ECDSA" {
				kind = "EC PRIVATE KEY"
			}
			return pem(kind, "pk"+jsNum(r.next()))
		},
		"bcrypt": func(s string) string {
			h := sha256.Sum256([]byte("bcrypt:" + s))
			return "$2a$10$" + clip(strings.NewReplacer("+", "", "/", "", "=", "").Replace(base64.StdEncoding.EncodeToString(h[:])), 53)
		},
		"htpasswd": func(u, p string) string {
			h := sha256.Sum256([]byte("htpasswd:" + p))
			return u + ":$2a$10$" + clip(strings.NewReplacer("+", "", "/", "", "=", "").Replace(base64.StdEncoding.EncodeToString(h[:])), 53)
		},
		"getHostByName": func(string) string { return "" },
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ---------- charts ----------

type chart struct {
	name      string
	meta      M
	values    M
	templates map[string][]byte // relative to the chart: templates/x.yaml
	files     map[string][]byte // .Files
	deps      []*chart
	alias     string
}

func readChart(files map[string][]byte) (*chart, error) {
	cy, ok := files["Chart.yaml"]
	if !ok {
		return nil, errors.New("Chart.yaml file is missing")
	}
	c := &chart{meta: M{}, values: M{}, templates: map[string][]byte{}, files: map[string][]byte{}}
	if err := yaml.Unmarshal(cy, &c.meta); err != nil {
		return nil, err
	}
	c.name, _ = c.meta["name"].(string)
	if v, ok := files["values.yaml"]; ok {
		if err := yaml.Unmarshal(v, &c.values); err != nil {
			return nil, fmt.Errorf("values.yaml: %v", err)
		}
		if c.values == nil {
			c.values = M{}
		}
	}
	ignore := helmignore(files[".helmignore"])
	subs := map[string]map[string][]byte{}
	var order []string
	for name, data := range files {
		if ignore(name) {
			continue
		}
		switch {
		case name == "Chart.yaml" || name == "values.yaml" || name == "values.schema.json" || name == "Chart.lock" || name == "requirements.yaml" || name == "requirements.lock":
		case strings.HasPrefix(name, "templates/"):
			c.templates[name] = data
		case strings.HasPrefix(name, "charts/"):
			rest := strings.TrimPrefix(name, "charts/")
			if !strings.Contains(rest, "/") && (strings.HasSuffix(rest, ".tgz") || strings.HasSuffix(rest, ".tar.gz")) {
				sub, err := untar(data)
				if err != nil {
					return nil, err
				}
				key := rest
				subs[key] = sub
				order = append(order, key)
				continue
			}
			i := strings.Index(rest, "/")
			if i < 0 {
				continue
			}
			key := rest[:i]
			if subs[key] == nil {
				subs[key] = map[string][]byte{}
				order = append(order, key)
			}
			subs[key][rest[i+1:]] = data
		default:
			c.files[name] = data
		}
	}
	sort.Strings(order)
	for _, k := range order {
		if _, ok := subs[k]["Chart.yaml"]; !ok {
			continue
		}
		sc, err := readChart(subs[k])
		if err != nil {
			return nil, err
		}
		c.deps = append(c.deps, sc)
	}
	return c, nil
}

func untar(data []byte) (map[string][]byte, error) {
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		parts := strings.SplitN(path.Clean(h.Name), "/", 2)
		if len(parts) < 2 {
			continue
		}
		b, _ := io.ReadAll(tr)
		out[parts[1]] = b
	}
	return out, nil
}

func readDir(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out, err
}

// helmignore: the common subset of Helm's rules (globs on the base name or the path, trailing "/" for directories).
func helmignore(data []byte) func(string) bool {
	var pats []string
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "!") {
			continue
		}
		pats = append(pats, l)
	}
	return func(name string) bool {
		if name == "Chart.yaml" || name == "values.yaml" {
			return false
		}
		parts := strings.Split(name, "/")
		for _, p := range pats {
			dirOnly := strings.HasSuffix(p, "/")
			p = strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/")
			for i := range parts {
				if dirOnly && i == len(parts)-1 {
					break
				}
				if ok, _ := path.Match(p, parts[i]); ok {
					return true
				}
				if ok, _ := path.Match(p, strings.Join(parts[:i+1], "/")); ok {
					return true
				}
			}
		}
		return false
	}
}

// ---------- values (chartutil.CoalesceValues, ProcessDependencies: condition and tags) ----------

func deepCopy(v interface{}) interface{} {
	switch t := v.(type) {
	case M:
		o := M{}
		for k, x := range t {
			o[k] = deepCopy(x)
		}
		return o
	case []interface{}:
		o := make([]interface{}, len(t))
		for i, x := range t {
			o[i] = deepCopy(x)
		}
		return o
	}
	return v
}

func dropNils(v interface{}) interface{} {
	if m, ok := v.(M); ok {
		for k, x := range m {
			if x == nil {
				delete(m, k)
			} else {
				m[k] = dropNils(x)
			}
		}
	}
	return v
}

func mergeMaps(a, b M) M {
	out := M{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(M); ok {
			if am, ok := out[k].(M); ok {
				out[k] = mergeMaps(am, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func coalesceTables(dst, src M) M {
	for k, sv := range src {
		dv, ok := dst[k]
		if !ok {
			// Helm 4 (commit 00638773): a chart default's nulls are not copied into the coalesced values
			if sv != nil {
				dst[k] = dropNils(deepCopy(sv))
			}
			continue
		}
		if dv == nil {
			delete(dst, k)
			continue
		}
		dm, dok := dv.(M)
		sm, sok := sv.(M)
		if dok && sok {
			coalesceTables(dm, sm)
		}
	}
	return dst
}

func coalesceGlobals(dest, src M) {
	var dg, sg M
	if g, ok := dest["global"].(M); ok {
		dg = g
	} else {
		dg = M{}
	}
	if g, ok := src["global"].(M); ok {
		sg = g
	} else {
		sg = M{}
	}
	for k, v := range sg {
		if vm, ok := v.(M); ok {
			if dm, ok := dg[k].(M); ok {
				coalesceTables(dm, vm)
				continue
			}
		}
		dg[k] = deepCopy(v)
	}
	dest["global"] = dg
}

func coalesce(c *chart, v M) M {
	coalesceTables(v, c.values)
	for _, d := range c.deps {
		name := d.name
		if d.alias != "" {
			name = d.alias
		}
		dv, ok := v[name].(M)
		if !ok {
			dv = M{}
			v[name] = dv
		}
		coalesceGlobals(dv, v)
		coalesce(d, dv)
	}
	return v
}

func pathValue(v M, p string) (interface{}, bool) {
	cur := interface{}(v)
	for _, k := range strings.Split(p, ".") {
		m, ok := cur.(M)
		if !ok {
			return nil, false
		}
		cur, ok = m[k]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// processDeps drops subcharts disabled by `condition` or `tags`, and sets aliases.
func processDeps(c *chart, top M, prefix string) {
	deps, _ := c.meta["dependencies"].([]interface{})
	var kept []*chart
	for _, d := range c.deps {
		enabled := true
		var decl M
		for _, x := range deps {
			if m, ok := x.(M); ok && m["name"] == d.name {
				decl = m
				if a, _ := m["alias"].(string); a != "" {
					d.alias = a
				}
			}
		}
		if decl != nil {
			tagHit := false
			if tags, ok := decl["tags"].([]interface{}); ok && len(tags) > 0 {
				enabled = false
				for _, t := range tags {
					if b, ok := pathValue(top, "tags."+fmt.Sprint(t)); ok {
						if bb, ok := b.(bool); ok {
							tagHit = true
							if bb {
								enabled = true
							}
						}
					}
				}
				if !tagHit {
					enabled = true
				}
			}
			if cond, _ := decl["condition"].(string); cond != "" {
				for _, cp := range strings.Split(cond, ",") {
					if b, ok := pathValue(top, prefix+strings.TrimSpace(cp)); ok {
						if bb, ok := b.(bool); ok {
							enabled = bb
							break
						}
					}
				}
			}
		}
		if enabled {
			kept = append(kept, d)
			name := d.name
			if d.alias != "" {
				name = d.alias
			}
			processDeps(d, top, prefix+name+".")
		}
	}
	c.deps = kept
}

// ---------- rendering ----------

type kubeVersion struct{ Version, Major, Minor, GitVersion string }

func (k kubeVersion) String() string { return k.Version }

type versionSet []string

func (v versionSet) Has(s string) bool {
	for _, x := range v {
		if x == s {
			return true
		}
	}
	return false
}

type files map[string][]byte

func (f files) Get(name string) string      { return string(f[name]) }
func (f files) GetBytes(name string) []byte { return f[name] }
func (f files) Glob(pattern string) files {
	re := globRegexp(pattern)
	out := files{}
	for k, v := range f {
		if re.MatchString(k) {
			out[k] = v
		}
	}
	return out
}
func (f files) Lines(name string) []string {
	s := string(f[name])
	if s == "" {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
func (f files) AsConfig() string {
	m := map[string]string{}
	for k, v := range f {
		m[path.Base(k)] = string(v)
	}
	b, _ := yaml.Marshal(m)
	return strings.TrimSuffix(string(b), "\n")
}
func (f files) AsSecrets() string {
	m := map[string]string{}
	for k, v := range f {
		m[path.Base(k)] = base64.StdEncoding.EncodeToString(v)
	}
	b, _ := yaml.Marshal(m)
	return strings.TrimSuffix(string(b), "\n")
}

// globRegexp: gobwas/glob with "/" as separator (what Helm's Files.Glob uses).
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '{':
			b.WriteString("(?:")
		case '}':
			b.WriteString(")")
		case ',':
			b.WriteString("|")
		case '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			cls := p[i+1 : i+j]
			if strings.HasPrefix(cls, "!") {
				cls = "^" + cls[1:]
			}
			b.WriteString("[" + cls + "]")
			i += j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile("^$")
	}
	return re
}

type renderJob struct {
	Chart       string   `json:"chart"`
	Values      []string `json:"values"`
	Release     string   `json:"release"`
	Namespace   string   `json:"namespace"`
	KubeVersion string   `json:"kubeVersion"`
	APIVersions []string `json:"apiVersions"`
	Set         []string `json:"set"`         // --set a.b=c (Helm's strvals, typed; no escapes or list indices)
	IncludeCrds bool     `json:"includeCrds"` // --include-crds: crds/ files as documents
}

// parseSet applies Helm's --set syntax (the subset the golden cases use: dotted keys, comma-separated pairs,
// typed values: true/false, null, integers without a leading zero).
func parseSet(dst M, expr string) {
	for _, pair := range strings.Split(expr, ",") {
		i := strings.Index(pair, "=")
		if i < 0 {
			continue
		}
		keys := strings.Split(pair[:i], ".")
		raw := pair[i+1:]
		var val interface{} = raw
		switch {
		case strings.EqualFold(raw, "true"):
			val = true
		case strings.EqualFold(raw, "false"):
			val = false
		case strings.EqualFold(raw, "null"):
			val = nil
		default:
			if n, err := strconv.ParseInt(raw, 10, 64); err == nil && (len(raw) == 1 || raw[0] != '0') {
				val = n
			}
		}
		cur := dst
		for _, k := range keys[:len(keys)-1] {
			next, ok := cur[k].(M)
			if !ok {
				next = M{}
				cur[k] = next
			}
			cur = next
		}
		cur[keys[len(keys)-1]] = val
	}
}

type renderOut struct {
	Docs map[string][]string `json:"docs"`
	Err  string              `json:"err,omitempty"`
}

func toYAML(v interface{}) string {
	b, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}

func helmFuncs(t **template.Template, includes map[string]int) template.FuncMap {
	f := template.FuncMap{}
	f["include"] = func(name string, data interface{}) (string, error) {
		if includes[name] > 1000 {
			return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
		}
		includes[name]++
		defer func() { includes[name]-- }()
		var buf strings.Builder
		err := (*t).ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		c, err := (*t).Clone()
		if err != nil {
			return "", err
		}
		n, err := c.New("tpl").Option("missingkey=zero").Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %v", text, err)
		}
		var buf strings.Builder
		if err := n.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %v", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(msg)
		}
		return v, nil
	}
	f["fail"] = func(msg string) (string, error) { return "", errors.New(msg) }
	f["lookup"] = func(a, b, c, d string) (M, error) { return M{}, nil }
	f["toYaml"] = toYAML
	f["toYamlPretty"] = toYAML
	f["mustToYaml"] = func(v interface{}) (string, error) {
		b, err := yaml.Marshal(v)
		return strings.TrimSuffix(string(b), "\n"), err
	}
	f["fromYaml"] = func(s string) M {
		m := M{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromYamlArray"] = func(s string) []interface{} {
		a := []interface{}{}
		if err := yaml.Unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	f["toJson"] = func(v interface{}) string { b, _ := json.Marshal(v); return string(b) }
	f["mustToJson"] = func(v interface{}) (string, error) { b, err := json.Marshal(v); return string(b), err }
	f["fromJson"] = func(s string) M {
		m := M{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromJsonArray"] = func(s string) []interface{} {
		a := []interface{}{}
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	f["toToml"] = func(v interface{}) string { return "" } // no TOML library in Debian's Go set: a known drift
	return f
}

func funcMap(r *rng, t **template.Template, includes map[string]int) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	for k, v := range deterministic(r) {
		f[k] = v
	}
	for k, v := range helmFuncs(t, includes) {
		f[k] = v
	}
	return f
}

func kubeVersionOf(v string) kubeVersion {
	m := regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?`).FindStringSubmatch(v)
	major, minor, patch := "1", "20", "0"
	if m != nil {
		major, minor = m[1], m[2]
		if m[3] != "" {
			patch = m[3]
		}
	}
	ver := "v" + major + "." + minor + "." + patch
	return kubeVersion{Version: ver, Major: major, Minor: minor, GitVersion: ver}
}

func chartObject(c *chart, isRoot bool) M {
	s := func(k string) string { x, _ := c.meta[k].(string); return x }
	o := M{
		"Name": c.name, "Version": s("version"), "AppVersion": s("appVersion"), "Description": s("description"), "Type": s("type"),
		"APIVersion": s("apiVersion"), "Home": s("home"), "Icon": s("icon"), "KubeVersion": s("kubeVersion"), "Condition": s("condition"),
		"Tags": s("tags"), "Keywords": c.meta["keywords"], "Sources": c.meta["sources"], "Annotations": c.meta["annotations"],
		"Deprecated": c.meta["deprecated"] == true, "IsRoot": isRoot,
	}
	return o
}

func render(job renderJob, apiDefaults []string) (out renderOut) {
	out.Docs = map[string][]string{}
	defer func() {
		if p := recover(); p != nil {
			out.Err = fmt.Sprint(p)
		}
	}()
	all, err := readDir(job.Chart)
	if err != nil {
		out.Err = err.Error()
		return
	}
	c, err := readChart(all)
	if err != nil {
		out.Err = err.Error()
		return
	}
	user := M{}
	for _, vf := range job.Values {
		b, err := os.ReadFile(vf)
		if err != nil {
			out.Err = err.Error()
			return
		}
		m := M{}
		if err := yaml.Unmarshal(b, &m); err != nil {
			out.Err = err.Error()
			return
		}
		user = mergeMaps(user, m)
	}
	for _, e := range job.Set {
		parseSet(user, e)
	}
	// conditions are evaluated on the coalesced values, then the enabled charts are coalesced again
	pre := coalesce(c, deepCopy(user).(M))
	processDeps(c, pre, "")
	vals := coalesce(c, deepCopy(user).(M))

	rel := job.Release
	if rel == "" {
		rel = "release-name"
	}
	ns := job.Namespace
	if ns == "" {
		ns = "default"
	}
	kv := job.KubeVersion
	if kv == "" {
		kv = "1.36.0"
	}
	release := M{"Name": rel, "Namespace": ns, "IsUpgrade": false, "IsInstall": true, "Revision": 1, "Service": "Helm"}
	caps := M{
		"KubeVersion": kubeVersionOf(kv),
		"APIVersions": versionSet(append(append([]string{}, apiDefaults...), job.APIVersions...)),
		"HelmVersion": M{"Version": "v4.2.4", "GitCommit": "", "GitTreeState": "", "GoVersion": "go1.24"},
	}
	type tplInfo struct {
		name    string
		src     string
		vals    M
		library bool // a library chart's templates are parsed, never rendered
	}
	var infos []tplInfo
	var visit func(c *chart, parent M, id string) M
	visit = func(c *chart, parent M, id string) M {
		next := M{"Chart": chartObject(c, parent == nil), "Files": files(c.files), "Release": release, "Capabilities": caps, "Subcharts": M{}}
		if parent == nil {
			next["Values"] = vals
		} else {
			next["Values"] = M{}
			if pv, ok := parent["Values"].(M); ok {
				name := c.name
				if c.alias != "" {
					name = c.alias
				}
				if v, ok := pv[name].(M); ok {
					next["Values"] = v
				}
			}
		}
		if job.IncludeCrds {
			for name, src := range c.files {
				if strings.HasPrefix(name, "crds/") {
					out.Docs[id+"/"+name] = yamlDocs(string(src))
				}
			}
		}
		lib := c.meta["type"] == "library"
		for name, src := range c.templates {
			infos = append(infos, tplInfo{name: id + "/" + name, src: string(src), vals: next, library: lib})
		}
		for _, d := range c.deps {
			name := d.name
			if d.alias != "" {
				name = d.alias
			}
			next["Subcharts"].(M)[name] = visit(d, next, id+"/charts/"+name)
		}
		return next
	}
	visit(c, nil, c.name)
	// Helm's order: deepest first, then reverse lexical
	sort.Slice(infos, func(i, j int) bool {
		a, b := strings.Count(infos[i].name, "/"), strings.Count(infos[j].name, "/")
		if a != b {
			return a > b
		}
		return infos[i].name > infos[j].name
	})
	r := &rng{s: 1}
	var t *template.Template
	includes := map[string]int{}
	t = template.New("gotpl").Option("missingkey=zero").Funcs(funcMap(r, &t, includes))
	for _, in := range infos {
		if _, err := t.New(in.name).Parse(in.src); err != nil {
			out.Err = err.Error()
			return
		}
	}
	for _, in := range infos {
		base := path.Base(in.name)
		if strings.HasPrefix(base, "_") || in.library {
			continue
		}
		in.vals["Template"] = M{"Name": in.name, "BasePath": in.name[:strings.LastIndex(in.name, "/templates/")+len("/templates")]}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, in.name, in.vals); err != nil {
			out.Err = err.Error()
			return
		}
		if strings.HasSuffix(in.name, "NOTES.txt") { // rendered (its `fail` and `required` count), never printed
			continue
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		out.Docs[in.name] = yamlDocs(text)
	}
	return
}

var sep = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

// yamlDocs splits a rendered template like Helm and turns each document into canonical JSON (nulls dropped).
func yamlDocs(text string) []string {
	var out []string
	for _, d := range sep.Split(text, -1) {
		if strings.TrimSpace(d) == "" {
			continue
		}
		j, err := yaml.YAMLToJSON([]byte(d))
		if err != nil {
			out = append(out, "ERROR: "+err.Error())
			continue
		}
		if string(j) == "null" {
			continue
		}
		var v interface{}
		_ = json.Unmarshal(j, &v)
		b, _ := json.Marshal(v)
		out = append(out, string(b))
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// ---------- snippets ----------

type snippet struct {
	Tpl  string          `json:"tpl"`
	Data json.RawMessage `json:"data"`
}
type snippetOut struct {
	Out string `json:"out"`
	Err string `json:"err,omitempty"`
}

// data: JSON numbers that are integers become int (as Go code would pass them), others float64.
func fromJSON(raw json.RawMessage) interface{} {
	if len(raw) == 0 {
		return M{}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		return M{}
	}
	var conv func(interface{}) interface{}
	conv = func(x interface{}) interface{} {
		switch t := x.(type) {
		case json.Number:
			if i, err := t.Int64(); err == nil && !strings.ContainsAny(t.String(), ".eE") {
				return int(i)
			}
			f, _ := t.Float64()
			return f
		case M:
			for k, y := range t {
				t[k] = conv(y)
			}
		case []interface{}:
			for i, y := range t {
				t[i] = conv(y)
			}
		}
		return x
	}
	return conv(v)
}

func runSnippet(s snippet) (o snippetOut) {
	defer func() {
		if p := recover(); p != nil {
			o.Err = fmt.Sprint(p)
		}
	}()
	r := &rng{s: 1}
	var t *template.Template
	t = template.New("snippet").Option("missingkey=zero").Funcs(funcMap(r, &t, map[string]int{}))
	if _, err := t.Parse(s.Tpl); err != nil {
		return snippetOut{Err: err.Error()}
	}
	var buf strings.Builder
	if err := t.Execute(&buf, fromJSON(s.Data)); err != nil {
		return snippetOut{Err: err.Error()}
	}
	return snippetOut{Out: strings.ReplaceAll(buf.String(), "<no value>", "")}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: goref snippets|charts|yaml2json < input.json")
		os.Exit(2)
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var result interface{}
	switch os.Args[1] {
	case "snippets":
		var ss []snippet
		if err := json.Unmarshal(in, &ss); err != nil {
			panic(err)
		}
		outs := make([]snippetOut, len(ss))
		for i, s := range ss {
			outs[i] = runSnippet(s)
		}
		result = outs
	case "charts":
		var req struct {
			APIVersions []string    `json:"defaultApiVersions"`
			Jobs        []renderJob `json:"jobs"`
		}
		if err := json.Unmarshal(in, &req); err != nil {
			panic(err)
		}
		outs := make([]renderOut, len(req.Jobs))
		for i, j := range req.Jobs {
			outs[i] = render(j, req.APIVersions)
		}
		result = outs
	case "yaml2json":
		var texts []string
		if err := json.Unmarshal(in, &texts); err != nil {
			panic(err)
		}
		outs := make([][]string, len(texts))
		for i, t := range texts {
			outs[i] = yamlDocs(t)
		}
		result = outs
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(result); err != nil {
		panic(err)
	}
}
