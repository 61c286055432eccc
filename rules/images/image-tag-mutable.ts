import { defineRule } from "../../src/rule-api.js";
import { isPinnedDigest, parseImage, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "image-tag-mutable",
    title: "Images should be pinned to a version or a digest",
    description:
      "An image without a tag runs `:latest`, and `latest` or a branch-like tag (`main`, `stable`, `edge`) points at whatever was pushed last. Nodes then run different code from the same manifest, a rollback does not roll back, and a compromised registry push reaches the cluster on the next pod restart.",
    remediation: "Use a version tag (`nginx:1.27.3`) or, better, a digest (`nginx@sha256:…`), and let a bot such as Renovate bump it.",
    category: "images",
    level: "warning",
    securitySeverity: 5.5,
    precision: "high",
    tags: ["images", "supply-chain"],
    presets: ["recommended"],
    messages: {
      noTag: 'container "{{name}}" uses image "{{image}}" without a tag, so it runs whatever ":latest" is at pull time; pin a version tag or a digest',
      mutableTag: 'container "{{name}}" uses image "{{image}}" with the moving tag "{{tag}}"; pin a version tag or a digest',
    },
    options: {
      mutableTags: {
        type: "array",
        items: { type: "string" },
        description: "Tags always treated as moving, in addition to any tag without a digit.",
        default: ["latest"],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const mutable = new Set(((ctx.options.mutableTags as string[] | undefined) ?? ["latest"]).map((t) => t.toLowerCase()));
    for (const c of pod.containers) {
      const image = str(c.value.image);
      if (image === undefined) continue;
      const ref = parseImage(image);
      if (!ref || isPinnedDigest(ref.digest)) continue;
      const path = [...c.path, "image"];
      if (ref.tag === undefined || ref.tag === "") {
        ctx.report({ path, messageId: "noTag", data: { name: c.name, image } });
      } else if (mutable.has(ref.tag.toLowerCase()) || !/\d/.test(ref.tag)) {
        ctx.report({ path, messageId: "mutableTag", data: { name: c.name, image, tag: ref.tag } });
      }
    }
  },
});
