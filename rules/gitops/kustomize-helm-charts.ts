import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "kustomize-helm-charts",
    title: "Kustomizations that inflate Helm charts are linted unrendered",
    description:
      "A `helmCharts:` entry makes kustomize run Helm, which fetches the chart and executes its templates. shipshape does not enable Helm inside kustomize, so such a kustomization is not rendered: its chart output and everything its overlays change are not checked, only the local files as written.",
    remediation:
      "Vendor the chart and lint it as a chart (shipshape renders charts natively), or commit the `helm template` output the kustomization would produce and list that file as a resource.",
    category: "gitops",
    level: "note",
    precision: "very-high",
    tags: ["kustomize", "render", "helm"],
    presets: ["recommended"],
    messages: { helm: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
