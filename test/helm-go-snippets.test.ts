// A generated suite of template snippets run through our engine and through the Go reference (Go's text/template +
// Sprig 3.2.3 + Helm's functions): pipelines, range/else over maps and lists, with, define/template/block,
// variables, trim markers, mixed int/float comparisons, printf verbs, number printing, and Sprig's string, list,
// dict, semver and regex functions. Outputs must be equal (errors: both sides fail); the agreement is printed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderTemplateString } from "../src/render/helm/index.js";
import { buildGoReference, goAvailable, runGoReference } from "./go-reference/build.js";

const CI = process.env.CI === "true";
const goMissing = goAvailable();
if (goMissing && CI) throw new Error(`the Go differential oracle needs Go: ${goMissing}`);

type Data = Record<string, unknown>;

/** JSON for the reference: bigints are Go ints, numbers are float64 (always written with a fraction or exponent). */
function goJson(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") {
    const s = JSON.stringify(v);
    return /[.eE]/.test(s) ? s : `${s}.0`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${goJson(x)}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}

const DATA: Data = {
  s: "  Hello, World  ", w: "hello_world-foo bar", e: "", i: 42n, n: -7n, z: 0n, f: 2.5, g: 3.0, h: 1e-7, big: 123456789.0, huge: 1e21,
  t: true, no: false, nil: null,
  l: ["b", "a", "c", "a"], nums: [3n, 1n, 2n], fl: [1.5, 2.0], el: [], mixed: ["x", 1n, 2.5, true, null],
  m: { b: 2n, a: 1n, c: "three" }, em: {}, nested: { a: { b: { c: "deep" } }, list: [{ name: "x" }, { name: "y" }] },
  v: "1.2.3", pre: "2.0.0-rc.1",
};

