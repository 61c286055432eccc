/**
 * The `shipshape exposure` report: each workload's exposure class and the objects that cause it, as
 * JSON (shape documented in docs/exposure.md) and as text. Pure: takes resources, returns data.
 */
import { formatPath, resourceRef, type Resource, type ResourceRef, type WorkloadKinds, defaultWorkloadKinds, displayName } from "../../model/index.js";
import { DEFAULT_INTERNAL_ANNOTATIONS, DEFAULT_INTERNAL_CLASSES } from "./internal.js";
import { admissions, buildNetworkModel, EXPOSURE_CLASSES, outputOrder, type ChainLink, type ExposureClass, type WorkloadNet } from "./model.js";
import { describePeer } from "./policies.js";
import { describePolicyPort } from "./ports.js";

export interface ExposureReportOptions {
  workloadKinds?: WorkloadKinds;
  internalClasses?: readonly string[];
  internalAnnotations?: readonly string[];
}

export interface ObjectRefJson {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string | null;
  file: string;
}

export interface CauseJson extends ObjectRefJson {
  path: string;
  message: string;
}

export interface ExposureWorkloadJson {
  resource: ResourceRef;
  file: string;
  /** The directory that scopes a workload whose namespace is unset; null when the namespace is set. */
  scope: string | null;
  exposure: ExposureClass;
  causes: CauseJson[];
  ingress: {
    isolated: boolean;
    policies: ObjectRefJson[];
    allows: { policy: string | null; from: string; ports: string[] }[];
  };
  egress: { isolated: boolean; policies: ObjectRefJson[] };
  services: { name: string | null; type: string; ports: string[] }[];
  paths: {
    kind: "load-balancer" | "node-port" | "external-ips" | "ingress" | "route";
    public: boolean;
    blocked: boolean;
    blockedBy: ObjectRefJson[];
    description: string;
    via: ObjectRefJson[];
  }[];
}

export interface ExposureJson {
  schemaVersion: 1;
  summary: Record<ExposureClass, number> & { workloads: number };
  workloads: ExposureWorkloadJson[];
}

const RANK: Record<ExposureClass, number> = { internet: 0, cluster: 1, namespace: 2, isolated: 3 };

function refJson(r: Resource): ObjectRefJson {
  return { ...resourceRef(r), file: r.file };
}

function causeJson(c: ChainLink): CauseJson {
  return { ...refJson(c.resource), path: formatPath(c.path), message: c.message };
}

function workloadJson(w: WorkloadNet): ExposureWorkloadJson {
  return {
    resource: resourceRef(w.resource),
    file: w.resource.file,
    scope: w.resource.namespace === undefined ? w.resource.scope : null,
    exposure: w.exposure,
    causes: w.causes.map(causeJson),
    ingress: {
      isolated: !w.hostNetwork && w.ingressPolicies.length > 0,
      policies: w.ingressPolicies.map((p) => refJson(p.resource)),
      allows: admissions(w).map((a) => ({
        policy: a.policy.resource.name ?? null,
        from: a.peer ? describePeer(a.peer) : "every source",
        ports: a.rule.ports === "all" ? ["all"] : a.rule.ports.map(describePolicyPort),
      })),
    },
    egress: { isolated: !w.hostNetwork && w.egressPolicies.length > 0, policies: w.egressPolicies.map((p) => refJson(p.resource)) },
    services: w.services.map((s) => ({
      name: s.resource.name ?? null,
      type: s.type,
      ports: s.ports.map((p) => `${p.port ?? "?"}->${p.targetName ?? p.targetNumber ?? "?"}/${p.protocol}`),
    })),
    paths: w.paths.map((p) => ({
      kind: p.kind,
      public: p.public,
      blocked: p.blockedBy.length > 0,
      blockedBy: p.blockedBy.map((b) => refJson(b.resource)),
      description: p.description,
      via: p.chain.map((c) => refJson(c.resource)),
    })),
  };
}

/** Workloads in report order: most exposed first, then output order. */
function ordered(workloads: readonly WorkloadNet[]): WorkloadNet[] {
  return [...workloads].sort((a, b) => RANK[a.exposure] - RANK[b.exposure] || outputOrder(a.resource, b.resource));
}

function modelOf(resources: readonly Resource[], options: ExposureReportOptions) {
  return buildNetworkModel(resources, options.workloadKinds ?? defaultWorkloadKinds, {
    internalClasses: options.internalClasses ?? DEFAULT_INTERNAL_CLASSES,
    internalAnnotations: options.internalAnnotations ?? DEFAULT_INTERNAL_ANNOTATIONS,
  });
}

function summaryOf(workloads: readonly WorkloadNet[]): ExposureJson["summary"] {
  const summary = { workloads: workloads.length, internet: 0, cluster: 0, namespace: 0, isolated: 0 };
  for (const w of workloads) summary[w.exposure]++;
  return summary;
}

/** The exposure report of a set of resources: `json` for `--format json`, `text` for the terminal. */
export function exposureReport(resources: readonly Resource[], options: ExposureReportOptions = {}): { json: ExposureJson; text: string } {
  const model = modelOf(resources, options);
  const workloads = ordered(model.workloads);
  const json: ExposureJson = { schemaVersion: 1, summary: summaryOf(workloads), workloads: workloads.map(workloadJson) };
  const lines: string[] = [];
  for (const w of workloads) {
    lines.push(`${w.exposure.padEnd(9)} ${displayName(w.resource)}  ${w.resource.file}`);
    for (const c of w.causes) lines.push(`          ← ${c.message}  ${c.resource.file}`);
    const blocked = w.paths.filter((p) => p.blockedBy.length > 0);
    for (const p of blocked) lines.push(`          ✕ ${p.description}, blocked by NetworkPolicy ${p.blockedBy.map((b) => `"${b.resource.name ?? ""}"`).join(", ")}`);
  }
  const s = json.summary;
  if (lines.length > 0) lines.push("");
  lines.push(`${s.workloads} workload${s.workloads === 1 ? "" : "s"}: ${EXPOSURE_CLASSES.map((c) => `${s[c]} ${c}`).join(", ")}`);
  return { json, text: `${lines.join("\n")}\n` };
}

function mdEscape(s: string): string {
  return s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A short markdown section for the markdown formatter: counts per class and the internet-exposed workloads. */
export function exposureMarkdownSummary(resources: readonly Resource[], options: ExposureReportOptions = {}, limit = 20): string {
  const model = modelOf(resources, options);
  if (model.workloads.length === 0) return "";
  const workloads = ordered(model.workloads);
  const s = summaryOf(workloads);
  const lines = ["### Exposure", "", "| internet | cluster | namespace | isolated |", "| ---: | ---: | ---: | ---: |", `| ${s.internet} | ${s.cluster} | ${s.namespace} | ${s.isolated} |`, ""];
  const internet = workloads.filter((w) => w.exposure === "internet");
  for (const w of internet.slice(0, limit)) {
    lines.push(`- \`${displayName(w.resource).replace(/`/g, "")}\` (${mdEscape(w.resource.file)}): ${mdEscape(w.causes[0]?.message ?? "")}`);
  }
  if (internet.length > limit) lines.push(`- … and ${internet.length - limit} more`);
  if (internet.length > 0) lines.push("");
  return lines.join("\n");
}
