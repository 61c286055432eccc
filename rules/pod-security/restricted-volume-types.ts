import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `restrictedVolumes` check. */
export default defineRule({
  meta: {
    id: "restricted-volume-types",
    title: "Only restricted volume types may be used",
    description:
      "Network and host volume plugins (NFS, iSCSI, RBD, gitRepo, hostPath and others) let a pod reach storage outside the cluster's access control or run plugin code on the node. The Restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret.",
    remediation:
      "Replace the volume with one of the allowed types, typically a PersistentVolumeClaim backed by a StorageClass for the same storage.",
    category: "pod-security",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.restrictedVolumes,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("restrictedVolumes", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
