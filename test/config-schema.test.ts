import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { STARTER_CONFIG } from "../src/cli/init-template.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema", "shipshape.schema.json"), "utf8")) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe("config JSON Schema", () => {
  it("accepts the starter config that `shipshape init` writes", () => {
    expect(validate(parse(STARTER_CONFIG)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts the README's configuration example", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(validate(parse(block ?? "")), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects unknown keys, unknown rules and bad levels, as the loader does", () => {
    expect(validate({ exclud: [] })).toBe(false);
    expect(validate({ rules: { "no-such-rule": "error" } })).toBe(false);
    expect(validate({ rules: { "image-tag-mutable": "loud" } })).toBe(false);
    expect(validate({ kubeVersion: 1.3 })).toBe(false);
  });
});
