/** Offline schema validation: bundled Kubernetes API data, lifecycle, and CRD schemas from the repo. */
export * from "./builtin.js";
export * from "./crd.js";
export * from "./data.js";
export * from "./lifecycle.js";
export * from "./suggest.js";
export * from "./security.js";
export type * from "./format.js";
