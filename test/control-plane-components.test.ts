import { describe, expect, it } from "vitest";
import { apiGroup, defaultWorkloadKinds, type Obj, type Resource } from "../src/model/index.js";
import { controlPlaneComponents, flagsFromArgv, parseDurationSeconds, shellWords } from "../src/analysis/control-plane/index.js";

function resource(value: Obj): Resource {
  const apiVersion = String(value.apiVersion);
  return {
    id: 0, apiVersion, kind: String(value.kind), group: apiGroup(apiVersion), name: "x", namespace: undefined, namespaceSource: undefined,
    labels: {}, annotations: {}, file: "x.yaml", docIndex: 0, listIndex: undefined, value, helmSource: undefined, scope: ".",
  };
}

function pod(container: Obj): Resource {
  return resource({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", ...container }] } });
}

/** component → flag → [value, dotted path] of every flag it reads. */
function summary(r: Resource) {
  return controlPlaneComponents(r, defaultWorkloadKinds).map((c) => ({
    component: c.component,
    anchor: c.anchor.join("."),
    flags: Object.fromEntries(c.flags.names().map((n) => [n, [c.flags.get(n)?.value, c.flags.get(n)?.path.join(".")]])),
  }));
}

describe("flags from argv", () => {
  it("reads --a=b, --a b, bare booleans and single-dash flags; the last occurrence wins", () => {
    const argv = ["--a=1", "--b", "2", "--c", "--d=x=y", "-e=3", "--a=4"].map((text, i) => ({ text, path: [i] }));
    const flags = flagsFromArgv(argv);
    expect(flags.map((f) => [f.name, f.value, f.path[0]])).toEqual([
      ["a", "1", 0], ["b", "2", 1], ["c", "true", 3], ["d", "x=y", 4], ["e", "3", 5], ["a", "4", 6],
    ]);
  });
  it("splits shell scripts into words", () => {
    expect(shellWords(`exec kube-apiserver --a="b c" \\\n  --d='e';`)).toEqual(["exec", "kube-apiserver", "--a=b c", "--d=e"]);
  });
  it("parses Go durations", () => {
    expect([parseDurationSeconds("4h0m0s"), parseDurationSeconds("90m"), parseDurationSeconds("1.5h"), parseDurationSeconds("0"), parseDurationSeconds("4 hours")]).toEqual([14400, 5400, 5400, 0, undefined]);
  });
});

describe("component recognition", () => {
  it("static pod: binary in command, flags in command and args", () => {
    expect(summary(pod({ image: "x", command: ["/usr/local/bin/kube-apiserver", "--a=1"], args: ["--b", "2"] }))).toEqual([
      { component: "kube-apiserver", anchor: "spec.containers.0.command", flags: { a: ["1", "spec.containers.0.command.1"], b: ["2", "spec.containers.0.args.0"] } },
    ]);
  });
  it("static pod: no command, the image's entrypoint is the binary", () => {
    expect(summary(pod({ image: "registry.k8s.io/kube-scheduler:v1.30.2", args: ["--bind-address=0.0.0.0"] }))).toEqual([
      { component: "kube-scheduler", anchor: "spec.containers.0.args", flags: { "bind-address": ["0.0.0.0", "spec.containers.0.args.0"] } },
    ]);
  });
  it("hyperkube sub-commands", () => {
    expect(summary(pod({ image: "x", command: ["/hyperkube", "controller-manager", "--profiling=false"] }))[0]?.component).toBe("kube-controller-manager");
  });
  it("sh -c scripts, every flag at the script entry", () => {
    expect(summary(pod({ image: "x", command: ["/bin/sh", "-c", "exec etcd --client-cert-auth=true --data-dir /var/lib/etcd"] }))).toEqual([
      { component: "etcd", anchor: "spec.containers.0.command", flags: { "client-cert-auth": ["true", "spec.containers.0.command.2"], "data-dir": ["/var/lib/etcd", "spec.containers.0.command.2"] } },
    ]);
  });
  it("etcd reads ETCD_* environment variables as flags; flags on the command line come later and win", () => {
    const s = summary(pod({ image: "x", command: ["etcd", "--auto-tls=false"], env: [{ name: "ETCD_AUTO_TLS", value: "true" }, { name: "ETCD_CERT_FILE", value: "/c" }] }));
    expect(s[0]?.flags).toEqual({ "auto-tls": ["false", "spec.containers.0.command.1"], "cert-file": ["/c", "spec.containers.0.env.1"] });
  });
  it("ignores other containers (etcdctl, apps whose args merely mention a binary)", () => {
    expect(summary(pod({ image: "registry.k8s.io/etcd:3.5.12-0", command: ["etcdctl", "snapshot", "save"] }))).toEqual([]);
    expect(summary(pod({ image: "busybox", args: ["echo", "kube-apiserver"] }))).toEqual([]);
  });
  it("kubeadm: extraArgs over kubeadm's own flags, map and list form; external etcd has no etcd component", () => {
    const map = summary(resource({ apiVersion: "kubeadm.k8s.io/v1beta3", kind: "ClusterConfiguration", apiServer: { extraArgs: { "authorization-mode": "RBAC", profiling: false } } }));
    expect(map.map((c) => c.component)).toEqual(["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]);
    expect(map[0]?.flags["authorization-mode"]).toEqual(["RBAC", "apiServer.extraArgs.authorization-mode"]);
    expect(map[0]?.flags.profiling).toEqual(["false", "apiServer.extraArgs.profiling"]);
    expect(map[0]?.flags["client-ca-file"]).toEqual(["/etc/kubernetes/pki/ca.crt", "apiServer.extraArgs"]);
    const list = summary(resource({
      apiVersion: "kubeadm.k8s.io/v1beta4", kind: "ClusterConfiguration",
      apiServer: { extraArgs: [{ name: "anonymous-auth", value: "false" }] }, etcd: { external: { endpoints: ["https://e:2379"] } },
    }));
    expect(list.map((c) => c.component)).toEqual(["kube-apiserver", "kube-controller-manager", "kube-scheduler"]);
    expect(list[0]?.flags["anonymous-auth"]).toEqual(["false", "apiServer.extraArgs.0"]);
    // External etcd without caFile/certFile/keyFile: the API server has no etcd client TLS flags.
    expect(list[0]?.flags["etcd-cafile"]).toBeUndefined();
  });
});
