import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `restrictedVolumes` check. */
export default pssCheckRule("restrictedVolumes", {
  id: "restricted-volume-types",
  title: "Only restricted volume types may be used",
  description:
    "Network and host volume plugins (NFS, iSCSI, RBD, gitRepo, hostPath and others) let a pod reach storage outside the cluster's access control or run plugin code on the node. The Restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret.",
  remediation:
    "Replace the volume with one of the allowed types, typically a PersistentVolumeClaim backed by a StorageClass for the same storage.",
  securitySeverity: 5.0,
});
