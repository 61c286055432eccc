import { describe, expect, it } from "vitest";
import type { Finding, LintResult } from "../src/engine/types.js";
import type { Level } from "../src/rule-api.js";
import { FORMAT_NAMES, formatResult, isFormatName } from "../src/report/index.js";
import { escapeData, escapeProperty } from "../src/report/github.js";
import { MARKDOWN_MAX_BYTES } from "../src/report/markdown.js";
import { toolVersion } from "../src/version.js";
import { fakeFinding, makeResult, sampleResult } from "./helpers/result-factory.js";

const ESC = "\u001b[";
const ANSI_SGR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g");

function manyFindings(counts: Partial<Record<Level, number>>, extra: Partial<Finding> = {}): Finding[] {
  const out: Finding[] = [];
  let line = 1;
  for (const level of ["note", "warning", "error"] as const) {
    for (let i = 0; i < (counts[level] ?? 0); i++) {
      out.push(fakeFinding({ level, message: `${level} number ${i}`, line, endLine: line, fingerprint: `${level}-${i}`, ...extra }));
      line++;
    }
  }
  return out;
}

describe("formatResult", () => {
  it("knows every format", () => {
    expect(FORMAT_NAMES).toEqual(["stylish", "json", "sarif", "github", "markdown"]);
    expect(isFormatName("sarif")).toBe(true);
    expect(isFormatName("xml")).toBe(false);
    for (const name of FORMAT_NAMES) {
      const out = formatResult(name, sampleResult());
      expect(out.endsWith("\n"), name).toBe(true);
      expect(formatResult(name, sampleResult()), name).toBe(out);
    }
  });
});

describe("json formatter", () => {
  const report = (result: LintResult) => JSON.parse(formatResult("json", result)) as Record<string, unknown>;

  it("follows the contract's keys and key order", () => {
    const out = report(sampleResult({ errors: [{ file: null, message: "rule threw: boom", ruleId: "yaml-syntax" }] }));
    expect(Object.keys(out)).toEqual(["tool", "findings", "notifications", "errors", "stats"]);
    expect(out["tool"]).toEqual({ name: "shipshape", version: toolVersion() });
    const findings = out["findings"] as Record<string, unknown>[];
    expect(findings).toHaveLength(5);
    const contractKeys = [
      "ruleId", "level", "message", "file", "line", "column", "endLine", "endColumn",
      "resource", "path", "fingerprint", "suppressed", "suppressions", "related",
    ];
    for (const f of findings) expect(Object.keys(f).slice(0, contractKeys.length)).toEqual(contractKeys);
    expect(Object.keys(findings[2]!)).toEqual([...contractKeys, "helmSource"]);
    expect(findings[0]!["resource"]).toBeNull();
    expect(findings[0]!["path"]).toBeNull();
    expect(Object.keys(findings[1]!["resource"] as object)).toEqual(["apiVersion", "kind", "namespace", "name"]);
    expect(findings[1]!["suppressions"]).toEqual([
      { kind: "external", source: "exception", justification: "needs the host network to read node metrics" },
    ]);
    expect(Object.keys((findings[2]!["related"] as object[])[0]!)).toEqual(["file", "line", "column", "message", "endLine", "endColumn"]);
    expect(out["notifications"]).toEqual([
      { level: "note", file: null, line: null, message: "kustomize was not found; kustomizations were linted as plain files", id: "renderer-missing" },
      { level: "warning", file: "big/dump.yaml", line: null, message: "skipped: larger than 10485760 bytes", id: "file-too-large" },
    ]);
    expect(out["errors"]).toEqual([{ file: null, message: "rule threw: boom", ruleId: "yaml-syntax" }]);
    expect(out["stats"]).toEqual({ files: 3, documents: 5, resources: 4, durationMs: 0 });
  });

  it("is pretty-printed with 2 spaces and a trailing newline, and leaks nothing internal", () => {
    const text = formatResult("json", sampleResult());
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(text).not.toContain("srcRoot");
    expect(text).not.toContain("/home/runner");
    const clean = report(makeResult());
    expect(clean["findings"]).toEqual([]);
    expect(clean["errors"]).toEqual([]);
  });
});

