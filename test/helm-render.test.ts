// The native Helm renderer on our own fixture charts: source maps, failures, safety limits and Go template semantics.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDocument, isNode } from "yaml";
import { renderChart, renderTemplateString } from "../src/render/helm/index.js";
import type { RenderedDocument } from "../src/render/helm/index.js";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/helm/srcmap");
const tmp = mkdtempSync(path.join(os.tmpdir(), "shipshape-helm-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function chart(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [f, text] of Object.entries({ "Chart.yaml": `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`, ...files })) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

/** Where the value at `keys` in the rendered document came from. */
function origin(doc: RenderedDocument, keys: (string | number)[]) {
  const node = parseDocument(doc.text).getIn(keys, true);
  if (!isNode(node) || !node.range) throw new Error(`no node at ${keys.join(".")}`);
  const loc = doc.locate(node.range[0]);
  return loc && { file: loc.file, line: loc.line, value: loc.value && `${loc.value.file}:${loc.value.line}`, via: loc.via && `${loc.via.file}:${loc.via.line}` };
}

describe("source map", () => {
  const r = renderChart(FIXTURE, { releaseName: "rel" });
  const deploy = r.documents.find((d) => d.kind === "Deployment")!;

  it("renders the fixture without problems", () => {
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => `${d.source} ${d.kind}`)).toEqual(["srcmap/templates/deployment.yaml Deployment"]);
  });

  it("maps a value printed by toYaml | nindent to the template line, with the values-file line", () => {
    expect(origin(deploy, ["spec", "template", "spec", "containers", 0, "securityContext", "privileged"])).toEqual({ file: "templates/deployment.yaml", line: 16, value: "values.yaml:5", via: undefined });
    expect(origin(deploy, ["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"])).toEqual({ file: "templates/deployment.yaml", line: 16, value: "values.yaml:6", via: undefined });
  });

  it("maps text from an included helper to the helper's line, with the include call site", () => {
    expect(origin(deploy, ["metadata", "labels", "app.kubernetes.io/name"])).toEqual({ file: "templates/_helpers.tpl", line: 2, value: undefined, via: "templates/deployment.yaml:6" });
    expect(origin(deploy, ["spec", "template", "spec", "hostPID"])).toEqual({ file: "templates/_helpers.tpl", line: 7, value: undefined, via: "templates/deployment.yaml:10" });
  });

  it("maps a scalar from .Values to the action's line and the values line", () => {
    expect(origin(deploy, ["spec", "template", "spec", "hostNetwork"])).toEqual({ file: "templates/deployment.yaml", line: 11, value: "values.yaml:7", via: undefined });
    expect(origin(deploy, ["spec", "template", "spec", "containers", 0, "name"])).toEqual({ file: "templates/deployment.yaml", line: 13, value: undefined, via: undefined });
  });

  it("maps by rendered line too", () => {
    const line = deploy.text.split("\n").findIndex((l) => l.includes("hostNetwork")) + 1;
    expect(deploy.locateLine(line)).toMatchObject({ file: "templates/deployment.yaml", line: 11 });
  });
});

