import { defineRule } from "../../src/rule-api.js";
import { isPinnedDigest, parseImage, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "image-digest-missing",
    title: "Images should be pinned by digest",
    description:
      "Tags, version tags included, can be pushed again: only a digest (`@sha256:…`) names exactly the bytes that were reviewed and scanned. With a digest every node runs the same image, a registry compromise cannot swap it, and signature and provenance checks refer to something fixed. When a reference has both a tag and a digest, the runtime pulls by the digest and the tag is only a comment.",
    remediation: "Append the digest to the image (`nginx:1.27.3@sha256:…`); `crane digest` or `docker buildx imagetools inspect` print it, and Renovate keeps it current.",
    category: "images",
    level: "warning",
    securitySeverity: 3.5,
    precision: "very-high",
    tags: ["images", "supply-chain", "security"],
    presets: [],
    messages: {
      missing: 'container "{{name}}" uses image "{{image}}" without a digest',
      malformed: 'container "{{name}}" uses image "{{image}}" whose digest "{{digest}}" is not a valid "algorithm:hex" digest',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      const image = str(c.value.image);
      if (image === undefined) continue;
      const ref = parseImage(image);
      if (!ref || isPinnedDigest(ref.digest)) continue;
      const path = [...c.path, "image"];
      if (ref.digest === undefined) ctx.report({ path, messageId: "missing", data: { name: c.name, image } });
      else ctx.report({ path, messageId: "malformed", data: { name: c.name, image, digest: ref.digest } });
    }
  },
});
