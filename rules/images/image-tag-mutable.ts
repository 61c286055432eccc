import { defineRule } from "../../src/rule-api.js";
import { arr, isPinnedDigest, parseImage, str } from "../../src/model/index.js";
import { DEFAULT_VERSION_TAG_PATTERN, compileTagPattern, tagVerdict } from "../../src/model/image-tags.js";

export default defineRule({
  meta: {
    id: "image-tag-mutable",
    title: "Images should be pinned to a version or a digest",
    description:
      "An image without a tag runs `:latest`, and `latest`, a branch-like tag (`main`, `stable`, `edge`) or a bare major version (`15`) points at whatever was pushed last. Nodes then run different code from the same manifest, a rollback does not roll back, and a compromised registry push reaches the cluster on the next pod restart. A tag counts as a version when it matches the `allowedTags` pattern (by default `1.2`, `v1.2.3`, `1.27.3-alpine`); an image pinned by digest passes whatever its tag. Registry ports are parsed as ports, so `registry:5000/app` has no tag.",
    remediation: "Use a version tag (`nginx:1.27.3`) or, better, a digest (`nginx@sha256:…`), and let a bot such as Renovate bump it. If your releases use another tag scheme (commit hashes, dates), widen `allowedTags`.",
    category: "images",
    level: "error",
    securitySeverity: 5.5,
    precision: "high",
    tags: ["images", "supply-chain", "security"],
    presets: ["recommended"],
    messages: {
      noTag: 'container "{{name}}" uses image "{{image}}" without a tag, so it runs whatever ":latest" is at pull time; pin a version tag or a digest',
      mutableTag: 'container "{{name}}" uses image "{{image}}" with the moving tag "{{tag}}"; pin a version tag or a digest',
      notVersion: 'container "{{name}}" uses image "{{image}}" whose tag "{{tag}}" is not a version (allowedTags), so it can move; pin a version tag or a digest',
    },
    options: {
      allowedTags: {
        type: "string",
        description: "Regular expression (JavaScript syntax) of the tags that count as versions; any other tag is reported unless the image is pinned by digest.",
        default: DEFAULT_VERSION_TAG_PATTERN,
      },
      mutableTags: {
        type: "array",
        items: { type: "string" },
        description: "Tags always treated as moving, even when they match allowedTags (compared case-insensitively).",
        default: ["latest"],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const allowed = compileTagPattern(ctx.options.allowedTags);
    if (!allowed) ctx.note("image-tag-mutable/allowedTags", `image-tag-mutable: allowedTags is not a valid regular expression; using the default ${DEFAULT_VERSION_TAG_PATTERN}`);
    const pattern = allowed ?? new RegExp(DEFAULT_VERSION_TAG_PATTERN);
    const mutable = new Set(arr(ctx.options.mutableTags).flatMap((t) => (typeof t === "string" ? [t.toLowerCase()] : [])));
    for (const c of pod.containers) {
      const image = str(c.value.image);
      if (image === undefined) continue;
      const ref = parseImage(image);
      if (!ref || isPinnedDigest(ref.digest)) continue;
      const path = [...c.path, "image"];
      const verdict = ref.tag !== undefined && mutable.has(ref.tag.toLowerCase()) ? "moving" : tagVerdict(ref.tag, pattern);
      if (verdict === "missing") ctx.report({ path, messageId: "noTag", data: { name: c.name, image } });
      else if (verdict === "moving") ctx.report({ path, messageId: "mutableTag", data: { name: c.name, image, tag: ref.tag ?? "" } });
      else if (verdict === "not-version") ctx.report({ path, messageId: "notVersion", data: { name: c.name, image, tag: ref.tag ?? "" } });
    }
  },
});