describe("stylish formatter", () => {
  it("groups by file, one `file:line:col  level  rule-id  message` per finding, then the summary", () => {
    expect(formatResult("stylish", sampleResult())).toBe(
      [
        "apps/broken.yaml",
        "  apps/broken.yaml:4:1  error  yaml-syntax  unexpected end of the stream within a flow collection",
        "",
        "apps/web/deployment.yaml",
        '  apps/web/deployment.yaml:20:18  warning  image-tag-mutable     container "app" uses image "nginx:latest"; pin a digest or an immutable tag',
        '  apps/web/deployment.yaml:23:11  error    privileged-container  container "app" sets securityContext.privileged: true',
        "",
        "apps/web/service.yaml",
        '  apps/web/service.yaml:5:5  note  unused-suppression  the suppression of "run-as-non-root" matches nothing',
        "",
        "✖ 4 problems (2 errors, 1 warning, 1 note)",
        "  1 suppressed finding not shown",
        "",
        "Notifications:",
        "  note     kustomize was not found; kustomizations were linted as plain files  (renderer-missing)",
        "  warning  big/dump.yaml  skipped: larger than 10485760 bytes  (file-too-large)",
        "",
      ].join("\n"),
    );
  });

  it("colours only when asked", () => {
    expect(formatResult("stylish", sampleResult())).not.toContain(ESC);
    const coloured = formatResult("stylish", sampleResult(), { color: true });
    expect(coloured).toContain(`${ESC}31merror`);
    expect(coloured).toContain(`${ESC}33mwarning`);
    // Stripping the escapes gives the plain output back.
    expect(coloured.replace(ANSI_SGR, "")).toBe(formatResult("stylish", sampleResult()));
  });

  it("shows suppressed findings only on request, with their justification", () => {
    const out = formatResult("stylish", sampleResult(), { showSuppressed: true });
    expect(out).toContain(
      "  apps/monitoring/node exporter [v1].yaml:12:7  error (suppressed)  host-namespaces  pod sets hostNetwork: true — needs the host network to read node metrics",
    );
    expect(out).toContain("  1 suppressed finding shown above");
    expect(formatResult("stylish", sampleResult())).not.toContain("host-namespaces");
  });

  it("in quiet mode shows only errors, but always the run errors", () => {
    const out = formatResult("stylish", sampleResult({ errors: [{ file: "x.yaml", message: "rule threw: boom", ruleId: "yaml-syntax" }] }), {
      quiet: true,
    });
    expect(out).not.toMatch(/image-tag-mutable|unused-suppression|Notifications/);
    expect(out).toContain("✖ 2 problems (2 errors, 0 warnings, 0 notes)");
    expect(out).toContain("Errors:\n  error  x.yaml  rule threw: boom  (yaml-syntax)\n");
  });

  it("says so when clean", () => {
    expect(formatResult("stylish", makeResult())).toBe("✔ No problems found (3 files, 4 resources)\n");
  });
});

describe("github formatter", () => {
  it("escapes data and properties", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    const out = formatResult(
      "github",
      makeResult({ findings: [fakeFinding({ file: "odd,name:x.yaml", message: "50% of\nit", fingerprint: "e1" })] }),
    );
    expect(out).toBe(
      "::error file=odd%2Cname%3Ax.yaml,line=23,col=11,endLine=23,endColumn=27," +
        "title=privileged-container%3A Privileged containers are disallowed::50%25 of%0Ait\n",
    );
  });

  it("prints at most 10 per level, most severe first, unsuppressed only, then how many were not shown", () => {
    const findings = manyFindings({ error: 25, warning: 15, note: 15 });
    findings.push(fakeFinding({ level: "error", suppressed: true, message: "suppressed one", fingerprint: "s1" }));
    const lines = formatResult("github", makeResult({ findings })).trimEnd().split("\n");
    const levels = lines.map((l) => /^::(\w+)/.exec(l)![1]);
    expect(levels).toEqual([...Array(10).fill("error"), ...Array(10).fill("warning"), ...Array(10).fill("notice")]);
    expect(lines[0]).toMatch(/::error number 0$/);
    expect(lines[9]).toMatch(/::error number 9$/);
    expect(lines[28]).toMatch(/::note number 8$/);
    expect(lines.join("\n")).not.toContain("suppressed one");
    // 15 errors, 5 warnings and 6 notes are not shown: a notice slot is kept for the summary.
    expect(lines[29]).toBe(
      "::notice title=shipshape::55 problems (25 errors, 15 warnings, 15 notes), 1 suppressed; 26 annotations not shown " +
        "(GitHub shows at most 10 per level in a step). The job summary or the SARIF report lists them all.",
    );
  });

  it("puts places GitHub cannot annotate into the message, and prints nothing when clean", () => {
    const out = formatResult(
      "github",
      makeResult({ cwd: "/home/runner/work/demo/demo/apps", findings: [fakeFinding({ file: "../../other/x.yaml", level: "warning", fingerprint: "o1" })] }),
    );
    expect(out).toMatch(/^::warning title=privileged-container%3A [^:]*::\.\.\/\.\.\/other\/x\.yaml:23: container/);
    expect(formatResult("github", makeResult())).toBe("");
  });

  it("with quiet, only errors", () => {
    const out = formatResult("github", makeResult({ findings: manyFindings({ error: 2, warning: 3, note: 3 }) }), { quiet: true });
    expect(out.trimEnd().split("\n").map((l) => l.slice(0, 8))).toEqual(["::error ", "::error "]);
  });
});

