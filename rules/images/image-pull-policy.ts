import { defineRule } from "../../src/rule-api.js";
import { isPinnedDigest, parseImage, str } from "../../src/model/index.js";
import { DEFAULT_VERSION_TAG_PATTERN, compileTagPattern, tagVerdict } from "../../src/model/image-tags.js";

export default defineRule({
  meta: {
    id: "image-pull-policy",
    title: "Images with a moving tag should be pulled on every start",
    description:
      "With a moving tag (`latest`, `main`, a bare major) and `imagePullPolicy: IfNotPresent` or `Never`, each node runs whichever image it happened to pull first, so pods of one Deployment run different code, and a fixed image never reaches nodes that cached the old one. Kubernetes defaults the policy to `Always` only when the tag is `latest` or missing, so other moving tags need it set. Images pinned by digest or by a version tag are not reported; pinning is the better fix.",
    remediation: "Pin the image by digest or a version tag; until then set `imagePullPolicy: Always`.",
    category: "images",
    level: "note",
    securitySeverity: 3.0,
    precision: "high",
    tags: ["images", "supply-chain", "security"],
    presets: ["recommended"],
    messages: {
      unset: 'container "{{name}}" uses image "{{image}}" with a moving tag and no imagePullPolicy, which defaults to IfNotPresent; set Always or pin the image',
      notAlways: 'container "{{name}}" uses image "{{image}}" with a moving tag and imagePullPolicy: {{policy}}; set Always or pin the image',
    },
    options: {
      allowedTags: {
        type: "string",
        description: "Regular expression of the tags that count as versions (as in image-tag-mutable).",
        default: DEFAULT_VERSION_TAG_PATTERN,
      },
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const pattern = compileTagPattern(ctx.options.allowedTags) ?? new RegExp(DEFAULT_VERSION_TAG_PATTERN);
    for (const c of pod.containers) {
      const image = str(c.value.image);
      if (image === undefined) continue;
      const ref = parseImage(image);
      if (!ref || isPinnedDigest(ref.digest)) continue;
      const verdict = tagVerdict(ref.tag, pattern);
      if (verdict === "version") continue;
      const policy = c.value.imagePullPolicy;
      if (policy === "Always") continue;
      if (policy === undefined || policy === null) {
        // The API server defaults the policy to Always for `:latest` and untagged images.
        if (verdict === "missing" || ref.tag === "latest") continue;
        ctx.report({ path: [...c.path, "imagePullPolicy"], messageId: "unset", data: { name: c.name, image } });
      } else {
        ctx.report({ path: [...c.path, "imagePullPolicy"], messageId: "notAlways", data: { name: c.name, image, policy: String(policy) } });
      }
    }
  },
});
