export * from "./cidr.js";
export * from "./internal.js";
export * from "./ports.js";
export * from "./policies.js";
export * from "./objects.js";
export * from "./model.js";
export * from "./locate.js";
export * from "./risk.js";
export { exposureReport, exposureMarkdownSummary, type ExposureReportOptions, type ExposureJson } from "./report.js";
