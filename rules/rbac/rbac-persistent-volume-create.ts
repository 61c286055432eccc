import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("persistent-volume-create", {
  id: "rbac-persistent-volume-create",
  title: "Roles should not create PersistentVolumes",
  description:
    "A PersistentVolume can be a hostPath volume; whoever creates one and binds a claim to it mounts any directory of the node, past Pod Security admission, which checks pods and not volumes.",
  remediation:
    "Let StorageClasses and provisioners create volumes; grant create on persistentvolumes only to the storage operator.",
  level: "warning",
  securitySeverity: 6.5,
  tags: ["cis-5.1.9"],
});
