/**
 * Recognises control-plane components wherever a repo holds them and gives each one's
 * effective flags: static pod manifests (any pod-bearing kind whose container runs the
 * binary), and kubeadm `ClusterConfiguration` (`extraArgs`, map or list form, over the
 * flags kubeadm itself writes into the manifests it generates).
 */
import {
  arr,
  getIn,
  isObj,
  obj,
  parseImage,
  podSpecOf,
  str,
  type ContainerRef,
  type Obj,
  type Path,
  type Resource,
  type WorkloadKinds,
} from "../../model/index.js";
import { FlagSet, flagsFromArgv, flagsFromExtraArgs, shellWords, type FlagValue } from "./flags.js";

export type ComponentName = "kube-apiserver" | "kube-controller-manager" | "kube-scheduler" | "etcd";

export interface ComponentConfig {
  readonly component: ComponentName;
  readonly resource: Resource;
  readonly form: "static-pod" | "kubeadm";
  /** How messages name this instance: `kube-apiserver in container "kube-apiserver"`. */
  readonly label: string;
  /** Where a missing flag is reported: the `command:`/`args:` key, or kubeadm's `extraArgs:`. */
  readonly anchor: Path;
  readonly flags: FlagSet;
}

const BINARIES: Readonly<Record<string, ComponentName>> = {
  "kube-apiserver": "kube-apiserver",
  "kube-controller-manager": "kube-controller-manager",
  "kube-scheduler": "kube-scheduler",
  etcd: "etcd",
};

/** hyperkube's sub-commands. */
const HYPERKUBE: Readonly<Record<string, ComponentName>> = {
  apiserver: "kube-apiserver",
  "kube-apiserver": "kube-apiserver",
  "controller-manager": "kube-controller-manager",
  "kube-controller-manager": "kube-controller-manager",
  scheduler: "kube-scheduler",
  "kube-scheduler": "kube-scheduler",
};

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);

function basename(s: string): string {
  const t = s.trim();
  return t.slice(t.lastIndexOf("/") + 1);
}

interface Entry {
  text: string;
  path: Path;
}

function entriesOf(list: unknown, path: Path): Entry[] {
  const out: Entry[] = [];
  arr(list).forEach((v, i) => {
    if (typeof v === "string") out.push({ text: v, path: [...path, i] });
  });
  return out;
}

/** The component a container runs, with the argv entries after the binary; undefined for other containers. */
function containerComponent(c: ContainerRef): { component: ComponentName; argv: Entry[]; anchor: Path } | undefined {
  const command = entriesOf(c.value.command, [...c.path, "command"]);
  const args = entriesOf(c.value.args, [...c.path, "args"]);
  const first = command[0];
  if (first) {
    const bin = basename(first.text);
    const direct = BINARIES[bin];
    if (direct) return { component: direct, argv: [...command.slice(1), ...args], anchor: [...c.path, "command"] };
    if (bin === "hyperkube" && command[1]) {
      const sub = HYPERKUBE[command[1].text.trim()];
      if (sub) return { component: sub, argv: [...command.slice(2), ...args], anchor: [...c.path, "command"] };
    }
    if (SHELLS.has(bin)) return shellComponent([...command, ...args], [...c.path, "command"]);
    return undefined;
  }
  // No command: the image's entrypoint is the binary (registry.k8s.io/kube-apiserver, …).
  const image = str(c.value.image);
  const ref = image ? parseImage(image) : undefined;
  const repo = ref ? basename(ref.repository) : undefined;
  const fromImage = repo ? BINARIES[repo] : undefined;
  if (fromImage && args.length > 0) return { component: fromImage, argv: args, anchor: [...c.path, "args"] };
  if (args[0]) {
    const bin = BINARIES[basename(args[0].text)];
    if (bin) return { component: bin, argv: args.slice(1), anchor: [...c.path, "args"] };
  }
  return undefined;
}

/** `sh -c "exec kube-apiserver --a=b …"`: the flags after the binary, each at the script entry. */
function shellComponent(argv: Entry[], anchor: Path): { component: ComponentName; argv: Entry[]; anchor: Path } | undefined {
  for (const e of argv) {
    const words = shellWords(e.text);
    const at = words.findIndex((w) => BINARIES[basename(w)] !== undefined);
    if (at < 0) continue;
    const component = BINARIES[basename(words[at] as string)] as ComponentName;
    return { component, argv: words.slice(at + 1).map((w) => ({ text: w, path: e.path })), anchor };
  }
  return undefined;
}

/** etcd also reads every flag from an `ETCD_<FLAG>` environment variable. */
function etcdEnvFlags(c: ContainerRef): FlagValue[] {
  const out: FlagValue[] = [];
  arr(c.value.env).forEach((e, i) => {
    if (!isObj(e)) return;
    const name = str(e.name);
    const value = str(e.value);
    if (!name || value === undefined || !name.startsWith("ETCD_")) return;
    out.push({ name: name.slice(5).toLowerCase().replace(/_/g, "-"), value, path: [...c.path, "env", i], explicit: true });
  });
  return out;
}

