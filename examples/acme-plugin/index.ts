/**
 * An example shipshape plugin: two organisation rules written with the same public API as the
 * built-in rules. List it in `.shipshape.yaml` and run with `--allow-plugins`:
 *
 *   plugins: ["./examples/acme-plugin/index.ts"]   # compiled to .js on Node 20
 *
 * Its rule ids are namespaced by the plugin name: `acme/require-owner`, `acme/approved-registries`.
 */
import type { Plugin } from "shipshape";
import approvedRegistries from "./rules/approved-registries.js";
import requireOwner from "./rules/require-owner.js";

const plugin: Plugin = {
  name: "acme",
  rules: [approvedRegistries, requireOwner],
};

export default plugin;
