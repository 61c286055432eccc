import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "helm-render-failed",
    title: "Helm charts must render",
    description:
      "shipshape renders every application chart in the repository itself — with its own values, each `ci/*.yaml` file, the value sets in the config and the Argo CD Applications and Flux HelmReleases that deploy it — and lints what the cluster would receive. A template that fails (`required`, `fail`, a template error, output that is not YAML), a values file that is missing, or a dependency that is not vendored leaves part of the chart unrendered, and that part goes unchecked; Argo CD or Flux would fail the same way. When the chart has other value sets, a failure with the bare default values is only a note: many charts refuse to render without values on purpose.",
    remediation:
      "Fix the template line or the values named in the message (pass the value a `required` asks for in the values file of that render, vendor missing dependencies under `charts/`), or add the values the chart needs as `ci/*.yaml` or a `helm.charts` entry in `.shipshape.yaml`.",
    category: "gitops",
    level: "warning",
    precision: "high",
    tags: ["helm", "render"],
    presets: ["recommended"],
    messages: { failed: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
