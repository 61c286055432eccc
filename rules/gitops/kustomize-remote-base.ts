import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "kustomize-remote-base",
    title: "Kustomizations should not pull remote bases",
    description:
      "A base, component or file fetched from a URL or a Git address is code from outside the repository: it changes without a commit here, and reviewing this repository says nothing about what it adds. shipshape never fetches, so a kustomization that reaches outside the repository (directly or through its bases) is not rendered and its local files are linted as written.",
    remediation:
      "Vendor the remote base into the repository (or a pinned submodule) and reference it by a local path; if it must stay remote, pin it to a commit SHA rather than a branch or tag.",
    category: "gitops",
    level: "warning",
    precision: "very-high",
    tags: ["kustomize", "render", "supply-chain"],
    presets: ["recommended"],
    messages: { remote: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
