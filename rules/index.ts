/** The built-in rules, listed explicitly (no directory scanning at run time: the Action is a bundle). Keep sorted by id. */
import type { Rule } from "../src/rule-api.js";
import addedCapabilities from "./pod-security/added-capabilities.js";
import apiDeprecated from "./integrity/api-deprecated.js";
import apiRemoved from "./integrity/api-removed.js";
import apiVersionUnknown from "./integrity/api-version-unknown.js";
import apiserverAdmissionPlugins from "./control-plane/apiserver-admission-plugins.js";
import apiserverAnonymousAuth from "./control-plane/apiserver-anonymous-auth.js";
import apiserverAuditLog from "./control-plane/apiserver-audit-log.js";
import apiserverAuthorizationMode from "./control-plane/apiserver-authorization-mode.js";
import apiserverEncryptionAtRest from "./control-plane/apiserver-encryption-at-rest.js";
import apiserverEtcdTls from "./control-plane/apiserver-etcd-tls.js";
import apiserverInsecureServing from "./control-plane/apiserver-insecure-serving.js";
import apiserverKubeletTls from "./control-plane/apiserver-kubelet-tls.js";
import apiserverProfiling from "./control-plane/apiserver-profiling.js";
import apiserverServiceAccount from "./control-plane/apiserver-service-account.js";
import apiserverTls from "./control-plane/apiserver-tls.js";
import apparmorProfile from "./pod-security/apparmor-profile.js";
import argocdDefaultProject from "./gitops/argocd-default-project.js";
import argocdProjectWildcard from "./gitops/argocd-project-wildcard.js";
import auditPolicyWeak from "./control-plane/audit-policy-weak.js";
import capabilitiesNotDropped from "./pod-security/capabilities-not-dropped.js";
import capabilityNameInvalid from "./workload/capability-name-invalid.js";
import controllerManagerConfig from "./control-plane/controller-manager-config.js";
import cpuLimitMissing from "./workload/cpu-limit-missing.js";
import crdSchema from "./integrity/crd-schema.js";
import defaultNamespace from "./workload/default-namespace.js";
import defaultServiceAccount from "./workload/default-service-account.js";
import deprecatedServiceAccountField from "./workload/deprecated-service-account-field.js";
import duplicateEnvVar from "./workload/duplicate-env-var.js";
import duplicateKey from "./syntax/duplicate-key.js";
import encryptionConfigWeak from "./control-plane/encryption-config-weak.js";
import etcdTls from "./control-plane/etcd-tls.js";
import exposedRiskyWorkload from "./network/exposed-risky-workload.js";
import fieldType from "./integrity/field-type.js";
import fluxNoServiceAccount from "./gitops/flux-no-service-account.js";
import gatewayListenerPlaintext from "./network/gateway-listener-plaintext.js";
import gitopsSourceInsecure from "./gitops/gitops-source-insecure.js";
import hardcodedCredential from "./secrets/hardcoded-credential.js";
import helmRenderFailed from "./gitops/helm-render-failed.js";
import hostNamespaces from "./pod-security/host-namespaces.js";
import hostPathVolume from "./pod-security/host-path-volume.js";
import hostPort from "./pod-security/host-port.js";
import hostProbe from "./pod-security/host-probe.js";
import hostProcess from "./pod-security/host-process.js";
import imageDigestMissing from "./images/image-digest-missing.js";
import imagePullPolicy from "./images/image-pull-policy.js";
import imageRegistryAllowed from "./images/image-registry-allowed.js";
import imageTagMutable from "./images/image-tag-mutable.js";
import ingressBackendMissing from "./network/ingress-backend-missing.js";
import ingressNginxSnippet from "./network/ingress-nginx-snippet.js";
import ingressSslRedirectDisabled from "./network/ingress-ssl-redirect-disabled.js";
import ingressTlsMissing from "./network/ingress-tls-missing.js";
import ingressTlsSecretMissing from "./network/ingress-tls-secret-missing.js";
import ingressWildcardHost from "./network/ingress-wildcard-host.js";
import kubeSystemWorkload from "./workload/kube-system-workload.js";
import kubeletAnonymousAuth from "./control-plane/kubelet-anonymous-auth.js";
import kubeletAuthorizationMode from "./control-plane/kubelet-authorization-mode.js";
import kubeletHardening from "./control-plane/kubelet-hardening.js";
import kubeletReadOnlyPort from "./control-plane/kubelet-read-only-port.js";
import kubeletTls from "./control-plane/kubelet-tls.js";
import kustomizeBuildFailed from "./gitops/kustomize-build-failed.js";
import kustomizeHelmCharts from "./gitops/kustomize-helm-charts.js";
import kustomizeRemoteBase from "./gitops/kustomize-remote-base.js";
import malformedPodSpec from "./workload/malformed-pod-spec.js";
import memoryLimitMissing from "./workload/memory-limit-missing.js";
import nakedPod from "./workload/naked-pod.js";
import namespacePodSecurityLevel from "./pod-security/namespace-pod-security-level.js";
import netpolAllowAllSources from "./network/netpol-allow-all-sources.js";
import netpolDefaultDenyMissing from "./network/netpol-default-deny-missing.js";
import netpolNamedPortUndeclared from "./network/netpol-named-port-undeclared.js";
import netpolOpenEgress from "./network/netpol-open-egress.js";
import netpolSelectsNothing from "./network/netpol-selects-nothing.js";
import netpolUncoveredWorkload from "./network/netpol-uncovered-workload.js";
import notAResource from "./syntax/not-a-resource.js";
import podSecurityAdmission from "./pod-security/pod-security-admission.js";
import privilegeEscalation from "./pod-security/privilege-escalation.js";
import privilegedContainer from "./pod-security/privileged-container.js";
import probeMissing from "./workload/probe-missing.js";
import probePortUndeclared from "./workload/probe-port-undeclared.js";
import procMount from "./pod-security/proc-mount.js";
import procMountRestricted from "./pod-security/proc-mount-restricted.js";
import rbacAnonymousSubject from "./rbac/rbac-anonymous-subject.js";
import rbacAuthenticatedSubject from "./rbac/rbac-authenticated-subject.js";
import rbacBindingRoleMissing from "./rbac/rbac-binding-role-missing.js";
import rbacBindingSubjectMissing from "./rbac/rbac-binding-subject-missing.js";
import rbacClusterAdminBinding from "./rbac/rbac-cluster-admin-binding.js";
import rbacCreateWorkloads from "./rbac/rbac-create-workloads.js";
import rbacCsrApprove from "./rbac/rbac-csr-approve.js";
import rbacDefaultServiceAccount from "./rbac/rbac-default-service-account.js";
import rbacEscalateBind from "./rbac/rbac-escalate-bind.js";
import rbacEscalationPath from "./rbac/rbac-escalation-path.js";
import rbacImpersonate from "./rbac/rbac-impersonate.js";
import rbacKubeSystemConfigmaps from "./rbac/rbac-kube-system-configmaps.js";
import rbacNodeProxy from "./rbac/rbac-node-proxy.js";
import rbacPersistentVolumeCreate from "./rbac/rbac-persistent-volume-create.js";
import rbacPodExec from "./rbac/rbac-pod-exec.js";
import rbacSecretsRead from "./rbac/rbac-secrets-read.js";
import rbacServiceStatus from "./rbac/rbac-service-status.js";
import rbacSystemMasters from "./rbac/rbac-system-masters.js";
import rbacTokenCreate from "./rbac/rbac-token-create.js";
import rbacWebhookConfig from "./rbac/rbac-webhook-config.js";
import rbacWildcard from "./rbac/rbac-wildcard.js";
import rbacWorkloadDangerousIdentity from "./rbac/rbac-workload-dangerous-identity.js";
import readOnlyRootFilesystem from "./workload/read-only-root-filesystem.js";
import referenceMissing from "./workload/reference-missing.js";
import requiredFieldMissing from "./integrity/required-field-missing.js";
import resourceRequestsMissing from "./workload/resource-requests-missing.js";
import restrictedVolumeTypes from "./pod-security/restricted-volume-types.js";
import rootGroup from "./workload/root-group.js";
import routeBackendMissing from "./network/route-backend-missing.js";
import runAsHighUid from "./workload/run-as-high-uid.js";
import runAsNonRoot from "./pod-security/run-as-non-root.js";
import runAsRootUser from "./pod-security/run-as-root-user.js";
import schedulerConfig from "./control-plane/scheduler-config.js";
import seccompProfileMissing from "./pod-security/seccomp-profile-missing.js";
import seccompUnconfined from "./pod-security/seccomp-unconfined.js";
import secretEnvVar from "./secrets/secret-env-var.js";
import secretInConfigmap from "./secrets/secret-in-configmap.js";
import secretLiteralInEnv from "./secrets/secret-literal-in-env.js";
import secretPlaintext from "./secrets/secret-plaintext.js";
import secretServiceAccountToken from "./secrets/secret-service-account-token.js";
import selectorTemplateMismatch from "./workload/selector-template-mismatch.js";
import selinuxOptions from "./pod-security/selinux-options.js";
import sensitiveHostMount from "./workload/sensitive-host-mount.js";
import serviceAccountTokenAutomount from "./workload/service-account-token-automount.js";
import serviceExternalIps from "./network/service-external-ips.js";
import serviceLoadBalancerOpen from "./network/service-load-balancer-open.js";
import serviceNodePort from "./network/service-node-port.js";
import serviceSelectsNothing from "./network/service-selects-nothing.js";
import serviceTargetPortUndeclared from "./network/service-target-port-undeclared.js";
import shareProcessNamespace from "./workload/share-process-namespace.js";
import sshPort from "./workload/ssh-port.js";
import unknownField from "./integrity/unknown-field.js";
import unsafeSysctls from "./pod-security/unsafe-sysctls.js";
import unusedSuppression from "./syntax/unused-suppression.js";
import vapViolation from "./integrity/vap-violation.js";
import webhookExemptsAll from "./control-plane/webhook-exempts-all.js";
import webhookFailureOpen from "./control-plane/webhook-failure-open.js";
import webhookPlaintext from "./control-plane/webhook-plaintext.js";
import writableHostMount from "./workload/writable-host-mount.js";
import yamlSyntax from "./syntax/yaml-syntax.js";