describe("markdown formatter", () => {
  it("summarises counts by severity and by rule, then the findings", () => {
    const out = formatResult("markdown", sampleResult());
    expect(out).toContain("❌ **4 problems** (2 errors, 1 warning, 1 note) in 3 files (4 resources).");
    expect(out).toContain("| 🔴 error | 2 |\n| 🟡 warning | 1 |\n| 🔵 note | 1 |\n| suppressed | 1 |");
    expect(out).toContain("| [`host-namespaces`](https://shipshape.dev/rules/host-namespaces) | 🔴 error | 0 | 1 |");
    expect(out).toContain('| 🔴 error | `privileged-container` | `apps/web/deployment.yaml:23:11` | container "app" sets securityContext.privileged: true |');
    // Most severe first.
    expect(out.indexOf("`apps/web/deployment.yaml:23:11`")).toBeLessThan(out.indexOf("`apps/web/deployment.yaml:20:18`"));
    expect(out).toContain("<details><summary>Notifications (2)</summary>");
    expect(formatResult("markdown", makeResult())).toContain("✅ **No problems found** in 3 files (4 resources).");
  });

  it("escapes table cells", () => {
    const out = formatResult("markdown", makeResult({ findings: [fakeFinding({ message: "a | b <script> *x*\nnext", fingerprint: "m1" })] }));
    expect(out).toContain("| a \\| b &lt;script&gt; \\*x\\*<br>next |");
  });

  it("stays under 1 MiB with more than 1 MiB of findings, saying how many rows were left out", () => {
    // 2,000 findings of ~2 KB each (1,000 two-byte characters): about 4 MB of rows.
    const findings = manyFindings({ note: 1000, error: 1000 }, { message: "ü".repeat(1000) });
    const out = formatResult("markdown", makeResult({ findings }), { maxRows: 5000 });
    const size = Buffer.byteLength(out, "utf8");
    expect(size).toBeLessThan(MARKDOWN_MAX_BYTES);
    expect(size).toBeGreaterThan(MARKDOWN_MAX_BYTES - 10_000);
    const rows = out.split("\n").filter((l) => l.startsWith("| 🔴") || l.startsWith("| 🔵")).length - 2; // minus the severity table's error and note rows
    const omitted = Number(/_(\d+) more findings not shown/.exec(out)![1]);
    expect(rows + omitted).toBe(2000);
    expect(out).toContain(`### Top ${rows} findings of 2000`);
    // The rows kept are the errors.
    expect(rows).toBeLessThan(1000);
    expect(out).not.toContain("| 🔵 note | `privileged-container`");
    // Notifications after the table still fit.
    const withNotes = formatResult("markdown", sampleResult({ findings }), { maxRows: 5000 });
    expect(Buffer.byteLength(withNotes, "utf8")).toBeLessThan(MARKDOWN_MAX_BYTES);
    expect(withNotes.trimEnd().endsWith("</details>")).toBe(true);
  });

  it("caps the table at maxRows (default 1000)", () => {
    const out = formatResult("markdown", makeResult({ findings: manyFindings({ warning: 1200 }) }));
    expect(out).toContain("### Top 1000 findings of 1200");
    expect(out).toContain("_200 more findings not shown");
  });
});
