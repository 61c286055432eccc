import { arr, getIn, obj, type Obj, type Path, type Resource, type ResourceIndex } from "../../src/model/index.js";
import { defineRule, type RelatedInput } from "../../src/rule-api.js";

const ARGO = "argoproj.io";
const DEFAULT_PROJECT = "default";

/** Where each kind keeps the Application spec that names the project. */
const SPEC_PATHS: Readonly<Record<string, Path>> = {
  Application: ["spec"],
  ApplicationSet: ["spec", "template", "spec"],
};

/** Whether an AppProject spec opens any of the wildcards `argocd-project-wildcard` reports. */
function isWide(spec: Obj | undefined): boolean {
  if (!spec) return true;
  if (arr(spec.sourceRepos).includes("*")) return true;
  if (arr(spec.destinations).some((d) => { const o = obj(d); return o !== undefined && (o.server === "*" || o.name === "*" || o.namespace === "*"); })) return true;
  return arr(spec.clusterResourceWhitelist).some((e) => { const o = obj(e); return o?.group === "*" && o.kind === "*"; });
}

/** The repo's `default` AppProject for an Application: in its namespace, else the first one anywhere (Argo CD keeps projects in its own namespace). */
function defaultProject(index: ResourceIndex, app: Resource, anywhere: Resource | undefined): Resource | undefined {
  return index.get("AppProject", app.namespace, DEFAULT_PROJECT).find((p) => p.group === ARGO) ?? anywhere;
}

export default defineRule({
  meta: {
    id: "argocd-default-project",
    title: "Argo CD Applications should not use the default project",
    description:
      "Every Argo CD install creates the `default` AppProject, and it allows any source repository, any destination cluster and namespace and every kind, cluster-scoped ones included. An Application in it is therefore limited by nothing but the application controller's own rights (cluster-admin in a standard install), and it shares its project — roles, sync windows, tokens — with every Application whose author did not pick one. Argo CD also files an Application with an empty `spec.project` under `default`. Checked: `Application` `spec.project` and the `spec.template.spec.project` of an `ApplicationSet` (templated values, and ApplicationSets whose `templatePatch` sets the project, are skipped). When the repo itself restricts the `default` AppProject, the finding is a note.",
    remediation:
      "Create an AppProject per team or environment that lists the repositories, destinations and cluster-scoped kinds it needs, and set `spec.project` to it. Then lock the `default` project down (empty `sourceRepos`, `destinations` and `clusterResourceWhitelist`) so nothing can deploy through it.",
    category: "gitops",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["gitops", "argocd", "multi-tenancy", "security", "cross-resource"],
    presets: ["recommended"],
    messages: {
      defaultProject: '{{kind}} "{{name}}" {{verb}} in the "default" AppProject, which allows any repository, cluster, namespace and kind; give it a project of its own',
      emptyProject: '{{kind}} "{{name}}" sets no spec.project, so Argo CD files {{what}} under the "default" AppProject, which allows any repository, cluster, namespace and kind; give it a project of its own',
      restricted: '{{kind}} "{{name}}" {{verb}} in the "default" AppProject; this repo restricts that project, but it stays the catch-all for every Application without a project of its own',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const anywhere = index.ofKind("AppProject").find((p) => p.group === ARGO && p.name === DEFAULT_PROJECT);
    for (const [kind, specPath] of Object.entries(SPEC_PATHS)) {
      for (const app of index.ofKind(kind)) {
        if (app.group !== ARGO) continue;
        const spec = obj(getIn(app.value, specPath));
        if (!spec) continue;
        // An ApplicationSet may set the project through templatePatch; leave those alone.
        const patch = getIn(app.value, ["spec", "templatePatch"]);
        if (kind === "ApplicationSet" && typeof patch === "string" && patch.includes("project")) continue;
        const project = spec.project;
        const empty = project === undefined || project === null || project === "";
        if (!empty && project !== DEFAULT_PROJECT) continue;
        const repoDefault = defaultProject(index, app, anywhere);
        const restricted = repoDefault !== undefined && !isWide(obj(repoDefault.value.spec));
        const related: RelatedInput[] = repoDefault
          ? [{ resource: repoDefault, path: ["metadata", "name"], message: restricted ? 'the "default" AppProject, restricted in this repo' : 'the "default" AppProject, which this repo leaves wide open' }]
          : [];
        const data = {
          kind, name: app.name ?? "(unnamed)",
          verb: kind === "Application" ? "deploys" : "generates Applications that deploy",
          what: kind === "Application" ? "it" : "the Applications it generates",
        };
        const path = [...specPath, "project"];
        if (restricted) ctx.report({ resource: app, path, messageId: "restricted", data, related, level: "note" });
        else ctx.report({ resource: app, path, messageId: empty ? "emptyProject" : "defaultProject", data, related });
      }
    }
  },
});
