/** Recognises the control-plane configuration file kinds a repo may hold, by API group and kind. */
import { arr, getIn, isObj, str, type Obj, type Path, type Resource } from "../../model/index.js";
import { FlagSet, flagsFromExtraArgs } from "./flags.js";

function is(resource: Resource, group: string, kind: string): boolean {
  return resource.group === group && resource.kind === kind;
}

export const isKubeletConfiguration = (r: Resource): boolean => is(r, "kubelet.config.k8s.io", "KubeletConfiguration");
export const isEncryptionConfiguration = (r: Resource): boolean => is(r, "apiserver.config.k8s.io", "EncryptionConfiguration");
export const isAuditPolicy = (r: Resource): boolean => is(r, "audit.k8s.io", "Policy");
export const isSchedulerConfiguration = (r: Resource): boolean => is(r, "kubescheduler.config.k8s.io", "KubeSchedulerConfiguration");
export const isWebhookConfiguration = (r: Resource): boolean =>
  r.group === "admissionregistration.k8s.io" && (r.kind === "ValidatingWebhookConfiguration" || r.kind === "MutatingWebhookConfiguration");

export interface WebhookEntry {
  webhook: Obj;
  index: number;
  /** The webhook's name, or `#<index>`. */
  name: string;
  /** `validating` or `mutating`, for messages. */
  kind: string;
}

/** Every webhook of a Validating/MutatingWebhookConfiguration (none for other resources). */
export function webhooksOf(resource: Resource): WebhookEntry[] {
  if (!isWebhookConfiguration(resource)) return [];
  const kind = resource.kind.replace("WebhookConfiguration", "").toLowerCase();
  const out: WebhookEntry[] = [];
  arr(resource.value.webhooks).forEach((w, index) => {
    if (isObj(w)) out.push({ webhook: w, index, name: str(w.name) ?? `#${index}`, kind });
  });
  return out;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration (`4h0m0s`, `90m`, `1.5h`, `0`); undefined when it does not parse. */
export function parseDurationSeconds(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
    matched = re.lastIndex;
  }
  return matched === t.length && matched > 0 ? total : undefined;
}

const KUBELET_EXTRA_ARGS: Path = ["nodeRegistration", "kubeletExtraArgs"];

/**
 * The kubelet flags of a kubeadm InitConfiguration or JoinConfiguration (`nodeRegistration.kubeletExtraArgs`,
 * map or list form); they override the KubeletConfiguration file. Undefined for other resources.
 */
export function kubeletExtraArgs(r: Resource): { flags: FlagSet; anchor: Path } | undefined {
  if (r.group !== "kubeadm.k8s.io" || (r.kind !== "InitConfiguration" && r.kind !== "JoinConfiguration")) return undefined;
  return { flags: new FlagSet(flagsFromExtraArgs(getIn(r.value, KUBELET_EXTRA_ARGS), KUBELET_EXTRA_ARGS)), anchor: KUBELET_EXTRA_ARGS };
}
