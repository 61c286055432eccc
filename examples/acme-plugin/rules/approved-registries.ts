import { defineRule, str } from "shipshape";

/** Images come from the registries Acme scans and mirrors. */
export default defineRule({
  meta: {
    id: "approved-registries",
    title: "Images must come from Acme's registries",
    description: "Acme scans and signs images on their way into its own registries; an image pulled from anywhere else skipped that.",
    remediation: "Mirror the image into an approved registry and reference it there.",
    category: "images",
    level: "error",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["acme", "supply-chain", "security"],
    presets: ["recommended"],
    messages: {
      unapproved: 'container "{{name}}" uses image "{{image}}" from outside {{registries}}',
    },
    options: {
      registries: {
        type: "array",
        items: { type: "string" },
        description: "Image prefixes that are allowed.",
        default: ["registry.acme.io/"],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const registries = Array.isArray(ctx.options.registries) ? ctx.options.registries.filter((r): r is string => typeof r === "string") : [];
    // pod.containers covers containers, initContainers and ephemeralContainers
    for (const c of pod.containers) {
      const image = str(c.value.image);
      if (image === undefined || registries.some((r) => image.startsWith(r))) continue;
      ctx.report({ path: [...c.path, "image"], messageId: "unapproved", data: { name: c.name, image, registries: registries.join(", ") } });
    }
  },
});
