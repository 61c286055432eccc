// Public API of the native Helm renderer.
export { renderChart, renderTemplateString, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION } from "./render.js";
export type { RenderOptions, RenderResult, RenderedDocument, RenderProblem, MappedLocation, SourcePosition, ValuesFile } from "./render.js";
export { parseGoYaml } from "./goyaml.js";
