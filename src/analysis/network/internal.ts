/**
 * What makes a load balancer, Ingress or Gateway internal (reachable only from a private network):
 * class names and the major clouds' internal load-balancer annotations. Rules that take these as
 * options share the defaults and schemas below.
 */
import type { OptionSchema } from "../../rule-api.js";
import { str } from "../../model/index.js";

/** Class names (IngressClass, GatewayClass, loadBalancerClass) treated as internal; `*` matches any run of characters. */
export const DEFAULT_INTERNAL_CLASSES: readonly string[] = [
  "*internal*",
  "*private*",
  "gke-l7-rilb",
  "gke-l7-rilb-mc",
];

/**
 * Annotations that make a load balancer internal, as `key=value` (value compared case-insensitively,
 * `*` for any value).
 */
export const DEFAULT_INTERNAL_ANNOTATIONS: readonly string[] = [
  "service.beta.kubernetes.io/aws-load-balancer-internal=*",
  "service.beta.kubernetes.io/aws-load-balancer-scheme=internal",
  "alb.ingress.kubernetes.io/scheme=internal",
  "service.beta.kubernetes.io/azure-load-balancer-internal=true",
  "cloud.google.com/load-balancer-type=internal",
  "networking.gke.io/load-balancer-type=internal",
  "service.beta.kubernetes.io/oci-load-balancer-internal=true",
  "service.beta.kubernetes.io/openstack-internal-load-balancer=true",
  "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type=intranet",
  "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type=private",
  "service.beta.kubernetes.io/do-loadbalancer-network=vpc",
];

export interface InternalOptions {
  readonly internalClasses: readonly string[];
  readonly internalAnnotations: readonly string[];
}

export const DEFAULT_INTERNAL_OPTIONS: InternalOptions = {
  internalClasses: DEFAULT_INTERNAL_CLASSES,
  internalAnnotations: DEFAULT_INTERNAL_ANNOTATIONS,
};

/** The option schemas every rule that judges public exposure declares. */
export const INTERNAL_OPTION_SCHEMAS: Record<string, OptionSchema> = {
  internalClasses: {
    type: "array",
    items: { type: "string" },
    default: [...DEFAULT_INTERNAL_CLASSES],
    description: "Ingress, Gateway and load-balancer class names treated as internal (not internet-facing); `*` is a wildcard, matching ignores case.",
  },
  internalAnnotations: {
    type: "array",
    items: { type: "string" },
    default: [...DEFAULT_INTERNAL_ANNOTATIONS],
    description: "Annotations (`key=value`, value `*` for any) that make a Service, Ingress or Gateway internal; the defaults cover AWS, Azure, GCP, OCI, OpenStack, Alibaba, IBM and DigitalOcean.",
  },
};

/** Reads the two options from a rule's resolved options, falling back to the defaults. */
export function internalOptionsFrom(options: Readonly<Record<string, unknown>>): InternalOptions {
  const list = (v: unknown, fallback: readonly string[]) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : fallback);
  return {
    internalClasses: list(options.internalClasses, DEFAULT_INTERNAL_CLASSES),
    internalAnnotations: list(options.internalAnnotations, DEFAULT_INTERNAL_ANNOTATIONS),
  };
}

const compiled = new Map<string, RegExp>();

function globMatches(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
    if (compiled.size < 1000) compiled.set(pattern, re);
  }
  return re.test(text);
}

/** True when a class name matches one of the internal class patterns. */
export function isInternalClass(className: unknown, opts: InternalOptions): boolean {
  const name = str(className);
  return name !== undefined && name !== "" && opts.internalClasses.some((p) => globMatches(p, name));
}

/** The first internal annotation present, as `key: value`, or undefined. */
export function internalAnnotation(annotations: Readonly<Record<string, unknown>>, opts: InternalOptions): string | undefined {
  for (const entry of opts.internalAnnotations) {
    const eq = entry.indexOf("=");
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const want = eq < 0 ? "*" : entry.slice(eq + 1);
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) continue;
    const raw = annotations[key];
    const value = typeof raw === "string" ? raw : typeof raw === "boolean" || typeof raw === "number" ? String(raw) : undefined;
    if (value === undefined) continue;
    // aws-load-balancer-internal: "false" is the one value that keeps it public.
    if (want === "*" ? value.toLowerCase() !== "false" && value !== "" : value.toLowerCase() === want.toLowerCase()) return `${key}: ${value}`;
  }
  return undefined;
}
