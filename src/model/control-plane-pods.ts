import type { PodSpecRef } from "./workloads.js";
import { str, stringMap } from "./values.js";

const CONTROL_PLANE_COMPONENTS = new Set(["kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler"]);

/**
 * True for the control plane's static pods (kubeadm labels them `tier: control-plane` and
 * `component: <name>`) and for pods the cluster marks critical by priority class.
 */
export function isControlPlanePod(pod: PodSpecRef): boolean {
  const labels = { ...pod.resource.labels, ...stringMap(pod.metadata?.labels) };
  if (labels.tier === "control-plane") return true;
  if (labels.component !== undefined && CONTROL_PLANE_COMPONENTS.has(labels.component)) return true;
  const priority = str(pod.spec.priorityClassName);
  return priority === "system-node-critical" || priority === "system-cluster-critical";
}
