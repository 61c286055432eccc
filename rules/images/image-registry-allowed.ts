import { defineRule } from "../../src/rule-api.js";
import { arr, parseImage, str } from "../../src/model/index.js";
import { frozenRegistryOf, fullImageName, imageUnderPrefix, normalizeRegistryPrefix } from "../../src/model/image-registries.js";

export default defineRule({
  meta: {
    id: "image-registry-allowed",
    title: "Images must come from maintained, allowed registries",
    description:
      "Some registries no longer receive images: `k8s.gcr.io` was frozen in 2023 in favour of `registry.k8s.io`, GitHub's `docker.pkg.github.com` was replaced by `ghcr.io`, and Bitnami's `bitnamilegacy` archive gets no updates. Images from them never get a security fix, and some stop resolving. With the `registries` option the rule also enforces an allow-list: every image must come from one of the listed registries or repository prefixes. Prefixes match at a path boundary, so `ghcr.io/acme` does not admit `ghcr.io/acmecorp`; Docker Hub images are compared as `docker.io/library/nginx`.",
    remediation: "Pull from the maintained successor (`registry.k8s.io`, `ghcr.io`), or mirror the image into an allowed registry and reference the mirror.",
    category: "images",
    level: "error",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["images", "supply-chain", "security"],
    presets: ["recommended"],
    messages: {
      frozen: 'container "{{name}}" pulls image "{{image}}" from {{prefix}}, {{why}}; use {{instead}}',
      notAllowed: 'container "{{name}}" pulls image "{{image}}" from outside the allowed registries ({{allowed}})',
    },
    options: {
      registries: {
        type: "array",
        items: { type: "string" },
        description: "Allowed registries or repository prefixes (`ghcr.io/acme/`, `registry.k8s.io`, `docker.io/library`). Empty: no allow-list, only frozen registries are reported.",
        default: [],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const allowed = arr(ctx.options.registries).flatMap((e) => {
      const n = typeof e === "string" ? normalizeRegistryPrefix(e) : undefined;
      return n === undefined ? [] : [n];
    });
    for (const c of pod.containers) {
      const image = str(c.value.image);
      if (image === undefined) continue;
      const ref = parseImage(image);
      if (!ref) continue;
      const full = fullImageName(ref);
      const path = [...c.path, "image"];
      const frozen = frozenRegistryOf(full);
      if (frozen) {
        ctx.report({ path, messageId: "frozen", data: { name: c.name, image, prefix: frozen.prefix, why: frozen.why, instead: frozen.instead } });
      } else if (allowed.length > 0 && !allowed.some((p) => imageUnderPrefix(full, p))) {
        ctx.report({ path, messageId: "notAllowed", data: { name: c.name, image, allowed: allowed.join(", ") } });
      }
    }
  },
});
