/**
 * The Kubernetes CEL libraries, table-tested against the examples of their documentation:
 * cel-go's ext README and strings.go godoc (strings, format, quote, lists, sets, base64), the
 * Kubernetes apiserver library godoc (ip.go, cidr.go) and kubernetes.io "Common Expression
 * Language in Kubernetes" (lists, regex, URL, IP, CIDR, quantity). `ERROR` marks an example the
 * documentation says fails.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CEL_LIBRARY, CelBudgetError, celSupportTable, compileCel, supportedFunctions, toCel } from "../src/policies/cel.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const ERROR = Symbol("error");

function run(expr: string, object: unknown = {}): unknown {
  const c = compileCel(expr);
  if ("problem" in c) throw new Error(`compile: ${c.problem.message}`);
  return c.program.run({ object: toCel(object), variables: {} });
}

function outcome(expr: string): unknown {
  try {
    return run(expr);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("compile:")) throw e;
    return ERROR;
  }
}

const table = () => (expr: string, want: unknown) => expect(outcome(expr)).toEqual(want);

describe("strings (cel-go ext.Strings)", () => {
  it.each<[string, unknown]>([
    ["'hello'.charAt(4)", "o"],
    ["'hello'.charAt(5)", ""],
    ["'hello'.charAt(-1)", ERROR],
    ["'hello mellow'.indexOf('')", 0n],
    ["'hello mellow'.indexOf('ello')", 1n],
    ["'hello mellow'.indexOf('jello')", -1n],
    ["'hello mellow'.indexOf('', 2)", 2n],
    ["'hello mellow'.indexOf('ello', 2)", 7n],
    ["'hello mellow'.indexOf('ello', 20)", -1n],
    ["'hello mellow'.indexOf('ello', -1)", ERROR],
    ["['hello', 'mellow'].join()", "hellomellow"],
    ["['hello', 'mellow'].join(' ')", "hello mellow"],
    ["[].join()", ""],
    ["[].join('/')", ""],
    ["'hello mellow'.lastIndexOf('')", 12n],
    ["'hello mellow'.lastIndexOf('ello')", 7n],
    ["'hello mellow'.lastIndexOf('jello')", -1n],
    ["'hello mellow'.lastIndexOf('ello', 6)", 1n],
    ["'hello mellow'.lastIndexOf('ello', 20)", -1n],
    ["'hello mellow'.lastIndexOf('ello', -1)", ERROR],
    ["'TacoCat'.lowerAscii()", "tacocat"],
    ["'TacoCÆt Xii'.lowerAscii()", "tacocÆt xii"],
    ["strings.quote('single-quote with \"double quote\"')", '"single-quote with \\"double quote\\""'],
    ["strings.quote(\"two escape sequences \\a\\n\")", '"two escape sequences \\a\\n"'],
    ["'hello hello'.replace('he', 'we')", "wello wello"],
    ["'hello hello'.replace('he', 'we', -1)", "wello wello"],
    ["'hello hello'.replace('he', 'we', 1)", "wello hello"],
    ["'hello hello'.replace('he', 'we', 0)", "hello hello"],
    ["'hello hello hello'.split(' ')", ["hello", "hello", "hello"]],
    ["'hello hello hello'.split(' ', 0)", []],
    ["'hello hello hello'.split(' ', 1)", ["hello hello hello"]],
    ["'hello hello hello'.split(' ', 2)", ["hello", "hello hello"]],
    ["'hello hello hello'.split(' ', -1)", ["hello", "hello", "hello"]],
    ["'tacocat'.substring(4)", "cat"],
    ["'tacocat'.substring(0, 4)", "taco"],
    ["'tacocat'.substring(-1)", ERROR],
    ["'tacocat'.substring(2, 1)", ERROR],
    ["'  \\ttrim\\n    '.trim()", "trim"],
    ["'TacoCat'.upperAscii()", "TACOCAT"],
    ["'TacoCÆt Xii'.upperAscii()", "TACOCÆT XII"],
    ["'gums'.reverse()", "smug"],
    ["'John Smith'.reverse()", "htimS nhoJ"],
  ])("%s", table());

  it("indexes by code point, not UTF-16 unit (cel-go works on runes)", () => {
    expect(run("'😀ab'.indexOf('b')")).toBe(2n);
    expect(run("'a😀b'.charAt(1)")).toBe("😀");
    expect(run("'😀abc'.substring(1, 3)")).toBe("ab");
    expect(run("'a😀'.reverse()")).toBe("😀a");
    expect(run("'hello'.replace('', '_')")).toBe("_h_e_l_l_o_");
  });
});

describe("format (cel-go ext.Strings v1)", () => {
  it.each<[string, unknown]>([
    ['"this is a string: %s\\nand an integer: %d".format(["str", 42])', "this is a string: str\nand an integer: 42"],
    ['"a double substituted with %%s: %s".format([64.2])', "a double substituted with %s: 64.2"],
    ['"%f".format([3.14])', "3.140000"],
    ['"scientific notation: %e".format([2.71828])', "scientific notation: 2.718280\u202f\u00d7\u202f10\u2070\u2070"],
    ['"5 in binary: %b".format([5])', "5 in binary: 101"],
    ['"26 in hex: %x".format([26])', "26 in hex: 1a"],
    ['"26 in hex (uppercase): %X".format([26])', "26 in hex (uppercase): 1A"],
    ['"30 in octal: %o".format([30])', "30 in octal: 36"],
    ['"true bool: %s - false bool: %s\\nbinary bool: %b".format([true, false, true])', "true bool: true - false bool: false\nbinary bool: 1"],
    ['"%.3f".format([3.14159])', "3.142"],
    ['"%s".format([[1, "a"]])', '[1, "a"]'],
    ['"%s".format([{"b": 1, "a": "x"}])', '{"a":"x", "b":1}'],
    ['"%d".format(["str"])', ERROR],
    ['"%s %s".format(["only one"])', ERROR],
  ])("%s", table());
});

describe("regex (RE2, Kubernetes regex library)", () => {
  it.each<[string, unknown]>([
    ['"abc 123".find(\'[0-9]+\')', "123"],
    ['"1, 2, 3, 4".findAll(\'[0-9]+\').map(x, int(x)).sum() < 100', true],
    ["'abc'.matches('^a')", true],
    ["'abc'.matches('(?=a)')", ERROR],
  ])("%s", table());
});

describe("lists (Kubernetes list library, cel-go ext.Lists)", () => {
  it.each<[string, unknown]>([
    ["['a', 'b', 'c'].isSorted()", true],
    ["[0.25, 0.75].sum() == 1.0", true],
    ["[1, 2].max() < [3, 4].min()", true],
    ["['first', 'should-be-first'].indexOf('should-be-first') == 1", true],
    ["[1, 2, 3, 2].lastIndexOf(2)", 3n],
    ["[].min()", ERROR],
    ["[1,2,3,4].slice(1, 3)", [2n, 3n]],
    ["[1,2,3,4].slice(2, 4)", [3n, 4n]],
    ["[1, 2, 2, 3, 3, 3].distinct()", [1n, 2n, 3n]],
    ['["b", "b", "c", "a", "c"].distinct()', ["b", "c", "a"]],
    ['[1, "b", 2, "b"].distinct()', [1n, "b", 2n]],
    ["[1,[2,3],[4]].flatten()", [1n, 2n, 3n, 4n]],
    ["[1,[2,[3,4]]].flatten()", [1n, 2n, [3n, 4n]]],
    ["[1,2,[],[],[3,4]].flatten()", [1n, 2n, 3n, 4n]],
    ["[1,[2,[3,[4]]]].flatten(2)", [1n, 2n, 3n, [4n]]],
    ["[1,[2,[3,[4]]]].flatten(-1)", ERROR],
    ["lists.range(5)", [0n, 1n, 2n, 3n, 4n]],
    ["[5, 3, 1, 2].reverse()", [2n, 1n, 3n, 5n]],
    ["[3, 2, 1].sort()", [1n, 2n, 3n]],
    ['["b", "c", "a"].sort()', ["a", "b", "c"]],
    ['[1, "b"].sort()', ERROR],
    ["[[1, 2, 3]].sort()", ERROR],
    ["[1, 2, 3].last().value() == 3", true],
    ["[].last().orValue('test') == 'test'", true],
    ["[1, 2, 3].first().value() == 1", true],
    ["[].first().orValue('test') == 'test'", true],
  ])("%s", table());
});

describe("sets (cel-go ext.Sets)", () => {
  it.each<[string, unknown]>([
    ["sets.contains([], [])", true],
    ["sets.contains([], [1])", false],
    ["sets.contains([1, 2, 3, 4], [2, 3])", true],
    ["sets.contains([1, 2.0, 3u], [1.0, 2u, 3])", true],
    ["sets.equivalent([], [])", true],
    ["sets.equivalent([1], [1, 1])", true],
    ["sets.equivalent([1], [1u, 1.0])", true],
    ["sets.equivalent([1, 2, 3], [3u, 2.0, 1])", true],
    ["sets.intersects([1], [])", false],
    ["sets.intersects([1], [1, 2])", true],
    ["sets.intersects([[1], [2, 3]], [[1, 2], [2, 3.0]])", true],
  ])("%s", table());
});

describe("base64 (cel-go ext.Encoders)", () => {
  it.each<[string, unknown]>([
    ["base64.decode('aGVsbG8=') == b'hello'", true],
    ["base64.decode('aGVsbG8')", ERROR],
    ["base64.encode(b'hello')", "aGVsbG8="],
  ])("%s", table());
});

describe("IP addresses (Kubernetes IP library)", () => {
  it.each<[string, unknown]>([
    ["isIP('127.0.0.1')", true],
    ["isIP('::1')", true],
    ["isIP('127.0.0.256')", false],
    ["isIP(':::1')", false],
    ["ip('127.0.0.256')", ERROR],
    ["ip(':::1')", ERROR],
    ["ip.isCanonical('127.0.0.1')", true],
    ["ip.isCanonical('2001:db8::abcd')", true],
    ["ip.isCanonical('2001:DB8::ABCD')", false],
    ["ip.isCanonical('2001:db8::0:0:0:abcd')", false],
    ["ip('2001:db8::abcd').isCanonical()", true],
    ["ip('2001:DB8::ABCD').isCanonical()", false],
    ["ip('127.0.0.1').family()", 4n],
    ["ip('::1').family()", 6n],
    ["ip('0.0.0.0').isUnspecified()", true],
    ["ip('127.0.0.1').isUnspecified()", false],
    ["ip('::').isUnspecified()", true],
    ["ip('::1').isUnspecified()", false],
    ["ip('127.0.0.1').isLoopback()", true],
    ["ip('192.168.0.1').isLoopback()", false],
    ["ip('::1').isLoopback()", true],
    ["ip('2001:db8::abcd').isLoopback()", false],
    ["ip('224.0.0.1').isLinkLocalMulticast()", true],
    ["ip('224.0.1.1').isLinkLocalMulticast()", false],
    ["ip('ff02::1').isLinkLocalMulticast()", true],
    ["ip('fd00::1').isLinkLocalMulticast()", false],
    ["ip('169.254.169.254').isLinkLocalUnicast()", true],
    ["ip('192.168.0.1').isLinkLocalUnicast()", false],
    ["ip('fe80::1').isLinkLocalUnicast()", true],
    ["ip('fd80::1').isLinkLocalUnicast()", false],
    ["ip('192.168.0.1').isGlobalUnicast()", true],
    ["ip('255.255.255.255').isGlobalUnicast()", false],
    ["ip('2001:db8::abcd').isGlobalUnicast()", true],
    ["ip('ff00::1').isGlobalUnicast()", false],
    ["string(ip('2001:DB8::ABCD'))", "2001:db8::abcd"],
    ["ip('10.0.0.1') == ip('10.0.0.1') && ip('::1') != ip('::2')", true],
  ])("%s", table());
});

describe("CIDRs (Kubernetes CIDR library)", () => {
  it.each<[string, unknown]>([
    ["isCIDR('192.168.0.0/16')", true],
    ["isCIDR('::1/128')", true],
    ["isCIDR('192.168.0.0/33')", false],
    ["isCIDR('::1/129')", false],
    ["cidr('192.168.0.0/33')", ERROR],
    ["cidr('::1/129')", ERROR],
    ["cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", true],
    ["cidr('192.168.0.0/24').containsIP(ip('192.168.1.1'))", false],
    ["cidr('192.168.0.0/24').containsIP('192.168.0.1')", true],
    ["cidr('192.168.0.0/24').containsIP('192.168.1.1')", false],
    ["cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24'))", true],
    ["cidr('192.168.1.0/24').containsCIDR(cidr('192.168.2.0/24'))", false],
    ["cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24')", true],
    ["cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')", false],
    ["cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", true],
    ["cidr('192.168.0.1/24').ip().family()", 4n],
    ["cidr('::1/128').ip() == ip('::1')", true],
    ["cidr('::1/128').ip().family()", 6n],
    ["cidr('192.168.0.0/24').masked() == cidr('192.168.0.0/24')", true],
    ["cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')", true],
    ["cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked()", true],
    ["cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked()", false],
    ["cidr('192.168.0.0/16').prefixLength()", 16n],
    ["cidr('::1/128').prefixLength()", 128n],
  ])("%s", table());
});

describe("URLs (Kubernetes URL library)", () => {
  it.each<[string, unknown]>([
    ["url('https://example.com:80/').getHost()", "example.com:80"],
    ["url('https://example.com/path with spaces/').getEscapedPath()", "/path%20with%20spaces/"],
    ["url('https://example.com:80/').getScheme()", "https"],
    ["url('https://example.com:80/').getHostname()", "example.com"],
    ["url('https://example.com:80/').getPort()", "80"],
    ["url('https://example.com/?k=a&k=b').getQuery()['k']", ["a", "b"]],
    ["isURL('https://example.com/')", true],
    ["isURL('not a url')", false],
  ])("%s", table());
});

describe("quantities (Kubernetes quantity library)", () => {
  it.each<[string, unknown]>([
    ['quantity("500000G").isInteger()', true],
    ['quantity("50k").asInteger()', 50000n],
    ['quantity("9999999999999999999999999999999999999G").asApproximateFloat() > 9.9e45', true],
    ['quantity("50k").add(quantity("20k")) == quantity("70k")', true],
    ['quantity("50k").sub(20000) == quantity("30k")', true],
    ['quantity("50k").add(20).sub(quantity("100k")).sub(-50000) == quantity("20")', true],
    ['quantity("200M").compareTo(quantity("0.2G"))', 0n],
    ['quantity("150Mi").isGreaterThan(quantity("100Mi"))', true],
    ['quantity("50M").isLessThan(quantity("100M"))', true],
    ['quantity("1") == quantity("1000m")', true],
    ['isQuantity("1.5Gi") && !isQuantity("1.5K")', true],
  ])("%s", table());
});

describe("unsupported functions", () => {
  it.each([
    ["format.dns1123Label().validate('x')", "format.dns1123Label"],
    ["semver('1.0.0').major()", "semver"],
    ["sets.union([1], [2])", "sets.union"],
    ["b'{}'.json()", "json"],
    ["object.name.foo()", "foo"],
  ])("%s → note naming %s", (expr, name) => {
    const c = compileCel(expr);
    expect("problem" in c && c.problem.unsupported).toBe(name);
  });
});

describe("bounded evaluation", () => {
  const big = Array.from({ length: 300_000 }, (_, i) => i);
  let object: unknown;
  it.each([
    ["sort on a huge list, repeatedly", "[1, 2, 3, 4, 5, 6, 7, 8].all(i, object.big.sort().size() > 0)"],
    ["flatten on a huge list, repeatedly", "[1, 2, 3, 4, 5, 6, 7, 8].all(i, object.nested.flatten().size() > 0)"],
    ["distinct, repeatedly", "[1, 2, 3, 4, 5, 6, 7, 8].all(i, object.big.distinct().size() > 0)"],
    ["sets over huge lists", "[1, 2, 3, 4, 5, 6, 7, 8].all(i, sets.equivalent(object.big, object.big))"],
    ["a regex over a long string, repeatedly", "object.big.all(i, !object.long.matches('^(a|b)*c$'))"],
    ["string doubling", "cel.bind(a, 'aaaaaaaaaaaaaaaa', cel.bind(b, a + a + a + a + a + a + a + a, cel.bind(c, b + b + b + b + b + b + b + b, cel.bind(d, c + c + c + c + c + c + c + c, cel.bind(e, d + d + d + d + d + d + d + d, cel.bind(f, e + e + e + e + e + e + e + e, cel.bind(g, f + f + f + f + f + f + f + f, g + g + g + g + g + g + g + g)))))))"],
    ["list doubling", "cel.bind(a, [1, 2, 3, 4, 5, 6, 7, 8], cel.bind(b, a + a + a + a + a + a + a + a, cel.bind(c, b + b + b + b + b + b + b + b, cel.bind(d, c + c + c + c + c + c + c + c, cel.bind(e, d + d + d + d + d + d + d + d, cel.bind(f, e + e + e + e + e + e + e + e, cel.bind(g, f + f + f + f + f + f + f + f, g + g + g + g + g + g + g + g)))))))"],
    ["lists.range", "lists.range(100000000).size() > 0"],
    ["format of a huge list", "[1, 2, 3, 4, 5, 6, 7, 8].all(i, '%s'.format([object.big]).size() > 0)"],
  ])("%s stops at the step limit", (_name, expr) => {
    const c = compileCel(expr);
    if ("problem" in c) throw new Error(c.problem.message);
    object ??= toCel({ big, nested: big.map((i) => [i]), long: "ab".repeat(50_000) });
    const t = performance.now();
    expect(() => c.program.run({ object, variables: {} })).toThrow(CelBudgetError);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it("ordinary policies stay far below the limit", () => {
    expect(run("object.items.map(i, i * 2).sort().distinct().size() == 100 && sets.contains(object.items, [1, 2])", { items: Array.from({ length: 100 }, (_, i) => i) })).toBe(true);
  });
});

describe("the supported-function table", () => {
  it("names exactly the functions the environment registers", () => {
    expect([...new Set(CEL_LIBRARY.flatMap((a) => a.names))].sort()).toEqual(supportedFunctions());
  });

  it("docs/policies.md shows the table (regenerate: node scripts/run-ts.js src/policies/cel-docs.ts)", () => {
    const doc = readFileSync(path.join(REPO_ROOT, "docs", "policies.md"), "utf8");
    const block = /<!-- cel-functions:start -->\n([\s\S]*?)<!-- cel-functions:end -->/.exec(doc);
    expect(block?.[1]).toBe(celSupportTable());
  });
});