/** Template bodies, combined with the data above. */
function snippets(): string[] {
  const out: string[] = [];
  // pipelines and string functions over several inputs
  const strFns = ["upper", "lower", "title", "untitle", "trim", "quote", "squote", "nospace", "snakecase", "camelcase", "kebabcase", "swapcase",
    "initials", "b64enc", "b32enc", "sha1sum", "sha256sum", "adler32sum", "len", "toString", "trimAll \"_\"", "trimPrefix \"  He\"", "trimSuffix \"d  \"",
    "trunc 5", "trunc -3", "abbrev 8", "repeat 2", "wrap 5", "plural \"one\" \"many\"", "indent 2", "nindent 2", "replace \"l\" \"L\"", "contains \"World\"",
    "hasPrefix \"  H\"", "hasSuffix \"  \"", "substr 2 7", "splitList \",\"", "split \"o\"", "regexQuoteMeta", "urlquery", "shellQuote"];
  for (const fn of strFns) for (const x of [".s", ".w", ".e"]) out.push(`{{ ${x} | ${fn} }}`);
  out.push("{{ .s | trim | lower | replace \" \" \"-\" | quote }}", "{{ .w | splitList \"_\" | join \"+\" }}", "{{ cat .s .w .i .f }}",
    "{{ printf \"%s-%d\" .w .i | upper | trunc 12 | trimSuffix \"-\" }}", "{{ .i | toString | len }}", "{{ .s | b64enc | b64dec }}");
  // range/else over maps and lists, break/continue
  for (const x of [".l", ".m", ".el", ".em", ".nums", ".nil", ".nested.list", ".mixed"]) {
    out.push(`{{ range ${x} }}[{{ . }}]{{ else }}empty{{ end }}`, `{{ range $k, $v := ${x} }}{{ $k }}={{ $v }};{{ else }}none{{ end }}`,
      `{{- range $i, $v := ${x} }}{{ if eq (toString $i) "1" }}{{ continue }}{{ end }}{{ $v }},{{ end }}`);
  }
  out.push("{{ range $i, $e := until 5 }}{{ if gt $i 2 }}{{ break }}{{ end }}{{ $e }}{{ end }}", "{{ range .nested.list }}{{ .name }}{{ end }}");
  // with, if/else if, variables and scoping
  for (const x of [".m", ".em", ".e", ".s", ".z", ".nil", ".nested.a", ".t", ".no", ".el"]) {
    out.push(`{{ with ${x} }}yes:{{ . }}{{ else }}no{{ end }}`, `{{ if ${x} }}T{{ else if .t }}E{{ else }}F{{ end }}`);
  }
  out.push("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "{{ $x := 1 }}{{ with .m }}{{ $x := 5 }}{{ $x }}{{ end }}{{ $x }}",
    "{{ range $k, $v := .m }}{{ $k }}{{ end }}{{ $ := . }}{{ $.i }}", "{{ with $x := .m.a }}{{ $x }}{{ end }}", "{{ $y := .nested.a.b.c }}{{ $y | upper }}");
  // define, template, block, include, tpl
  out.push('{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" .i }}{{ template "t" }}', '{{ block "b" .w }}<{{ . }}>{{ end }}',
    '{{ define "x" }}{{ .a }}-{{ .b }}{{ end }}{{ include "x" (dict "a" 1 "b" "two") | upper }}', '{{ tpl "{{ .w }}/{{ .i }}" . }}',
    '{{ define "n" }}  spaced  {{ end }}{{ include "n" . | trim }}|{{ include "n" . | nindent 2 }}');
  // trim markers, comments, raw strings
  out.push("a  {{- .i -}}  b", "a {{- /* c */ -}} b", "{{ `raw\\n{{x}}` }}", "{{ \"esc\\t\\u00e9\" }}", "x\n  {{- if .t }}\n  y\n  {{- end }}\nz", "{{- \" a \" -}}");
  // comparisons of mixed int/float, and/or/not
  const cmps = ["eq", "ne", "lt", "le", "gt", "ge"];
  const pairs = [["1", "1"], ["1", "1.0"], [".i", "42"], [".f", "2.5"], [".g", "3"], [".i", ".f"], ["\"a\"", "\"b\""], [".nil", ".nil"], [".e", "\"\""], ["1", "\"1\""]];
  for (const c of cmps) for (const [a, b] of pairs) out.push(`{{ ${c} ${a} ${b} }}`);
  out.push("{{ eq .i 1 2 42 }}", "{{ and 1 0 \"x\" }}", "{{ or .e .nil .w }}", "{{ not .el }}", "{{ and .t .no }}");
  // printf verbs and number printing
  const verbs = ["%d", "%5d", "%-5d|", "%05d", "%+d", "%x", "%X", "%o", "%b", "%c", "%q", "%v", "%T", "%s", "%e", "%E", "%f", "%.2f", "%8.3f", "%g", "%G", "%t", "%%"];
  for (const v of verbs) for (const x of [".i", ".f", ".w", ".t", ".nums", ".m"]) out.push(`{{ printf "${v}" ${x} }}`);
  for (const x of [".i", ".n", ".f", ".g", ".h", ".big", ".huge", "1e6", "1.5e300", "0.1", "3.0", "0x1F", "1_000", "'a'", "-0.0", "1e21", "123456789012345678"]) out.push(`{{ ${x} }}`, `{{ ${x} | toString }}`, `{{ toJson ${x} }}`);
  out.push("{{ div 7 2 }}", "{{ divf 7 2 }}", "{{ mod 7 3 }}", "{{ mul 3 4 5 }}", "{{ mulf 1.1 3 }}", "{{ add .i .f }}", "{{ addf .i .f }}", "{{ sub 1 .f }}", "{{ subf 1 .f }}",
    "{{ add1 .f }}", "{{ float64 3 }}", "{{ int \"12\" }}", "{{ int64 .f }}", "{{ atoi \"x\" }}", "{{ round 2.555 2 }}", "{{ ceil 1.2 }}", "{{ floor -1.5 }}",
    "{{ max 1 5 3 }}", "{{ min 4 .n }}", "{{ maxf 1.5 2 }}", "{{ minf 1 .f }}", "{{ len .l }}", "{{ until 3 }}", "{{ untilStep 0 10 3 }}", "{{ seq 1 3 }}", "{{ seq 5 -1 1 }}",
    "{{ 3 | add 4 | mul 2 }}", "{{ toDecimal \"0777\" }}", "{{ .i | float64 | printf \"%v\" }}");
  // lists
  out.push("{{ first .l }}", "{{ rest .l }}", "{{ last .l }}", "{{ initial .l }}", "{{ append .l \"d\" }}", "{{ prepend .l \"z\" }}", "{{ concat .l .nums }}",
    "{{ reverse .l }}", "{{ uniq .l }}", "{{ without .l \"a\" }}", "{{ has \"a\" .l }}", "{{ compact .mixed }}", "{{ slice .l 1 3 }}", "{{ sortAlpha .l }}",
    "{{ list 1 \"a\" 2.5 | toJson }}", "{{ join \",\" .nums }}", "{{ .l | join \"-\" | upper }}", "{{ chunk 2 .l }}", "{{ index .l 1 }}", "{{ index .nested.list 0 \"name\" }}",
    "{{ first .el }}", "{{ toStrings .nums }}", "{{ tuple 1 2 }}", "{{ mustFirst .l }}");
  // dicts
  out.push("{{ dict \"b\" 1 \"a\" 2 }}", "{{ get .m \"a\" }}", "{{ get .m \"zz\" }}", "{{ hasKey .m \"b\" }}", "{{ keys .m | sortAlpha }}", "{{ values .m | len }}",
    "{{ pick .m \"a\" \"c\" }}", "{{ omit .m \"a\" }}", "{{ pluck \"a\" .m (dict \"a\" 9) }}", "{{ dig \"a\" \"b\" \"c\" \"dflt\" .nested }}", "{{ dig \"x\" \"y\" \"dflt\" .nested }}",
    "{{ $d := dict \"x\" 1 }}{{ $_ := set $d \"y\" 2 }}{{ $d }}", "{{ $d := dict \"x\" 1 \"y\" 2 }}{{ $_ := unset $d \"x\" }}{{ $d }}",
    "{{ merge (dict \"a\" 1) (dict \"a\" 2 \"b\" 3) | toJson }}", "{{ mergeOverwrite (dict \"a\" 1) (dict \"a\" 2 \"b\" 3) | toJson }}", "{{ deepCopy .m | toJson }}",
    "{{ .m | toYaml }}", "{{ .nested | toYaml }}", "{{ .nested | toJson }}", "{{ .nested | toPrettyJson }}", "{{ (fromYaml \"a: 1\\nb: [x, y]\").b }}", "{{ fromJson \"{\\\"a\\\":1.5}\" }}",
    "{{ .m.a }}", "{{ .m.zz }}", "{{ .nope.deeper }}", "{{ default \"d\" .e }}", "{{ default \"d\" .z }}", "{{ default \"d\" .el }}", "{{ coalesce .e .nil .w }}", "{{ empty .em }}",
    "{{ ternary \"y\" \"n\" .t }}", "{{ typeOf .i }}{{ typeOf .f }}{{ typeOf .m }}{{ typeOf .l }}", "{{ kindIs \"map\" .m }}", "{{ typeIs \"string\" .w }}");
  // semver and regex
  out.push("{{ semverCompare \">=1.2.0\" .v }}", "{{ semverCompare \"^1.0\" .v }}", "{{ semverCompare \"~1.2\" \"1.3.0\" }}", "{{ semverCompare \">=2.0.0-0\" .pre }}",
    "{{ semverCompare \">=1.21-0\" \"v1.29.0\" }}", "{{ (semver .v).Major }}", "{{ (semver .pre).Prerelease }}", "{{ semverCompare \"1.2.x\" \"1.2.9\" }}",
    "{{ regexMatch \"^[a-z]+_\" .w }}", "{{ regexFindAll \"o.\" .w -1 }}", "{{ regexFind \"[0-9]+\" \"abc123def\" }}", "{{ regexReplaceAll \"(o)\" .w \"[$1]\" }}",
    "{{ regexReplaceAllLiteral \"o\" .w \"$1\" }}", "{{ regexSplit \"[_ -]\" .w -1 }}", "{{ regexFindAll \"a\" \"banana\" 2 }}", "{{ mustRegexMatch \"^x\" \"xy\" }}");
  // dates on the fixed clock, misc
  out.push("{{ now | date \"2006-01-02T15:04:05Z07:00\" }}", "{{ now | unixEpoch }}", "{{ now | date \"Mon Jan 2 15:04:05 2006\" }}", "{{ dateInZone \"15:04\" now \"UTC\" }}",
    "{{ randAlphaNum 10 | len }}", "{{ uuidv4 | len }}", "{{ .w | sha256sum | trunc 8 }}", "{{ list .w .i | toJson | b64enc }}", "{{ fail \"boom\" }}", "{{ required \"need\" .e }}",
    "{{ .missing }}", "{{ nil }}", "{{ .i.x }}", "{{ index .m \"a\" \"b\" }}", "{{ len 3 }}", "{{ lt 1 2.5 }}", "{{ printf \"%d\" }}", "{{ printf \"%!\" 1 }}");
  return out;
}

