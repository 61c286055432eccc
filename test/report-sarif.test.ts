import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type * as Sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "../src/engine/types.js";
import { formatSarif, GITHUB_MAX_RESULTS } from "../src/report/sarif.js";
import { formatResult } from "../src/report/index.js";
import { toolVersion } from "../src/version.js";
import { findMultitool, multitoolProblems, sarifValidator } from "./helpers/sarif-validate.js";
import { fakeFinding, fakeRule, makeResult, sampleResult, SRC_ROOT } from "./helpers/result-factory.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "shipshape-sarif-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

function parse(text: string): Sarif.Log {
  return JSON.parse(text) as Sarif.Log;
}

const multitool = findMultitool();

describe("sarif formatter", () => {
  const validate = sarifValidator();

  it("validates against the SARIF 2.1.0 schema with format checks, clean and with findings", () => {
    for (const result of [makeResult(), sampleResult(), sampleResult({ errors: [{ file: null, message: "rule threw", ruleId: "host-namespaces" }] })]) {
      const log = parse(formatSarif(result));
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("passes sarif-multitool validate --rule-kind Gh with no error", { timeout: 60_000 }, (ctx) => {
    if (multitool === undefined) {
      ctx.skip("@microsoft/sarif-multitool has no binary for this platform");
      return;
    }
    const files = {
      clean: makeResult(),
      sample: sampleResult(),
      failed: sampleResult({ errors: [{ file: "apps/web/deployment.yaml", message: "rule threw: boom", ruleId: "privileged-container" }] }),
      outside: makeResult({ cwd: path.join(SRC_ROOT, "apps"), findings: [fakeFinding({ file: "../../elsewhere/x.yaml" })] }),
      truncated: sampleResult({ findings: [fakeFinding(), fakeFinding({ level: "note" })] }),
    };
    const limits = { truncated: { maxResults: 1 } } as Record<string, { maxResults: number }>;
    const inputs = Object.entries(files).map(([name, result]) => {
      const file = path.join(tmp, `${name}.sarif`);
      writeFileSync(file, formatSarif(result, limits[name]));
      return file;
    });
    const { console, status, problems } = multitoolProblems(multitool, inputs);
    expect(status, console).toBe(0);
    expect(problems, console).toEqual([]);
    expect(console).toContain(`${inputs.length} files scanned`);
  });

  it("describes every rule that ran, with GitHub's properties", () => {
    const log = parse(formatSarif(sampleResult()));
    const driver = run(log).tool.driver;
    expect(driver).toMatchObject({ name: "shipshape", version: toolVersion(), semanticVersion: toolVersion(), informationUri: "https://shipshape.dev" });
    expect(driver.rules?.map((r) => r.id)).toEqual(["host-namespaces", "image-tag-mutable", "privileged-container", "unused-suppression", "yaml-syntax"]);

    const security = driver.rules![2]!;
    expect(security.shortDescription?.text).toBe("Privileged containers are disallowed");
    expect(security.fullDescription?.text).toBe("Why privileged-container matters.");
    expect(security.helpUri).toBe("https://shipshape.dev/rules/privileged-container");
    expect(security.help?.text).toContain("How to fix privileged-container.");
    expect(security.help?.markdown).toContain("(https://shipshape.dev/rules/privileged-container)");
    expect(security.defaultConfiguration).toEqual({ level: "error" });
    expect(security.properties).toEqual({
      tags: ["security", "pss-baseline", "pss-restricted", "pod-security"],
      precision: "high",
      "security-severity": "9.5",
    });
    expect(driver.rules![0]!.properties).toMatchObject({ precision: "very-high", "security-severity": "8.0" });
    expect(driver.rules![1]!.properties?.["security-severity"]).toBe("4.3");

    const hygiene = driver.rules![4]!;
    expect(hygiene.properties).toEqual({ tags: ["syntax"], precision: "high", "problem.severity": "error" });
    expect(driver.rules![3]!.properties).toEqual({ tags: [], precision: "high", "problem.severity": "recommendation" });
  });

  it("uses the effective level of a rule and caps tags at 20", () => {
    const tags = Array.from({ length: 30 }, (_, i) => `tag-${i}`);
    const rules = [fakeRule({ id: "many-tags", securitySeverity: 5, tags: ["security", ...tags] }), fakeRule({ id: "quiet-rule" })];
    const log = parse(formatSarif(makeResult({ rules, ruleLevels: { "many-tags": "note", "quiet-rule": "error" } })));
    const [many, quiet] = run(log).tool.driver.rules!;
    expect(many!.properties?.tags).toHaveLength(20);
    expect(many!.properties?.tags?.[0]).toBe("security");
    expect(new Set(many!.properties?.tags).size).toBe(20);
    expect(many!.defaultConfiguration?.level).toBe("note");
    expect(quiet!.defaultConfiguration?.level).toBe("error");
    expect(quiet!.properties?.["problem.severity"]).toBe("error");
  });

  it("writes results with locations relative to %SRCROOT%, fingerprints and suppressions", () => {
    const r = run(parse(formatSarif(sampleResult())));
    expect(r.results).toHaveLength(5);
    expect(r.columnKind).toBe("utf16CodeUnits");
    expect(r.automationDetails).toEqual({ id: "shipshape/" });
    expect(r.originalUriBaseIds?.["%SRCROOT%"]?.uri).toBeUndefined();
    expect(r.originalUriBaseIds?.["%SRCROOT%"]?.description?.text).toBeTruthy();

    const [syntax, suppressed, tag, privileged, unused] = r.results!;
    expect(syntax!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 4, startColumn: 1, endLine: 4, endColumn: 1 });
    expect(syntax!.locations![0]!.logicalLocations).toBeUndefined();
    expect(syntax!.properties).toBeUndefined();

    expect(privileged).toEqual({
      ruleId: "privileged-container",
      ruleIndex: 2,
      level: "error",
      message: { text: 'container "app" sets securityContext.privileged: true.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "apps/web/deployment.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 23, startColumn: 11, endLine: 23, endColumn: 27 },
          },
          logicalLocations: [{ fullyQualifiedName: "Deployment/web/web", kind: "resource" }],
        },
      ],
      partialFingerprints: { "shipshape/v1": "f00000000003" },
      properties: { path: "spec.template.spec.containers[0].securityContext.privileged" },
    });

    expect(suppressed!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe("apps/monitoring/node%20exporter%20%5Bv1%5D.yaml");
    expect(suppressed!.suppressions).toEqual([
      { kind: "external", justification: "needs the host network to read node metrics", status: "accepted", properties: { source: "exception" } },
    ]);
    expect(privileged!.suppressions).toBeUndefined();

    expect(tag!.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "charts/shop/values.yaml", uriBaseId: "%SRCROOT%" },
          region: { startLine: 3, startColumn: 8, endLine: 3, endColumn: 14 },
        },
        message: { text: "the tag is set here." },
      },
    ]);
    expect(tag!.properties).toEqual({ path: "spec.template.spec.containers[0].image", helmSource: "shop/templates/deployment.yaml" });
    expect(unused!.locations![0]!.logicalLocations).toEqual([{ fullyQualifiedName: "Service/web", kind: "resource" }]);
  });

  it("rebases files from the working directory onto %SRCROOT% and keeps machine paths out", () => {
    const result = sampleResult({
      cwd: path.join(SRC_ROOT, "apps"),
      findings: [fakeFinding({ file: "web/deployment.yaml", fingerprint: "a1" }), fakeFinding({ file: "<stdin>", fingerprint: "a2" })],
    });
    const text = formatSarif(result);
    const [rebased, stdin] = run(parse(text)).results!;
    expect(rebased!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: "apps/web/deployment.yaml", uriBaseId: "%SRCROOT%" });
    expect(stdin!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: "%3Cstdin%3E" });
    expect(text).not.toContain(SRC_ROOT);
    expect(text).not.toMatch(/Time|timestamp/i);
  });

  it("gives a file outside %SRCROOT% an absolute file: URI without uriBaseId", () => {
    const result = makeResult({
      cwd: path.join(SRC_ROOT, "apps"),
      findings: [
        fakeFinding({
          file: "../../shared/base/deploy ment.yaml",
          related: [{ file: "web/kustomization.yaml", line: 1, column: 1, endLine: 1, endColumn: 10, message: "included here" }],
        }),
      ],
    });
    const log = parse(formatSarif(result));
    const [res] = run(log).results!;
    expect(res!.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: "file:///home/runner/work/demo/shared/base/deploy%20ment.yaml",
    });
    expect(res!.relatedLocations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: "apps/web/kustomization.yaml", uriBaseId: "%SRCROOT%" });
    expect(validate(log)).toBe(true);
  });

  it("reports notifications and run errors as tool execution notifications", () => {
    const ok = run(parse(formatSarif(sampleResult()))).invocations!;
    expect(ok).toHaveLength(1);
    expect(ok[0]!.executionSuccessful).toBe(true);
    expect(ok[0]!.toolExecutionNotifications).toEqual([
      { level: "note", message: { text: "kustomize was not found; kustomizations were linted as plain files." }, descriptor: { id: "renderer-missing" } },
      {
        level: "warning",
        message: { text: "skipped: larger than 10485760 bytes." },
        descriptor: { id: "file-too-large" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "big/dump.yaml", uriBaseId: "%SRCROOT%" } } }],
      },
    ]);

    const failed = run(parse(formatSarif(makeResult({ errors: [{ file: null, message: "rule threw: boom", ruleId: "yaml-syntax" }] })))).invocations![0]!;
    expect(failed.executionSuccessful).toBe(false);
    expect(failed.toolExecutionNotifications).toEqual([
      { level: "error", message: { text: "rule threw: boom." }, descriptor: { id: "rule-error" }, associatedRule: { id: "yaml-syntax", index: 4 } },
    ]);
  });

  it("keeps results: [] when clean and honours the category", () => {
    const r = run(parse(formatResult("sarif", makeResult(), { sarifCategory: "k8s" })));
    expect(r.results).toEqual([]);
    expect(r.automationDetails).toEqual({ id: "k8s/" });
    expect(r.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it("is byte-deterministic, 2-space JSON with a trailing newline", () => {
    const a = formatSarif(sampleResult());
    const b = formatSarif(sampleResult());
    expect(a).toBe(b);
    expect(a.endsWith("}\n")).toBe(true);
    expect(a).toBe(`${JSON.stringify(JSON.parse(a), null, 2)}\n`);
  });

  it(`keeps the ${GITHUB_MAX_RESULTS} most severe results and says how many were dropped`, () => {
    const findings: Finding[] = [];
    for (let i = 0; i < GITHUB_MAX_RESULTS + 500; i++) {
      // 300 errors (the last 200 of them suppressed), 9,000 warnings, the rest notes, interleaved.
      const level = i % 3 === 2 && i < 900 ? "error" : i % 2 === 0 && i < 18_000 ? "warning" : "note";
      findings.push(
        fakeFinding({ ruleId: "privileged-container", level, line: i + 1, endLine: i + 1, fingerprint: `x${i}`, suppressed: level === "error" && i >= 300 }),
      );
    }
    const result = makeResult({ findings });
    const log = parse(formatSarif(result));
    const r = run(log);
    expect(r.results).toHaveLength(GITHUB_MAX_RESULTS);
    // Every error and warning survives; 500 notes (the last ones) are dropped, and order is kept.
    const kept = new Set(r.results!.map((x) => x.partialFingerprints!["shipshape/v1"]));
    const dropped = findings.filter((f) => !kept.has(f.fingerprint));
    expect(dropped).toHaveLength(500);
    expect(dropped.every((f) => f.level === "note")).toBe(true);
    expect(dropped.map((f) => f.fingerprint)).toEqual(findings.filter((f) => f.level === "note").slice(-500).map((f) => f.fingerprint));
    const lines = r.results!.map((x) => x.locations![0]!.physicalLocation!.region!.startLine!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const notes = r.invocations![0]!.toolExecutionNotifications!;
    expect(notes.at(-1)).toMatchObject({ level: "warning", descriptor: { id: "sarif-results-truncated" } });
    expect(notes.at(-1)!.message.text).toMatch(/^500 of 25500 results were left out/);
    expect(r.invocations![0]!.executionSuccessful).toBe(true);
  });

  it("stays under the gzipped size limit, dropping the least severe first", () => {
    const findings = Array.from({ length: 200 }, (_, i) =>
      fakeFinding({
        level: i < 20 ? "error" : "note",
        // Incompressible messages, so that the gzipped size grows with every result.
        message: `finding ${i} ${Array.from({ length: 10 }, (_, j) => createHash("sha256").update(`${i}/${j}`).digest("hex")).join("")}`,
        fingerprint: `g${i}`,
      }),
    );
    const limit = 60_000;
    const text = formatSarif(makeResult({ findings }), { maxGzipBytes: limit });
    expect(gzipSync(Buffer.from(text)).length).toBeLessThanOrEqual(limit);
    const r = run(parse(text));
    const n = r.results!.length;
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(200);
    expect(r.results!.filter((x) => x.level === "error")).toHaveLength(20);
    // One more result would not have fitted.
    expect(gzipSync(Buffer.from(formatSarif(makeResult({ findings }), { maxResults: n + 1 }))).length).toBeGreaterThan(limit);
    expect(r.invocations![0]!.toolExecutionNotifications![0]!.message.text).toMatch(new RegExp(`^${200 - n} of 200 results were left out`));
  });
});