function staticPodComponents(resource: Resource, kinds: WorkloadKinds): ComponentConfig[] {
  const pod = podSpecOf(resource, kinds);
  if (!pod) return [];
  const out: ComponentConfig[] = [];
  for (const c of pod.containers) {
    const found = containerComponent(c);
    if (!found) continue;
    const flags = new FlagSet(found.component === "etcd" ? etcdEnvFlags(c) : []);
    for (const f of flagsFromArgv(found.argv)) flags.add(f);
    out.push({
      component: found.component,
      resource,
      form: "static-pod",
      label: `${found.component} in container "${c.name}"`,
      anchor: found.anchor,
      flags,
    });
  }
  return out;
}

const PKI = "/etc/kubernetes/pki";

/** The flags kubeadm writes into each static pod manifest before applying `extraArgs` (kubeadm 1.2x–1.3x). */
const KUBEADM_DEFAULTS: Readonly<Record<ComponentName, Readonly<Record<string, string>>>> = {
  "kube-apiserver": {
    "authorization-mode": "Node,RBAC",
    "enable-admission-plugins": "NodeRestriction",
    "client-ca-file": `${PKI}/ca.crt`,
    "tls-cert-file": `${PKI}/apiserver.crt`,
    "tls-private-key-file": `${PKI}/apiserver.key`,
    "kubelet-client-certificate": `${PKI}/apiserver-kubelet-client.crt`,
    "kubelet-client-key": `${PKI}/apiserver-kubelet-client.key`,
    "service-account-key-file": `${PKI}/sa.pub`,
    "service-account-signing-key-file": `${PKI}/sa.key`,
    "enable-bootstrap-token-auth": "true",
    "secure-port": "6443",
  },
  "kube-controller-manager": {
    "bind-address": "127.0.0.1",
    "use-service-account-credentials": "true",
    "service-account-private-key-file": `${PKI}/sa.key`,
    "root-ca-file": `${PKI}/ca.crt`,
    "client-ca-file": `${PKI}/ca.crt`,
  },
  "kube-scheduler": {
    "bind-address": "127.0.0.1",
  },
  etcd: {
    "cert-file": `${PKI}/etcd/server.crt`,
    "key-file": `${PKI}/etcd/server.key`,
    "trusted-ca-file": `${PKI}/etcd/ca.crt`,
    "client-cert-auth": "true",
    "peer-cert-file": `${PKI}/etcd/peer.crt`,
    "peer-key-file": `${PKI}/etcd/peer.key`,
    "peer-trusted-ca-file": `${PKI}/etcd/ca.crt`,
    "peer-client-cert-auth": "true",
  },
};

/** The apiserver's etcd client flags kubeadm writes: from `etcd.external`, or the local etcd's PKI. */
function kubeadmEtcdClientFlags(config: Obj): Record<string, string> {
  const external = obj(getIn(config, ["etcd", "external"]));
  if (!external) {
    return { "etcd-cafile": `${PKI}/etcd/ca.crt`, "etcd-certfile": `${PKI}/apiserver-etcd-client.crt`, "etcd-keyfile": `${PKI}/apiserver-etcd-client.key` };
  }
  const out: Record<string, string> = {};
  const pairs: [string, string][] = [["caFile", "etcd-cafile"], ["certFile", "etcd-certfile"], ["keyFile", "etcd-keyfile"]];
  for (const [field, flag] of pairs) {
    const v = str(external[field]);
    if (v) out[flag] = v;
  }
  return out;
}

const KUBEADM_SECTIONS: readonly [ComponentName, Path, string][] = [
  ["kube-apiserver", ["apiServer", "extraArgs"], "apiServer.extraArgs"],
  ["kube-controller-manager", ["controllerManager", "extraArgs"], "controllerManager.extraArgs"],
  ["kube-scheduler", ["scheduler", "extraArgs"], "scheduler.extraArgs"],
  ["etcd", ["etcd", "local", "extraArgs"], "etcd.local.extraArgs"],
];

export function isKubeadmClusterConfiguration(resource: Resource): boolean {
  return resource.kind === "ClusterConfiguration" && resource.group === "kubeadm.k8s.io";
}

function kubeadmComponents(resource: Resource): ComponentConfig[] {
  const config = resource.value;
  const out: ComponentConfig[] = [];
  for (const [component, anchor, where] of KUBEADM_SECTIONS) {
    // With external etcd, kubeadm runs no etcd of its own.
    if (component === "etcd" && getIn(config, ["etcd", "external"]) !== undefined) continue;
    const defaults: Record<string, string> = { ...KUBEADM_DEFAULTS[component] };
    if (component === "kube-apiserver") Object.assign(defaults, kubeadmEtcdClientFlags(config));
    // kubeadm merges extraArgs over its own flags by name: a flag the user sets replaces the default.
    const flags = new FlagSet(flagsFromExtraArgs(getIn(config, anchor), anchor));
    for (const [name, value] of Object.entries(defaults)) if (!flags.has(name)) flags.add({ name, value, path: anchor, explicit: false });
    out.push({ component, resource, form: "kubeadm", label: `${component} in kubeadm ${where}`, anchor, flags });
  }
  return out;
}

/** Every control-plane component configured by a resource (none for most resources). */
export function controlPlaneComponents(resource: Resource, kinds: WorkloadKinds): ComponentConfig[] {
  if (isKubeadmClusterConfiguration(resource)) return kubeadmComponents(resource);
  return staticPodComponents(resource, kinds);
}

/** The instances of one component that a resource configures. */
export function componentsOf(resource: Resource, kinds: WorkloadKinds, name: ComponentName): ComponentConfig[] {
  return controlPlaneComponents(resource, kinds).filter((c) => c.component === name);
}
