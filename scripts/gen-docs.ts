/**
 * Generates the rule reference (docs/rules/*.md) and the config JSON Schema (schema/) from rule
 * metadata, so docs never drift from code. `npm run docs` writes them; a test fails when they are stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { builtInRules } from "../rules/index.js";
import { ruleHelpUri, type PresetName, type Rule } from "../src/rule-api.js";
import { configSchema } from "../src/engine/config-schema.js";

function firstFailExample(root: string, id: string): string | undefined {
  const dir = path.join(root, "fixtures", "rules", id, "fail");
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).sort().filter((f) => statSync(path.join(dir, f)).isFile() && /\.ya?ml$/.test(f));
  const first = files[0];
  if (!first) return undefined;
  const text = readFileSync(path.join(dir, first), "utf8");
  return text.split("\n").filter((l) => !/^#\s*shipshape-test:/.test(l)).join("\n").replace(/\s*# expect(-next-line)?:.*$/gm, (m) => (m.includes("expect-next-line") ? "" : "   # ← reported here")).trimEnd();
}

function presetsOf(rule: Rule): PresetName[] {
  const p = rule.meta.presets;
  return p.includes("strict") ? p : [...p, "strict"];
}

function ruleDoc(root: string, rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `# ${m.id}`,
    "",
    `**${m.title}**`,
    "",
    "| | |",
    "| --- | --- |",
    `| Category | ${m.category} |`,
    `| Default level | ${m.level} |`,
    `| Presets | ${presetsOf(rule).map((p) => `${p}${m.presetLevels?.[p] ? ` (${m.presetLevels[p]})` : ""}`).join(", ")} |`,
    `| Security severity | ${m.securitySeverity !== undefined ? m.securitySeverity.toFixed(1) : "— (hygiene)"} |`,
    `| Tags | ${m.tags.map((t) => `\`${t}\``).join(", ")} |`,
    `| Since | ${m.since} |`,
    "",
    "## Why",
    "",
    m.description,
    "",
    "## How to fix",
    "",
    m.remediation,
    "",
  ];
  const opts = Object.entries(m.options ?? {});
  if (opts.length > 0) {
    lines.push("## Options", "", "| option | type | default | description |", "| --- | --- | --- | --- |");
    for (const [k, s] of opts) lines.push(`| \`${k}\` | ${Array.isArray(s.type) ? s.type.join(" \\| ") : (s.type ?? "any")} | \`${JSON.stringify(s.default ?? null)}\` | ${s.description ?? ""} |`);
    lines.push("");
  }
  const example = firstFailExample(root, m.id);
  if (example) lines.push("## Example", "", "```yaml", example, "```", "");
  if (m.references && m.references.length > 0) {
    lines.push("## References", "", ...m.references.map((r) => `- ${r}`), "");
  }
  lines.push(`Suppress one finding with \`# shipshape-ignore ${m.id} -- reason\` on the line before it, or the annotation \`shipshape.dev/ignore: "${m.id}"\` on the resource.`, "");
  return lines.join("\n");
}

function indexDoc(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.category} | ${r.meta.level} | ${r.meta.presets.join(", ") || "strict only"} | ${r.meta.title} |`);
  return [
    "# Rules",
    "",
    "Generated from rule metadata by `npm run docs`; do not edit by hand.",
    `Each rule's page is also served at \`${ruleHelpUri("<id>")}\`.`,
    "",
    "| rule | category | level | presets | title |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** Every generated file, by repo-relative path. */
export function generatedDocs(root: string): Map<string, string> {
  const rules = [...builtInRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  const out = new Map<string, string>();
  out.set("docs/rules/README.md", indexDoc(rules));
  for (const r of rules) out.set(`docs/rules/${r.meta.id}.md`, ruleDoc(root, r));
  out.set("schema/shipshape.schema.json", `${JSON.stringify(configSchema(rules), null, 2)}\n`);
  return out;
}

export function main(): number {
  const root = process.cwd();
  const files = generatedDocs(root);
  const dir = path.join(root, "docs", "rules");
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (!files.has(`docs/rules/${f}`)) rmSync(path.join(dir, f));
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  console.log(`wrote ${files.size} files`);
  return 0;
}
