/** Kinds that live outside namespaces; a namespace set on them is ignored, as the API server does. */
const CLUSTER_SCOPED = new Set([
  "|Namespace", "|Node", "|PersistentVolume", "|ComponentStatus",
  "rbac.authorization.k8s.io|ClusterRole", "rbac.authorization.k8s.io|ClusterRoleBinding",
  "storage.k8s.io|StorageClass", "storage.k8s.io|CSIDriver", "storage.k8s.io|CSINode", "storage.k8s.io|VolumeAttachment",
  "apiextensions.k8s.io|CustomResourceDefinition", "scheduling.k8s.io|PriorityClass",
  "admissionregistration.k8s.io|ValidatingWebhookConfiguration", "admissionregistration.k8s.io|MutatingWebhookConfiguration",
  "admissionregistration.k8s.io|ValidatingAdmissionPolicy", "admissionregistration.k8s.io|ValidatingAdmissionPolicyBinding",
  "admissionregistration.k8s.io|MutatingAdmissionPolicy", "admissionregistration.k8s.io|MutatingAdmissionPolicyBinding",
  "apiregistration.k8s.io|APIService", "node.k8s.io|RuntimeClass", "networking.k8s.io|IngressClass",
  "networking.k8s.io|IPAddress", "networking.k8s.io|ServiceCIDR",
  "policy|PodSecurityPolicy", "extensions|PodSecurityPolicy", "certificates.k8s.io|CertificateSigningRequest",
  "certificates.k8s.io|ClusterTrustBundle", "flowcontrol.apiserver.k8s.io|FlowSchema",
  "flowcontrol.apiserver.k8s.io|PriorityLevelConfiguration", "gateway.networking.k8s.io|GatewayClass",
  "cert-manager.io|ClusterIssuer", "external-secrets.io|ClusterSecretStore", "external-secrets.io|ClusterExternalSecret",
  "kyverno.io|ClusterPolicy", "networking.k8s.io|ClusterNetworkPolicy", "policy.networking.k8s.io|AdminNetworkPolicy",
  "policy.networking.k8s.io|BaselineAdminNetworkPolicy", "resource.k8s.io|DeviceClass",
]);

export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}|${kind}`);
}
