import { ruleHelpUri, type Rule } from "../rule-api.js";

function optionDefaults(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(rule.meta.options ?? {})) out[k] = s.default ?? null;
  return out;
}

/** `shipshape rules`: a table, the JSON shape of the contract, or markdown. */
export function formatRulesList(rules: readonly Rule[], format: "table" | "json" | "markdown"): string {
  const sorted = [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  if (format === "json") {
    return `${JSON.stringify({
      rules: sorted.map((r) => ({
        id: r.meta.id,
        title: r.meta.title,
        level: r.meta.level,
        securitySeverity: r.meta.securitySeverity ?? null,
        tags: r.meta.tags,
        presets: r.meta.presets,
        category: r.meta.category,
        helpUri: ruleHelpUri(r.meta.id),
        options: optionDefaults(r),
      })),
    }, null, 2)}\n`;
  }
  if (format === "markdown") {
    const rows = sorted.map((r) => `| [\`${r.meta.id}\`](${ruleHelpUri(r.meta.id)}) | ${r.meta.category} | ${r.meta.level} | ${r.meta.presets.join(", ") || "strict"} | ${r.meta.title.replace(/\|/g, "\\|")} |`);
    return ["| rule | category | level | presets | title |", "| --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
  }
  const idWidth = Math.max(...sorted.map((r) => r.meta.id.length), 4);
  const lines = sorted.map((r) => `${r.meta.id.padEnd(idWidth)}  ${r.meta.level.padEnd(7)}  ${(r.meta.presets.join(",") || "strict").padEnd(18)}  ${r.meta.title}`);
  return [`${"rule".padEnd(idWidth)}  ${"level".padEnd(7)}  ${"presets".padEnd(18)}  title`, ...lines, ""].join("\n");
}

/** `shipshape explain RULE`. */
export function explainRule(rule: Rule): string {
  const m = rule.meta;
  const out = [
    `${m.id}: ${m.title}`,
    "",
    m.description,
    "",
    `Fix: ${m.remediation}`,
    "",
    `Default level: ${m.level}${m.securitySeverity !== undefined ? `   security severity: ${m.securitySeverity.toFixed(1)}` : ""}`,
    `Presets: ${[...m.presets, ...(m.presets.includes("strict") ? [] : ["strict"])].join(", ")}`,
    `Tags: ${m.tags.join(", ")}`,
  ];
  const opts = Object.entries(m.options ?? {});
  if (opts.length > 0) {
    out.push("Options:");
    for (const [k, s] of opts) out.push(`  ${k} (default ${JSON.stringify(s.default ?? null)}): ${s.description ?? ""}`);
  }
  out.push(`Docs: ${ruleHelpUri(m.id)}`, "");
  return out.join("\n");
}
