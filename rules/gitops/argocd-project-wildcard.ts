import { describeRights, nsKey, rbacModel, subjectDisplay, subjectKey, type RbacModel } from "../../src/analysis/rbac/index.js";
import { arr, obj, podSpecOf, str, type Path, type Resource, type ResourceIndex, type WorkloadKinds } from "../../src/model/index.js";
import { defineRule, type RelatedInput } from "../../src/rule-api.js";

const ARGO = "argoproj.io";
const CONTROLLER = "argocd-application-controller";

/** The application controller of the Argo CD install in a namespace, if the repo holds it, and its ServiceAccount key. */
function applicationController(index: ResourceIndex, kinds: WorkloadKinds, project: Resource): { resource: Resource | undefined; saKey: string } {
  for (const kind of ["StatefulSet", "Deployment"]) {
    for (const w of index.get(kind, project.namespace, CONTROLLER)) {
      const pod = podSpecOf(w, kinds);
      if (!pod) continue;
      const sa = str(pod.spec.serviceAccountName) || str(pod.spec.serviceAccount) || "default";
      return { resource: w, saKey: subjectKey("ServiceAccount", sa, nsKey(w)) };
    }
  }
  return { resource: undefined, saKey: subjectKey("ServiceAccount", CONTROLLER, nsKey(project)) };
}

export default defineRule({
  meta: {
    id: "argocd-project-wildcard",
    title: "Argo CD projects should not allow every source, destination or cluster-scoped kind",
    description:
      "An Argo CD `AppProject` is the only thing between an `Application` and the application controller's rights, which a standard install makes cluster-admin. A project whose `sourceRepos` holds `*` deploys manifests from any repository anyone can push to; a destination with `server: '*'` (or `name: '*'`) reaches every cluster Argo CD knows; `namespace: '*'` reaches every namespace, `kube-system` and Argo CD's own included; and a `clusterResourceWhitelist` entry with `group: '*'` and `kind: '*'` lets its Applications create ClusterRoles, ClusterRoleBindings, webhooks and CRDs. Whoever may create Applications in such a project (or change a repository it trusts) holds the controller's rights. This is exactly the `default` project that every Argo CD install creates. When the repo holds the application controller's RBAC, the message says what it can do.",
    remediation:
      "List the repositories (`https://github.com/acme/team-a-*`), the clusters and the namespaces the project's Applications need, and whitelist only the cluster-scoped kinds they must create (often none, or `Namespace`). Keep wide projects for the platform team, and restrict who may create Applications in them (project roles, `sourceNamespaces`).",
    category: "gitops",
    level: "warning",
    securitySeverity: 7.0,
    precision: "very-high",
    tags: ["gitops", "argocd", "multi-tenancy", "security", "cross-resource"],
    presets: ["recommended"],
    messages: {
      sourceRepos: 'AppProject "{{name}}" allows every source repository (sourceRepos "*"), so its Applications may deploy manifests from any repository; {{applier}}',
      destinationCluster: 'AppProject "{{name}}" allows every destination cluster ({{field}} "*"); {{applier}}',
      destinationNamespace: 'AppProject "{{name}}" allows every destination namespace (namespace "*"), kube-system included; {{applier}}',
      clusterResources: 'AppProject "{{name}}" allows every cluster-scoped kind (clusterResourceWhitelist group "*", kind "*"), ClusterRoleBindings and webhooks included; {{applier}}',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    let model: RbacModel | undefined;
    for (const project of index.ofKind("AppProject")) {
      if (project.group !== ARGO) continue;
      const spec = obj(project.value.spec);
      if (!spec) continue;
      const hits: { path: Path; messageId: "sourceRepos" | "destinationCluster" | "destinationNamespace" | "clusterResources"; field?: string }[] = [];
      arr(spec.sourceRepos).forEach((repo, i) => {
        if (repo === "*") hits.push({ path: ["spec", "sourceRepos", i], messageId: "sourceRepos" });
      });
      arr(spec.destinations).forEach((d, i) => {
        const dest = obj(d);
        if (!dest) return;
        for (const field of ["server", "name"]) {
          if (dest[field] === "*") hits.push({ path: ["spec", "destinations", i, field], messageId: "destinationCluster", field });
        }
        if (dest.namespace === "*") hits.push({ path: ["spec", "destinations", i, "namespace"], messageId: "destinationNamespace" });
      });
      arr(spec.clusterResourceWhitelist).forEach((e, i) => {
        const entry = obj(e);
        if (entry?.group === "*" && entry.kind === "*") hits.push({ path: ["spec", "clusterResourceWhitelist", i], messageId: "clusterResources" });
      });
      if (hits.length === 0) continue;

      let applier: string;
      const related: RelatedInput[] = [];
      if (arr(spec.destinationServiceAccounts).length > 0) {
        applier = "with sync impersonation enabled its Applications sync as the ServiceAccounts in destinationServiceAccounts, otherwise as the application controller";
      } else {
        model ??= rbacModel(index, ctx.workloadKinds);
        const controller = applicationController(index, ctx.workloadKinds, project);
        const known = describeRights(model, controller.saKey);
        const sa = subjectDisplay(controller.saKey);
        if (!known) applier = `they are applied as the application controller (${sa}), which a standard Argo CD install makes cluster-admin`;
        else if (known.rights === undefined) applier = `they are applied as the application controller (${sa}), which holds no dangerous rights through this repo's bindings`;
        else applier = `they are applied as the application controller (${sa}), which can ${known.rights}`;
        if (controller.resource) related.push({ resource: controller.resource, path: ["metadata", "name"], message: `the Argo CD application controller runs as ${sa}` });
        if (known) related.push(...known.places);
      }
      const name = project.name ?? "(unnamed)";
      for (const h of hits) {
        ctx.report({ resource: project, path: h.path, messageId: h.messageId, data: { name, applier, field: h.field ?? "" }, related });
      }
    }
  },
});

