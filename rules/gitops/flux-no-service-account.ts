import { describeRights, nsKey, rbacModel, subjectDisplay, subjectKey, type RbacModel } from "../../src/analysis/rbac/index.js";
import {
  arr, obj, parseImage, podSpecOf, str, type Resource, type ResourceIndex, type WorkloadKinds,
} from "../../src/model/index.js";
import { defineRule, type RelatedInput } from "../../src/rule-api.js";

/** The Flux object kinds that apply manifests, by API group, and the controller that applies them. */
const APPLIERS: Readonly<Record<string, { group: string; controller: string }>> = {
  Kustomization: { group: "kustomize.toolkit.fluxcd.io", controller: "kustomize-controller" },
  HelmRelease: { group: "helm.toolkit.fluxcd.io", controller: "helm-controller" },
};

/** Where `flux install` and `flux bootstrap` put the controllers. */
const FLUX_NAMESPACE = "flux-system";
const DEFAULT_SA_FLAG = "--default-service-account";

/** A Flux controller Deployment found in the repo. */
interface Controller {
  readonly resource: Resource;
  readonly saKey: string;
  /** The `--default-service-account` value, when the controller impersonates it for objects that name none. */
  readonly defaultSa: string | undefined;
}

function isControllerImage(image: unknown, controller: string): boolean {
  const ref = typeof image === "string" ? parseImage(image) : undefined;
  return ref !== undefined && ref.repository.split("/").pop() === controller;
}

/** The value of `--default-service-account=NAME` or `--default-service-account NAME` in a container's command or args. */
function defaultSaFlag(container: Record<string, unknown>): string | undefined {
  for (const field of ["command", "args"]) {
    const list = arr(container[field]);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (typeof a !== "string") continue;
      if (a.startsWith(`${DEFAULT_SA_FLAG}=`)) return a.slice(DEFAULT_SA_FLAG.length + 1);
      const next = list[i + 1];
      if (a === DEFAULT_SA_FLAG && typeof next === "string") return next;
    }
  }
  return undefined;
}

function findControllers(index: ResourceIndex, kinds: WorkloadKinds, controller: string): Controller[] {
  const out: Controller[] = [];
  for (const d of index.ofKind("Deployment")) {
    if (d.group !== "apps" && d.group !== "extensions") continue;
    const pod = podSpecOf(d, kinds);
    if (!pod) continue;
    const c = pod.containers.find((x) => isControllerImage(x.value.image, controller))
      ?? (d.name === controller ? pod.containers.find((x) => x.kind === "container") : undefined);
    if (!c) continue;
    const sa = str(pod.spec.serviceAccountName) || str(pod.spec.serviceAccount) || "default";
    out.push({ resource: d, saKey: subjectKey("ServiceAccount", sa, nsKey(d)), defaultSa: defaultSaFlag(c.value) || undefined });
  }
  return out;
}

function dirOf(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash < 0 ? "" : file.slice(0, slash + 1);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The controller install nearest to the object in the tree (a repo may hold one Flux install per cluster). */
function nearest(controllers: readonly Controller[], r: Resource): Controller | undefined {
  let best: Controller | undefined;
  let bestLen = -1;
  for (const c of controllers) {
    const len = commonPrefix(dirOf(c.resource.file), dirOf(r.file));
    if (len > bestLen) { best = c; bestLen = len; }
  }
  return best;
}

export default defineRule({
  meta: {
    id: "flux-no-service-account",
    title: "Flux Kustomizations and HelmReleases should apply as their own ServiceAccount",
    description:
      "A Flux `Kustomization` or `HelmRelease` without `spec.serviceAccountName` is applied with the controller's own identity (`kustomize-controller` or `helm-controller`), which a standard install binds to cluster-admin. Whoever can change its source — a tenant's repository, an application folder, a chart — can then create ClusterRoleBindings, read every Secret or replace Flux itself. With `serviceAccountName` the controller impersonates that account, and the API server enforces its RBAC. shipshape follows the controllers it finds in the repo: a controller started with `--default-service-account` (Flux's multi-tenancy lockdown) impersonates that account instead, so objects it applies are not reported; objects with `spec.kubeConfig` apply to another cluster with that kubeconfig's identity and are skipped. When the repo binds the controller's ServiceAccount, the message says what it can do (from the RBAC model); objects in the controller's own namespace (platform-owned, like the bootstrap `flux-system` Kustomization) are notes.",
    remediation:
      "Create a ServiceAccount in the object's namespace with a Role (or a RoleBinding to `admin`/`edit`) covering only what it deploys, and set `spec.serviceAccountName`; or start the controllers with `--default-service-account=<name>` so every object without one impersonates a least-privileged account.",
    category: "gitops",
    level: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["gitops", "flux", "rbac", "multi-tenancy", "security", "cross-resource"],
    presets: ["recommended"],
    messages: {
      dangerous: '{{kind}} "{{name}}" sets no spec.serviceAccountName, so {{controller}} applies it as {{sa}}, which can {{rights}}{{tail}}',
      harmless: '{{kind}} "{{name}}" sets no spec.serviceAccountName, so {{controller}} applies it as {{sa}}, which holds no dangerous rights through this repo\'s bindings{{tail}}',
      unknown: '{{kind}} "{{name}}" sets no spec.serviceAccountName, so {{controller}} applies it as {{sa}}, which a standard Flux install binds to cluster-admin{{tail}}',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    let model: RbacModel | undefined;
    const controllers = new Map<string, Controller[]>();
    for (const [kind, { group, controller }] of Object.entries(APPLIERS)) {
      for (const r of index.ofKind(kind)) {
        if (r.group !== group) continue;
        const spec = obj(r.value.spec);
        if (!spec || str(spec.serviceAccountName)) continue;
        // Applied to another cluster with the kubeconfig's identity, not the controller's.
        if (obj(spec.kubeConfig)) continue;
        let found = controllers.get(controller);
        if (!found) controllers.set(controller, (found = findControllers(index, ctx.workloadKinds, controller)));
        const install = nearest(found, r);
        if (install?.defaultSa) continue;
        model ??= rbacModel(index, ctx.workloadKinds);
        const saKey = install?.saKey ?? subjectKey("ServiceAccount", controller, FLUX_NAMESPACE);
        const controllerNs = install?.resource.namespace ?? FLUX_NAMESPACE;
        const platformOwned = r.namespace === controllerNs;
        const tail = platformOwned ? `; it is in the controller's own namespace ${controllerNs}, which only platform admins should be able to write to` : "";
        const related: RelatedInput[] = [];
        if (install) related.push({ resource: install.resource, path: ["metadata", "name"], message: `the ${controller} Deployment runs as ${subjectDisplay(install.saKey)} and sets no ${DEFAULT_SA_FLAG}` });
        const known = describeRights(model, saKey);
        const data = { kind, name: r.name ?? "(unnamed)", controller, sa: subjectDisplay(saKey), tail };
        const path = ["spec", "serviceAccountName"];
        if (!known) {
          ctx.report({ resource: r, path, messageId: "unknown", data, related, ...(platformOwned ? { level: "note" as const } : {}) });
        } else if (known.rights === undefined) {
          ctx.report({ resource: r, path, messageId: "harmless", data, related, level: "note" });
        } else {
          ctx.report({ resource: r, path, messageId: "dangerous", data: { ...data, rights: known.rights }, related: [...related, ...known.places], ...(platformOwned ? { level: "note" as const } : {}) });
        }
      }
    }
  },
});
