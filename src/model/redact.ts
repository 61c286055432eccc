/**
 * The one redactor for values that can hold secrets (env values, arguments, URLs
 * with user info, Secret and ConfigMap data, annotation values). It keeps a short
 * prefix only when the value is long enough that the prefix reveals little:
 * `AKIA…(20 chars)`.
 */
export function redact(value: unknown): string {
  const s = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const chars = [...s].length;
  if (chars >= 16) return `${[...s].slice(0, 4).join("")}…(${chars} chars)`;
  return `…(${chars} chars)`;
}