export const builtInRules: readonly Rule[] = [
  addedCapabilities,
  apiDeprecated,
  apiRemoved,
  apiVersionUnknown,
  apiserverAdmissionPlugins,
  apiserverAnonymousAuth,
  apiserverAuditLog,
  apiserverAuthorizationMode,
  apiserverEncryptionAtRest,
  apiserverEtcdTls,
  apiserverInsecureServing,
  apiserverKubeletTls,
  apiserverProfiling,
  apiserverServiceAccount,
  apiserverTls,
  apparmorProfile,
  argocdDefaultProject,
  argocdProjectWildcard,
  auditPolicyWeak,
  capabilitiesNotDropped,
  capabilityNameInvalid,
  controllerManagerConfig,
  cpuLimitMissing,
  crdSchema,
  defaultNamespace,
  defaultServiceAccount,
  deprecatedServiceAccountField,
  duplicateEnvVar,
  duplicateKey,
  encryptionConfigWeak,
  etcdTls,
  exposedRiskyWorkload,
  fieldType,
  fluxNoServiceAccount,
  gatewayListenerPlaintext,
  gitopsSourceInsecure,
  hardcodedCredential,
  helmRenderFailed,
  hostNamespaces,
  hostPathVolume,
  hostPort,
  hostProbe,
  hostProcess,
  imageDigestMissing,
  imagePullPolicy,
  imageRegistryAllowed,
  imageTagMutable,
  ingressBackendMissing,
  ingressNginxSnippet,
  ingressSslRedirectDisabled,
  ingressTlsMissing,
  ingressTlsSecretMissing,
  ingressWildcardHost,
  kubeSystemWorkload,
  kubeletAnonymousAuth,
  kubeletAuthorizationMode,
  kubeletHardening,
  kubeletReadOnlyPort,
  kubeletTls,
  kustomizeBuildFailed,
  kustomizeHelmCharts,
  kustomizeRemoteBase,
  malformedPodSpec,
  memoryLimitMissing,
  nakedPod,
  namespacePodSecurityLevel,
  netpolAllowAllSources,
  netpolDefaultDenyMissing,
  netpolNamedPortUndeclared,
  netpolOpenEgress,
  netpolSelectsNothing,
  netpolUncoveredWorkload,
  notAResource,
  podSecurityAdmission,
  privilegeEscalation,
  privilegedContainer,
  probeMissing,
  probePortUndeclared,
  procMount,
  procMountRestricted,
  rbacAnonymousSubject,
  rbacAuthenticatedSubject,
  rbacBindingRoleMissing,
  rbacBindingSubjectMissing,
  rbacClusterAdminBinding,
  rbacCreateWorkloads,
  rbacCsrApprove,
  rbacDefaultServiceAccount,
  rbacEscalateBind,
  rbacEscalationPath,
  rbacImpersonate,
  rbacKubeSystemConfigmaps,
  rbacNodeProxy,
  rbacPersistentVolumeCreate,
  rbacPodExec,
  rbacSecretsRead,
  rbacServiceStatus,
  rbacSystemMasters,
  rbacTokenCreate,
  rbacWebhookConfig,
  rbacWildcard,
  rbacWorkloadDangerousIdentity,
  readOnlyRootFilesystem,
  referenceMissing,
  requiredFieldMissing,
  resourceRequestsMissing,
  restrictedVolumeTypes,
  rootGroup,
  routeBackendMissing,
  runAsHighUid,
  runAsNonRoot,
  runAsRootUser,
  schedulerConfig,
  seccompProfileMissing,
  seccompUnconfined,
  secretEnvVar,
  secretInConfigmap,
  secretLiteralInEnv,
  secretPlaintext,
  secretServiceAccountToken,
  selectorTemplateMismatch,
  selinuxOptions,
  sensitiveHostMount,
  serviceAccountTokenAutomount,
  serviceExternalIps,
  serviceLoadBalancerOpen,
  serviceNodePort,
  serviceSelectsNothing,
  serviceTargetPortUndeclared,
  shareProcessNamespace,
  sshPort,
  unknownField,
  unsafeSysctls,
  unusedSuppression,
  vapViolation,
  webhookExemptsAll,
  webhookFailureOpen,
  webhookPlaintext,
  writableHostMount,
  yamlSyntax,
];