/** Known drifts between Debian's Go 1.19 / Sprig 3.2.3 and current Helm (Go 1.24, Sprig 3.3), by snippet. */
const KNOWN_DRIFTS = new Map<string, string>([
  ['{{ .s | snakecase }}', "Sprig 3.3 moved to huandu/xstrings 1.5 (3.2.3 uses 1.3.3), whose case conversions split words on spaces and punctuation and trim them; we follow current Helm"],
  ['{{ .s | camelcase }}', "Sprig 3.3 moved to huandu/xstrings 1.5 (3.2.3 uses 1.3.3), whose case conversions split words on spaces and punctuation and trim them; we follow current Helm"],
  ['{{ .w | camelcase }}', "Sprig 3.3 moved to huandu/xstrings 1.5 (3.2.3 uses 1.3.3), whose case conversions split words on spaces and punctuation and trim them; we follow current Helm"],
  ['{{ .s | kebabcase }}', "Sprig 3.3 moved to huandu/xstrings 1.5 (3.2.3 uses 1.3.3), whose case conversions split words on spaces and punctuation and trim them; we follow current Helm"],
  ['{{ printf "%05d" .t }}', "Go 1.23 stopped zero-padding strings and bools under the 0 flag (golang/go#56486, as fmt's doc always said); Go 1.19 pads them with zeros; we follow current Go"],
  ['{{ printf "%05d" .m }}', "Go 1.23 stopped zero-padding strings and bools under the 0 flag (golang/go#56486, as fmt's doc always said); Go 1.19 pads them with zeros; we follow current Go"],
]);

