/** Flux `valuesFile`/`valuesFiles` are the chart's values: its own values.yaml is not read for that render. */
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { tempTree } from "./helpers/cli.js";

const CHART = {
  "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
  "charts/web/values.yaml": "hostNetwork: true\nimage: nginx:1.27.3\n",
  "charts/web/values-prod.yaml": "image: nginx:1.27.3\n",
  "charts/web/templates/pod.yaml": [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  name: web",
    "spec:",
    "  hostNetwork: {{ .Values.hostNetwork }}",
    "  containers:",
    "    - name: web",
    "      image: {{ .Values.image }}",
    "",
  ].join("\n"),
};

const release = (chartSpec: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web
  namespace: web
spec:
  interval: 10m
  chart:
    spec:
      chart: ./charts/web
      sourceRef:
        kind: GitRepository
        name: gitops
${chartSpec}`;

async function renders(files: Record<string, string>): Promise<string[]> {
  const r = await lint({ cwd: tempTree(files), paths: ["."], config: false, only: ["host-namespaces"] });
  expect(r.errors).toEqual([]);
  return r.findings.map((f) => `${f.file}:${f.line} ${f.related.map((x) => `${x.file}:${x.line} ${x.message}`).join(" | ")}`);
}

const DEFAULTS_ONLY = [
  "charts/web/templates/pod.yaml:6 charts/web/values.yaml:1 the value comes from here | charts/web/Chart.yaml:1 rendered by chart charts/web with default values",
];

describe("Flux HelmRelease values files", () => {
  it("valuesFiles replace the chart's values.yaml: hostNetwork from values.yaml is in the defaults render only", async () => {
    expect(await renders({ ...CHART, "flux/web.yaml": release("      valuesFiles:\n        - charts/web/values-prod.yaml\n") })).toEqual(DEFAULTS_ONLY);
  });

  it("the deprecated valuesFile does the same", async () => {
    expect(await renders({ ...CHART, "flux/web.yaml": release("      valuesFile: charts/web/values-prod.yaml\n") })).toEqual(DEFAULTS_ONLY);
  });

  it("without values files the release renders over values.yaml, as helm does", async () => {
    expect(await renders({ ...CHART, "flux/web.yaml": release("") })).toEqual([
      "charts/web/templates/pod.yaml:6 charts/web/values.yaml:1 the value comes from here | charts/web/Chart.yaml:1 rendered by chart charts/web with default values | flux/web.yaml:10 rendered by chart charts/web with Flux HelmRelease \"web/web\" (namespace web)",
    ]);
  });
});
