// Go RE2 patterns run on JS RegExp: the syntax is translated and patterns that could backtrack catastrophically
// (a quantified group that itself holds a quantifier, or backreferences) are refused.

const cache = new Map<string, RegExp | Error>();

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z", alpha: "A-Za-z", ascii: "\\x00-\\x7F", blank: "\\t ", cntrl: "\\x00-\\x1F\\x7F", digit: "0-9",
  graph: "!-~", lower: "a-z", print: " -~", punct: "!-\\/:-@\\[-`{-~", space: "\\t\\n\\v\\f\\r ", upper: "A-Z", word: "0-9A-Za-z_", xdigit: "0-9A-Fa-f",
};

export function translateRe2(p: string): { source: string; flags: string } {
  let flags = "";
  let src = p;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) { if (f === "U") throw new Error("the U flag is not supported"); if (!flags.includes(f)) flags += f; }
    src = src.slice(lead[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "\\") {
      const d = src[i + 1];
      if (d === "Q") { const end = src.indexOf("\\E", i + 2); const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end); out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"); i = end < 0 ? src.length : end + 1; continue; }
      if (d === "z") { out += "(?![\\s\\S])"; i++; continue; }
      if (d === "A") { out += "(?<![\\s\\S])"; i++; continue; }
      if (d === "p" || d === "P") { flags += flags.includes("u") ? "" : "u"; }
      if (d !== undefined && /[1-9]/.test(d) && !inClass) throw new Error(`invalid escape sequence: \\${d}`);
      out += c + (d ?? ""); i++; continue;
    }
    if (inClass) {
      if (c === "[" && src[i + 1] === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
        if (m && POSIX[m[2]!]) { if (m[1]) throw new Error("negated POSIX classes are not supported"); out += POSIX[m[2]!]; i += m[0].length - 1; continue; }
      }
      if (c === "]") inClass = false;
      out += c; continue;
    }
    if (c === "[") { inClass = true; out += c; if (src[i + 1] === "^") { out += "^"; i++; } if (src[i + 1] === "]") { out += "\\]"; i++; } continue; }
    if (c === "(" && src.startsWith("(?P<", i)) { out += "(?<"; i += 3; continue; }
    if (c === "(" && /^\(\?[ims]+[:)]/.test(src.slice(i))) throw new Error("inline flag groups are not supported");
    out += c;
  }
  return { source: out, flags };
}

function dangerous(source: string): boolean {
  // strip escapes and classes, then look for (…quantifier…) followed by a quantifier
  const s = source.replace(/\\./g, "x").replace(/\[[^\]]*\]/g, "x");
  const stack: { hasQuant: boolean }[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "(") stack.push({ hasQuant: false });
    else if (c === ")") {
      const g = stack.pop();
      const next = s[i + 1];
      const quantified = next === "*" || next === "+" || next === "{";
      if (g?.hasQuant && quantified) return true;
      if (stack.length && (g?.hasQuant || quantified)) stack[stack.length - 1]!.hasQuant = true;
    } else if ((c === "*" || c === "+" || c === "{") && stack.length) stack[stack.length - 1]!.hasQuant = true;
  }
  return false;
}

export function goRegexp(pattern: string, global = false): RegExp | Error {
  const key = (global ? "g" : "-") + pattern;
  const hit = cache.get(key);
  if (hit) { if (hit instanceof RegExp) hit.lastIndex = 0; return hit; }
  let r: RegExp | Error;
  try {
    const t = translateRe2(pattern);
    if (dangerous(t.source)) throw new Error("pattern nests quantifiers; refused to avoid catastrophic backtracking");
    r = new RegExp(t.source, t.flags + (global ? "g" : ""));
  } catch (e) {
    r = new Error(`error parsing regexp: ${(e as Error).message}: \`${pattern}\``);
  }
  if (cache.size < 1000) cache.set(key, r);
  return r;
}

/** Go's Regexp.Expand for a String.replace callback's arguments. */
export function expandGo(template: string, args: unknown[]): string {
  const last = args[args.length - 1];
  const hasGroups = typeof last === "object" && last !== null;
  const groups = (hasGroups ? last : {}) as Record<string, string | undefined>;
  const numCaptures = args.length - (hasGroups ? 3 : 2);
  const caps = args.slice(0, numCaptures) as (string | undefined)[];
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== "$") { out += c; continue; }
    const rest = template.slice(i + 1);
    if (rest.startsWith("$")) { out += "$"; i++; continue; }
    let name: string | undefined;
    let len = 0;
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest);
    const bare = /^[A-Za-z0-9_]+/.exec(rest);
    if (braced) { name = braced[1]; len = braced[0].length; }
    else if (bare) { name = bare[0]; len = bare[0].length; }
    if (name === undefined) { out += "$"; continue; }
    i += len;
    if (/^\d+$/.test(name)) out += caps[Number(name)] ?? "";
    else out += groups[name] ?? "";
  }
  return out;
}
