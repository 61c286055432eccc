export * from "./detectors.js";
export * from "./heuristics.js";
export * from "./walk.js";
export * from "./secret-objects.js";
