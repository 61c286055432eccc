import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "kustomize-build-failed",
    title: "Kustomizations must render",
    description:
      "shipshape renders each entry kustomization (one no other kustomization uses) and lints what the cluster would receive. When the build fails, Argo CD, Flux or `kubectl apply -k` fail the same way, and shipshape can only lint the files as they are written, so overlay patches and transformers go unchecked. A resource entry that does not exist is refused before kustomize runs, because kustomize would try to fetch it.",
    remediation:
      "Run `kustomize build` (or `kubectl kustomize`) on the named directory and fix the error it reports; point every resource at a path that exists in the repository. Builds that need plugins or exec functions are never run by shipshape.",
    category: "gitops",
    level: "warning",
    precision: "high",
    tags: ["kustomize", "render"],
    presets: ["recommended"],
    messages: { failed: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
