import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, obj, podSpecOf, str, type Path, type PodSpecRef, type Resource, type ResourceIndex } from "../../src/model/index.js";
import { findReferenced } from "../../src/model/references.js";

type RefKind = "ServiceAccount" | "ConfigMap" | "Secret" | "PersistentVolumeClaim";

interface Reference {
  kind: RefKind;
  name: string;
  path: Path;
  /** What refers, for the message (`env "DB_PASSWORD" of container "app"`). */
  via: string;
}

/** Every non-optional reference of a pod spec to a namespaced object. */
function referencesOf(pod: PodSpecRef): Reference[] {
  const { spec, path: specPath } = pod;
  const out: Reference[] = [];
  const add = (kind: RefKind, name: unknown, path: Path, via: string, optional?: unknown) => {
    if (typeof name === "string" && name !== "" && optional !== true) out.push({ kind, name, path, via });
  };
  const account = str(spec.serviceAccountName) ? "serviceAccountName" : str(spec.serviceAccount) ? "serviceAccount" : undefined;
  if (account && spec[account] !== "default") add("ServiceAccount", spec[account], [...specPath, account], account);
  arr(spec.imagePullSecrets).forEach((s, i) => {
    if (isObj(s)) add("Secret", s.name, [...specPath, "imagePullSecrets", i, "name"], "imagePullSecrets");
  });
  arr(spec.volumes).forEach((v, i) => {
    if (!isObj(v)) return;
    const vp = [...specPath, "volumes", i];
    const via = `volume "${str(v.name) ?? `#${i}`}"`;
    const secret = obj(v.secret);
    if (secret) add("Secret", secret.secretName, [...vp, "secret", "secretName"], via, secret.optional);
    const cm = obj(v.configMap);
    if (cm) add("ConfigMap", cm.name, [...vp, "configMap", "name"], via, cm.optional);
    const pvc = obj(v.persistentVolumeClaim);
    if (pvc) add("PersistentVolumeClaim", pvc.claimName, [...vp, "persistentVolumeClaim", "claimName"], via);
    arr(obj(v.projected)?.sources).forEach((s, j) => {
      if (!isObj(s)) return;
      const sp = [...vp, "projected", "sources", j];
      const ps = obj(s.secret);
      if (ps) add("Secret", ps.name, [...sp, "secret", "name"], via, ps.optional);
      const pc = obj(s.configMap);
      if (pc) add("ConfigMap", pc.name, [...sp, "configMap", "name"], via, pc.optional);
    });
  });
  for (const c of pod.containers) {
    arr(c.value.env).forEach((e, k) => {
      if (!isObj(e)) return;
      const from = obj(e.valueFrom);
      const via = `env "${str(e.name) ?? `#${k}`}" of container "${c.name}"`;
      const sk = obj(from?.secretKeyRef);
      if (sk) add("Secret", sk.name, [...c.path, "env", k, "valueFrom", "secretKeyRef", "name"], via, sk.optional);
      const ck = obj(from?.configMapKeyRef);
      if (ck) add("ConfigMap", ck.name, [...c.path, "env", k, "valueFrom", "configMapKeyRef", "name"], via, ck.optional);
    });
    arr(c.value.envFrom).forEach((e, k) => {
      if (!isObj(e)) return;
      const via = `envFrom of container "${c.name}"`;
      const sr = obj(e.secretRef);
      if (sr) add("Secret", sr.name, [...c.path, "envFrom", k, "secretRef", "name"], via, sr.optional);
      const cr = obj(e.configMapRef);
      if (cr) add("ConfigMap", cr.name, [...c.path, "envFrom", k, "configMapRef", "name"], via, cr.optional);
    });
  }
  return out;
}

/** Secrets that objects in the repo will create: SealedSecrets, ExternalSecrets and cert-manager Certificates. */
function secretProducers(index: ResourceIndex): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  const add = (r: Resource, name: unknown) => {
    if (typeof name !== "string" || name === "") return;
    const key = `${r.namespace ?? ""}|${name}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  };
  for (const r of index.ofKind("SealedSecret")) add(r, str(obj(obj(obj(r.value.spec)?.template)?.metadata)?.name) ?? r.name);
  for (const r of index.ofKind("ExternalSecret")) add(r, str(obj(obj(r.value.spec)?.target)?.name) ?? r.name);
  for (const r of index.ofKind("Certificate")) if (r.group === "cert-manager.io") add(r, obj(r.value.spec)?.secretName);
  return out;
}

export default defineRule({
  meta: {
    id: "reference-missing",
    title: "Objects a workload refers to should be in the repo",
    description:
      "A pod that names a ServiceAccount, PersistentVolumeClaim, Secret or ConfigMap that does not exist does not start: it stays Pending or in CreateContainerConfigError, and a missing ServiceAccount blocks the whole ReplicaSet. In a GitOps repo that usually means a typo, a rename that missed one place, or an object that lives only in someone's cluster. Secrets and ConfigMaps often come from elsewhere (a secrets operator, a Helm chart), so they are notes, and SealedSecrets, ExternalSecrets and cert-manager Certificates that create the Secret count as present; list kinds to skip in `ignoreKinds`. References marked `optional: true`, the `default` ServiceAccount and StatefulSet claim templates are not reported. An unset namespace only matches unset-namespace objects of the same kustomization, chart or directory.",
    remediation: "Add the missing object to the repo, fix the name, or add the kind to `ignoreKinds` if such objects are managed outside the repo.",
    category: "workload",
    level: "warning",
    securitySeverity: 2.0,
    precision: "medium",
    tags: ["references", "correctness", "security"],
    presets: ["recommended"],
    messages: {
      missing: '{{via}} refers to {{kind}} "{{name}}", which is not in the repo ({{where}})',
    },
    options: {
      ignoreKinds: {
        type: "array",
        items: { type: "string", enum: ["ServiceAccount", "ConfigMap", "Secret", "PersistentVolumeClaim"] },
        description: "Kinds whose references are not checked, because such objects are created outside the repo.",
        default: [],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    let producers: Map<string, Resource[]> | undefined;
    for (const r of index.all) {
      const pod = podSpecOf(r, ctx.workloadKinds);
      if (!pod) continue;
      const ignore = new Set(arr(ctx.optionsFor(r).ignoreKinds).filter((k): k is string => typeof k === "string"));
      const where = r.namespace === undefined ? "namespace unset" : `namespace "${r.namespace}"`;
      for (const ref of referencesOf(pod)) {
        if (ignore.has(ref.kind) || findReferenced(index, ref.kind, r, ref.name).length > 0) continue;
        if (ref.kind === "Secret") {
          producers ??= secretProducers(index);
          const made = producers.get(`${r.namespace ?? ""}|${ref.name}`) ?? [];
          if (made.some((p) => r.namespace !== undefined || p.scope === r.scope)) continue;
        }
        ctx.report({
          resource: r,
          path: ref.path,
          messageId: "missing",
          data: { via: ref.via, kind: ref.kind, name: ref.name, where },
          ...(ref.kind === "Secret" || ref.kind === "ConfigMap" ? { level: "note" as const } : {}),
        });
      }
    }
  },
});
