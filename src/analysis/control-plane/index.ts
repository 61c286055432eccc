export * from "./flags.js";
export * from "./components.js";
export * from "./tls.js";
export * from "./config-files.js";
