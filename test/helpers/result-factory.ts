/** Builds LintResults for formatter tests from fake rules: no engine, no built-in rules. */
import type { Finding, LintResult } from "../../src/engine/types.js";
import type { Rule, RuleMeta } from "../../src/rule-api.js";

/** Where the fake runs happen; no file is ever read there. */
export const SRC_ROOT = "/home/runner/work/demo/demo";

export function fakeRule(meta: Partial<RuleMeta> & { id: string }): Rule {
  return {
    appliesTo: "engine",
    meta: {
      title: `Title of ${meta.id}`,
      description: `Why ${meta.id} matters.`,
      remediation: `How to fix ${meta.id}.`,
      category: "workload",
      level: "warning",
      tags: [],
      presets: ["recommended"],
      messages: { default: "{{message}}" },
      since: "0.1.0",
      ...meta,
    },
  };
}

/** A representative rule set: security rules of each level, and a hygiene rule. */
export const RULES: Rule[] = [
  fakeRule({
    id: "host-namespaces",
    title: "Host namespaces are disallowed",
    level: "error",
    securitySeverity: 8,
    precision: "very-high",
    tags: ["pss-baseline", "pod-security"],
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
  }),
  fakeRule({ id: "image-tag-mutable", title: "Images use mutable tags", level: "warning", securitySeverity: 4.25, tags: ["images"] }),
  fakeRule({
    id: "privileged-container",
    title: "Privileged containers are disallowed",
    level: "error",
    securitySeverity: 9.5,
    tags: ["pss-baseline", "pss-restricted", "pod-security"],
  }),
  fakeRule({ id: "unused-suppression", title: "Suppressions that match nothing", level: "note", category: "syntax", tags: [] }),
  fakeRule({ id: "yaml-syntax", title: "YAML must parse", level: "error", category: "syntax", tags: ["syntax"] }),
];

let counter = 0;

export function fakeFinding(overrides: Partial<Finding> = {}): Finding {
  counter++;
  return {
    ruleId: "privileged-container",
    level: "error",
    message: 'container "app" sets securityContext.privileged: true',
    file: "apps/web/deployment.yaml",
    line: 23,
    column: 11,
    endLine: 23,
    endColumn: 27,
    resource: { apiVersion: "apps/v1", kind: "Deployment", namespace: "web", name: "web" },
    path: "spec.template.spec.containers[0].securityContext.privileged",
    fingerprint: `fp${counter.toString(16).padStart(8, "0")}`,
    suppressed: false,
    suppressions: [],
    related: [],
    ...overrides,
  };
}

export function makeResult(overrides: Partial<LintResult> = {}): LintResult {
  const rules = overrides.rules ?? RULES;
  return {
    findings: [],
    notifications: [],
    errors: [],
    stats: { files: 3, documents: 5, resources: 4, durationMs: 0 },
    rules,
    ruleLevels: Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.level])),
    srcRoot: SRC_ROOT,
    cwd: SRC_ROOT,
    kubeVersion: "1.35",
    ...overrides,
  };
}

/** A realistic small result: every kind of finding the formatters must handle. */
export function sampleResult(overrides: Partial<LintResult> = {}): LintResult {
  const findings: Finding[] = [
    fakeFinding({
      ruleId: "yaml-syntax",
      message: "unexpected end of the stream within a flow collection",
      file: "apps/broken.yaml",
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 1,
      resource: null,
      path: null,
      fingerprint: "f00000000001",
    }),
    fakeFinding({
      ruleId: "host-namespaces",
      message: "pod sets hostNetwork: true",
      file: "apps/monitoring/node exporter [v1].yaml",
      line: 12,
      column: 7,
      endLine: 12,
      endColumn: 24,
      resource: { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "monitoring", name: "node-exporter" },
      path: "spec.template.spec.hostNetwork",
      fingerprint: "f00000000002",
      suppressed: true,
      suppressions: [{ kind: "external", source: "exception", justification: "needs the host network to read node metrics" }],
    }),
    fakeFinding({
      ruleId: "image-tag-mutable",
      level: "warning",
      message: 'container "app" uses image "nginx:latest"; pin a digest or an immutable tag',
      line: 20,
      column: 18,
      endLine: 20,
      endColumn: 30,
      path: "spec.template.spec.containers[0].image",
      fingerprint: "f00000000004",
      helmSource: "shop/templates/deployment.yaml",
      related: [
        { file: "charts/shop/values.yaml", line: 3, column: 8, endLine: 3, endColumn: 14, message: "the tag is set here" },
      ],
    }),
    fakeFinding({ fingerprint: "f00000000003" }),
    fakeFinding({
      ruleId: "unused-suppression",
      level: "note",
      message: 'the suppression of "run-as-non-root" matches nothing',
      file: "apps/web/service.yaml",
      line: 5,
      column: 5,
      endLine: 5,
      endColumn: 40,
      resource: { apiVersion: "v1", kind: "Service", namespace: null, name: "web" },
      path: 'metadata.annotations["shipshape.dev/ignore"]',
      fingerprint: "f00000000005",
    }),
  ];
  return makeResult({
    findings,
    notifications: [
      { level: "note", file: null, line: null, message: "kustomize was not found; kustomizations were linted as plain files", id: "renderer-missing" },
      { level: "warning", file: "big/dump.yaml", line: null, message: "skipped: larger than 10485760 bytes", id: "file-too-large" },
    ],
    ...overrides,
  });
}
