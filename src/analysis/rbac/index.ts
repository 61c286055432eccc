export * from "./model-types.js";
export * from "./policy.js";
export * from "./model.js";
export * from "./dangerous.js";
export * from "./escalation.js";
export { BOOTSTRAP_SOURCE } from "./bootstrap-data.js";
export * from "./report.js";
export * from "./rights.js";
