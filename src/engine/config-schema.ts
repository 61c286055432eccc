import { PRESET_NAMES, ruleHelpUri, type OptionSchema, type Rule } from "../rule-api.js";

const LEVEL = { enum: ["off", "note", "warning", "error"] };

function ruleSetting(rule: Rule): Record<string, unknown> {
  const options = rule.meta.options ?? {};
  const optionsSchema = { type: "object", additionalProperties: false, properties: options as Record<string, OptionSchema> };
  const description = `${rule.meta.title} (default ${rule.meta.level}). ${ruleHelpUri(rule.meta.id)}`;
  return {
    description,
    anyOf: [
      LEVEL,
      { type: "array", items: [LEVEL, optionsSchema], minItems: 1, maxItems: 2 },
      { type: "object", additionalProperties: false, properties: { level: LEVEL, options: optionsSchema } },
    ],
  };
}

/** The JSON Schema of `.shipshape.yaml`, generated from rule metadata (for editor completion). */
export function configSchema(rules: readonly Rule[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const r of rules) ruleProps[r.meta.id] = ruleSetting(r);
  const rulesSchema = { type: "object", additionalProperties: false, properties: ruleProps };
  const kubeVersion = { type: "string", pattern: "^v?1\\.(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?([-+].*)?$", description: "Target Kubernetes version, quoted: \"1.33\"" };
  const globs = { type: "array", items: { type: "string" } };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://shipshape.dev/schema/shipshape.schema.json",
    title: "shipshape configuration (.shipshape.yaml)",
    type: "object",
    additionalProperties: false,
    properties: {
      extends: { type: "array", items: { enum: [...PRESET_NAMES] }, description: "Presets; a later one wins." },
      kubeVersion,
      include: { ...globs, description: "Globs relative to the config file; only matching files are linted." },
      exclude: { ...globs, description: "Globs relative to the config file; matching files are skipped." },
      rules: rulesSchema,
      overrides: {
        type: "array",
        description: "Per-path settings; the last matching override wins.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["files"],
          properties: { files: globs, excludedFiles: globs, kubeVersion, rules: rulesSchema },
        },
      },
      exceptions: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["rule", "reason"],
          properties: {
            rule: { type: "string" },
            resource: {
              type: "object",
              additionalProperties: false,
              properties: { apiVersion: { type: "string" }, kind: { type: "string" }, namespace: { type: "string" }, name: { type: "string" } },
            },
            files: globs,
            reason: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
          },
        },
      },
      workloadKinds: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["apiVersion", "kind", "podSpec"],
          properties: { apiVersion: { type: "string" }, kind: { type: "string" }, podSpec: { type: "string", description: "Dotted path of the pod spec, e.g. spec.template.spec" } },
        },
      },
      plugins: { ...globs, description: "Plugin modules; loading them needs --allow-plugins." },
      policies: {
        type: "array",
        description: "CEL policy files (globs) or inline policies.",
        items: { anyOf: [{ type: "string" }, { type: "object" }] },
      },
      render: {
        type: "object",
        additionalProperties: false,
        properties: { enabled: { type: "boolean" }, helm: { enum: ["native", "binary", "off"] }, kustomizeBin: { type: "string" } },
      },
      helm: { type: "object" },
      maxFileSize: { type: "integer", minimum: 1 },
      failOn: { enum: ["error", "warning", "note", "none"] },
      baseline: { type: "string" },
    },
  };
}