describe("failures", () => {
  it("reports fail at the template line, as a problem, and renders the rest", () => {
    const r = renderChart(FIXTURE, { valueFiles: [{ path: "ci/fail-values.yaml", text: "mustFail: true\n" }] });
    expect(r.problems.map((p) => [p.code, p.at?.file, p.at?.line])).toEqual([["fail", "templates/fail.yaml", 2]]);
    expect(r.documents.map((d) => d.kind)).toEqual(["Deployment"]);
  });

  it("reports a parse error at its line", () => {
    const dir = chart("broken", { "templates/cm.yaml": "a: 1\nb: {{ .Values.x \n" });
    expect(renderChart(dir).problems.map((p) => [p.code, p.at?.file, p.at?.line])).toEqual([["parse-error", "templates/cm.yaml", 2]]);
  });

  it("reports a missing dependency and renders what is vendored", () => {
    const dir = chart("withdep", {
      "Chart.yaml": "apiVersion: v2\nname: withdep\nversion: 0.1.0\ndependencies:\n  - name: gone\n    version: 1.0.0\n    repository: https://example.com\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    });
    const r = renderChart(dir);
    expect(r.problems.map((p) => [p.severity, p.code])).toEqual([["warning", "missing-dependency"]]);
    expect(r.documents.map((d) => d.kind)).toEqual(["ConfigMap"]);
  });
});

describe("safety", () => {
  it("bounds include recursion", () => {
    const dir = chart("recursive", { "templates/x.yaml": '{{- define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}\n' });
    const t = Date.now();
    const r = renderChart(dir);
    expect(r.problems.map((p) => p.code)).toEqual(["limit"]);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it("bounds output size and time", () => {
    const dir = chart("huge", { "templates/x.yaml": "{{ range until 1000000 }}{{ range until 1000000 }}xxxxxxxxxx{{ end }}{{ end }}\n" });
    const t = Date.now();
    const r = renderChart(dir, { limits: { timeMs: 2000, maxOutputBytes: 1_000_000 } });
    expect(r.problems.map((p) => p.code)).toEqual(["limit"]);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it("reads no file outside the chart, has no env, and lookup is empty", () => {
    const outside = path.join(tmp, "secret.txt");
    writeFileSync(outside, "top secret");
    const dir = chart("files", {
      "templates/cm.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  inside: {{ .Files.Get "data/a.txt" | quote }}\n  link: {{ .Files.Get "data/link.txt" | quote }}\n  up: {{ .Files.Get "../secret.txt" | quote }}\n  lookup: {{ lookup "v1" "Secret" "ns" "name" | toJson | quote }}\n',
      "data/a.txt": "hello",
    });
    symlinkSync(outside, path.join(dir, "data/link.txt"));
    const r = renderChart(dir);
    expect(r.problems).toEqual([]);
    expect(parseDocument(r.documents[0]!.text).toJSON()).toMatchObject({ data: { inside: "hello", link: "", up: "", lookup: "{}" } });
    const envChart = chart("env", { "templates/x.yaml": '{{ env "HOME" }}\n' });
    expect(renderChart(envChart).problems.map((p) => p.message)).toEqual([expect.stringContaining('function "env" not defined')]);
  });

  it("is deterministic: random, time and certificates are fixed per render", () => {
    const dir = chart("random", { "templates/s.yaml": 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  pw: {{ randAlphaNum 16 }}\n  at: {{ now | date "2006" }}\n  ca: {{ (genCA "x" 365).Cert | b64enc }}\n' });
    expect(renderChart(dir).manifest).toBe(renderChart(dir).manifest);
  });
});

describe("Go template semantics", () => {
  // expected outputs are what Go's text/template + Sprig print for these snippets
  const cases: [string, string][] = [
    ["{{ 1000000.0 }}|{{ 3.0 }}|{{ 0.1 }}|{{ 1e21 }}|{{ 123456789.0 }}", "1e+06|3|0.1|1e+21|1.23456789e+08"],
    ['{{ printf "%d %5.2f %s %q %v %x %-4s|" 42 3.14159 "a" "b\\n" (list 1 "x") 255 "ab" }}', '42  3.14 a "b\\n" [1 x] ff ab  |'],
    ['{{ printf "%v %v" (dict "b" 2 "a" 1) nil }}', "map[a:1 b:2] <nil>"],
    ["{{ print 1 2 \"a\" 3 }}", "1 2a3"],
    ["{{- /* c */ -}} a {{- 1 -}} b", "a1b"],
    ["{{ range $i, $v := list \"a\" \"b\" }}{{ $i }}={{ $v }};{{ else }}none{{ end }}", "0=a;1=b;"],
    ["{{ range $k, $v := dict \"z\" 1 \"a\" 2 }}{{ $k }}{{ $v }}{{ end }}", "a2z1"],
    ["{{ range list }}x{{ else }}empty{{ end }}", "empty"],
    ["{{ range $i := until 5 }}{{ if eq $i 3 }}{{ break }}{{ end }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }}{{ end }}", "02"],
    ["{{ range 3 }}{{ . }}{{ end }}", "012"],
    ['{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" "x" }}{{ block "b" 2 }}<{{ . }}>{{ end }}', "[x]<2>"],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}', "2"],
    ["{{ if and 1 0 }}a{{ else if or 0 \"\" }}b{{ else }}c{{ end }}{{ and 1 \"x\" }}{{ or 0 \"\" }}", "cx"],
    ['{{ with $v := "q" }}{{ $v }}{{ . }}{{ end }}{{ with "" }}no{{ else }}yes{{ end }}', "qqyes"],
    ['{{ eq 1 1 }} {{ ne "a" "b" }} {{ lt 1 2 }} {{ eq "a" "b" "a" }} {{ not 0 }} {{ len "héllo" }}', "true true true true true 6"],
    ['{{ index (list 1 2 3) 1 }} {{ index (dict "a" (dict "b" "c")) "a" "b" }} {{ slice "abcdef" 1 3 }}', "2 c bc"],
    ['{{ default "d" "" }} {{ default "d" "v" }} {{ empty (list) }} {{ coalesce "" 0 "x" }} {{ ternary "y" "n" true }}', "d v true x y"],
    ['{{ upper "ab" }} {{ title "hello world" }} {{ trunc 3 "abcdef" }} {{ trimSuffix "-" "a-" }} {{ replace "a" "b" "aaa" }} {{ repeat 2 "ab" }}', "AB Hello World abc a bbb abab"],
    ['{{ quote "a" }} {{ squote "b" }} {{ "x\\ny" | indent 2 }}|{{ "z" | nindent 1 }}', "\"a\" 'b'   x\n  y|\n z"],
    ['{{ add 1 2 3 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 3 }} {{ max 1 5 3 }} {{ add1 "4" }} {{ int "12" }} {{ float64 "1.5" }}', "6 3 6 3 1 5 5 12 1.5"],
    ['{{ splitList "," "a,b" | join "-" }} {{ list "b" "a" | sortAlpha }} {{ list 1 1 2 | uniq }} {{ has 2 (list 1 2) }} {{ without (list 1 2 3) 2 }}', "a-b [a b] [1 2] true [1 3]"],
    ['{{ toJson (dict "a" 1 "b" (list "<x>" true nil)) }}', '{"a":1,"b":["\\u003cx\\u003e",true,null]}'],
    ['{{ toYaml (dict "b" (list 1 "on" "1.0") "a" (dict "x" "multi\\nline") "c" "") }}', 'a:\n  x: |-\n    multi\n    line\nb:\n- 1\n- "on"\n- "1.0"\nc: ""'],
    ['{{ $d := fromYaml "a: 1\\nb: [x, yes]" }}{{ $d.a }} {{ kindOf $d.a }} {{ index $d.b 1 }}', "1 float64 true"],
    ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexFind "[0-9]+" "ab12c" }} {{ regexMatch "^v[0-9]" "v1" }}', "-W-xxW- 12 true"],
    ['{{ semverCompare ">=1.21.0-0" "v1.29.3" }} {{ semverCompare "^1.2" "1.3.0" }} {{ semverCompare "~1.2.3" "1.3.0" }} {{ (semver "1.2.3-rc.1").Prerelease }}', "true true false rc.1"],
    ['{{ b64enc "hi" }} {{ b64dec "aGk=" }} {{ sha256sum "x" | trunc 8 }} {{ adler32sum "abc" }}', "aGk= hi 2d711642 38600999"],
    ['{{ $m := dict "a" (dict "x" 1) }}{{ $_ := merge $m (dict "a" (dict "y" 2) "b" 3) }}{{ toJson $m }} {{ toJson (mergeOverwrite (dict "a" 1) (dict "a" 2)) }}', '{"a":{"x":1,"y":2},"b":3} {"a":2}'],
    ['{{ dig "a" "b" "def" (dict "a" (dict "b" "found")) }} {{ dig "a" "z" "def" (dict "a" (dict "b" "found")) }}', "found def"],
    ["{{ .missing }}|{{ (.missing).deeper | default \"d\" }}|{{ $v := .missing }}{{ $v.x }}", "|d|"],
  ];

  it.each(cases)("%s", (src, want) => {
    expect(renderTemplateString(src)).toEqual({ text: want, error: null });
  });

  it("prints agreement figures", () => {
    const ok = cases.filter(([src, want]) => renderTemplateString(src).text === want).length;
    console.log(`go template snippets: ${ok}/${cases.length} agree with Go's output`);
    expect(ok).toBe(cases.length);
  });

  it("errors like Go on a nil map entry in a field chain", () => {
    const d = chart("nilchain", { "templates/x.yaml": "{{ .Values.a.b }}\n" });
    expect(renderChart(d).problems.map((p) => p.message)).toEqual([expect.stringContaining("nil pointer evaluating interface {}.b")]);
  });
});