/**
 * Disagreements found by this suite that are ours to fix (not version drifts), one per snippet; listed so that
 * every other snippet is held to agreement meanwhile. Regenerate with SHIPSHAPE_WRITE_PENDING=1.
 */
const PENDING_FILE = path.join(import.meta.dirname, "go-reference", "pending-snippets.json");
const PENDING = new Set<string>(existsSync(PENDING_FILE) ? (JSON.parse(readFileSync(PENDING_FILE, "utf8")) as string[]) : []);

describe.skipIf(!!goMissing && !CI)("Go differential oracle: generated template snippets", () => {
  const all = snippets();
  let goOut: { out: string; err?: string }[] = [];
  beforeAll(() => {
    const ref = buildGoReference();
    if (!ref.bin) throw new Error(ref.reason);
    const json = `[${all.map((tpl) => `{"tpl":${JSON.stringify(tpl)},"data":${goJson(DATA)}}`).join(",")}]`;
    goOut = runGoReference(ref.bin, "snippets", json);
  }, 120_000);

  it("agree with Go", () => {
    const diffs: string[] = [];
    const failing: string[] = [];
    let agree = 0;
    all.forEach((tpl, i) => {
      const ours = renderTemplateString(tpl, DATA);
      const go = goOut[i] ?? { out: "" };
      const same = ours.error !== null || go.err ? (ours.error !== null) === !!go.err : ours.text === go.out;
      if (same) agree++;
      else failing.push(tpl);
      if (!same && (process.env.SHIPSHAPE_SHOW_PENDING === "1" || (!KNOWN_DRIFTS.has(tpl) && !PENDING.has(tpl)))) diffs.push(`${tpl}\n    go:   ${go.err ? `ERROR ${go.err}` : JSON.stringify(go.out)}\n    ours: ${ours.error !== null ? `ERROR ${ours.error}` : JSON.stringify(ours.text)}`);
    });
    if (process.env.SHIPSHAPE_WRITE_PENDING === "1") writeFileSync(PENDING_FILE, `${JSON.stringify(failing.filter((t) => !KNOWN_DRIFTS.has(t)), null, 2)}\n`);
    console.log(`go oracle (snippets): ${agree}/${all.length} agree (${((100 * agree) / all.length).toFixed(1)} %), ${KNOWN_DRIFTS.size} known drifts, ${PENDING.size} pending fixes`);
    expect(diffs).toEqual([]);
  });
});
