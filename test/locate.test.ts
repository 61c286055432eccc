import { describe, expect, it } from "vitest";
import { parseYaml } from "../src/load/parse.js";
import { locate } from "../src/load/locate.js";

function at(text: string, path: (string | number)[]) {
  const { documents, source } = parseYaml(text);
  const doc = documents[0];
  if (!doc) throw new Error("no document");
  return locate(doc.ast, source, path);
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.25
      securityContext:
        privileged: true
    - name: side
      image: busybox
`;

describe("locate", () => {
  it("points at the key of an existing field and spans its value", () => {
    expect(at(POD, ["spec", "containers", 0, "securityContext", "privileged"])).toEqual({
      line: 10, column: 9, endLine: 10, endColumn: 25, depth: 5,
    });
  });

  it("falls back to the deepest existing key for a missing field", () => {
    const r = at(POD, ["spec", "containers", 1, "securityContext", "runAsNonRoot"]);
    expect([r.line, r.column, r.depth]).toEqual([11, 7, 3]);
    const s = at(POD, ["spec", "containers", 0, "securityContext", "runAsNonRoot"]);
    expect([s.line, s.column, s.depth]).toEqual([9, 7, 4]);
  });

  it("locates a sequence item at its first token after the dash", () => {
    const r = at(POD, ["spec", "containers", 1]);
    expect([r.line, r.column]).toEqual([11, 7]);
  });

  it("locates elements of flow sequences", () => {
    const r = at("a:\n  caps: [NET_RAW, SYS_ADMIN]\n", ["a", "caps", 1]);
    expect([r.line, r.column, r.endLine, r.endColumn]).toEqual([2, 19, 2, 28]);
  });

  it("counts columns in UTF-16 code units after non-ASCII text and ignores CRLF", () => {
    const r = at("metadata:\r\n  annotations: {\"ä€\": x, b: y}\r\n", ["metadata", "annotations", "b"]);
    expect([r.line, r.column]).toEqual([2, 26]);
  });

  it("follows merge keys to the anchored map", () => {
    const r = at("base: &b\n  privileged: true\nsc:\n  <<: *b\n", ["sc", "privileged"]);
    expect([r.line, r.column]).toEqual([2, 3]);
  });
});
