import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBuiltIn } from "../src/analysis/schema/builtin.js";
import { checkCustomResource, crdInfo } from "../src/analysis/schema/crd.js";
import { apiStatus, versionRank } from "../src/analysis/schema/lifecycle.js";
import { suggestions } from "../src/analysis/schema/suggest.js";
import { lint } from "../src/engine/lint.js";
import type { Resource } from "../src/model/resource.js";
import type { Obj } from "../src/model/values.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";

describe("API lifecycle before and after each removal", () => {
  const cases: [string, string, string, ReturnType<typeof apiStatus>][] = [
    ["extensions/v1beta1", "Ingress", "1.21", { state: "deprecated", deprecated: "1.14", removed: "1.22", replacement: "networking.k8s.io/v1 Ingress" }],
    ["extensions/v1beta1", "Ingress", "1.22", { state: "removed", removed: "1.22", replacement: "networking.k8s.io/v1 Ingress" }],
    ["policy/v1beta1", "PodSecurityPolicy", "1.24", { state: "deprecated", deprecated: "1.21", removed: "1.25", replacement: undefined }],
    ["policy/v1beta1", "PodSecurityPolicy", "1.25", { state: "removed", removed: "1.25", replacement: undefined }],
    ["batch/v1beta1", "CronJob", "1.24", { state: "deprecated", deprecated: "1.21", removed: "1.25", replacement: "batch/v1 CronJob" }],
    ["batch/v1beta1", "CronJob", "1.25", { state: "removed", removed: "1.25", replacement: "batch/v1 CronJob" }],
    ["flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.28", { state: "deprecated", deprecated: "1.26", removed: "1.29", replacement: "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema" }],
    // The marker names v1beta3, which 1.35 no longer serves: the most stable served version is suggested.
    ["flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.35", { state: "removed", removed: "1.29", replacement: "flowcontrol.apiserver.k8s.io/v1 FlowSchema" }],
    ["admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", "1.30", { state: "ok" }],
    ["admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", "1.33", { state: "deprecated", deprecated: "1.31", removed: "1.34", replacement: "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy" }],
    ["admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", "1.34", { state: "removed", removed: "1.34", replacement: "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy" }],
    ["apps/v1beta3", "Deployment", "1.35", { state: "unknown-version", group: "apps", known: ["v1", "v1beta1", "v1beta2"] }],
    ["resource.k8s.io/v1", "DeviceClass", "1.33", { state: "not-yet", since: "1.34" }],
    ["resource.k8s.io/v1", "DeviceClass", "1.34", { state: "ok" }],
    ["apps/v1", "Deployment", "1.35", { state: "ok" }],
    ["example.com/v1", "Widget", "1.35", { state: "not-built-in" }],
  ];
  for (const [apiVersion, kind, version, want] of cases) {
    it(`${apiVersion} ${kind} at ${version}`, () => {
      expect(apiStatus(apiVersion, kind, version)).toEqual(want);
    });
  }

  it("ranks versions GA > beta > alpha", () => {
    expect(["v1alpha1", "v1beta2", "v2", "v1", "v1beta1"].sort((a, b) => versionRank(b) - versionRank(a))).toEqual(["v2", "v1", "v1beta2", "v1beta1", "v1alpha1"]);
  });
});

describe("fields that exist only from a version on", () => {
  const pod = (): Obj => ({
    apiVersion: "v1", kind: "Pod", metadata: { name: "p" },
    spec: { containers: [{ name: "a", image: "nginx:1", securityContext: { appArmorProfile: { type: "RuntimeDefault" } } }] },
  });
  it("appArmorProfile is unknown at 1.29 and known at 1.30", () => {
    const at29 = checkBuiltIn(pod(), "v1", "Pod", "1.29")?.issues ?? [];
    expect(at29.map((i) => [i.kind, i.path.join(".")])).toEqual([["unknown", "spec.containers.0.securityContext.appArmorProfile"]]);
    expect(checkBuiltIn(pod(), "v1", "Pod", "1.30")?.issues).toEqual([]);
  });
  it("versions outside the data use the nearest covered one", () => {
    expect(checkBuiltIn(pod(), "v1", "Pod", "1.40")?.minor).toBe(35);
    expect(checkBuiltIn(pod(), "v1", "Pod", "1.20")?.minor).toBe(23);
  });
});

describe("suggestions", () => {
  const fields = ["securityContext", "readOnlyRootFilesystem", "runAsUser", "runAsGroup", "name", "image"];
  it.each([
    ["securityContex", ["securityContext"]],
    ["readOnlyRootFileSystem", ["readOnlyRootFilesystem"]],
    ["runAsUsr", ["runAsUser"]],
    ["nmae", ["name"]],
    ["completelyDifferent", []],
  ])("%s → %j", (key, want) => {
    expect(suggestions(key, fields)).toEqual(want);
  });
});

describe("patch fragments and templates", () => {
  it("skips $patch keys, records the object as a patch, and does not flag unrendered values", () => {
    const value: Obj = {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" },
      spec: { replicas: "{{ .Values.replicas }}", template: { spec: { "$setElementOrder/containers": [], containers: [{ name: "a", $patch: "delete" }] } } },
    };
    const result = checkBuiltIn(value, "apps/v1", "Deployment", "1.35");
    expect(result?.patch).toBe(true);
    expect(result?.issues.filter((i) => i.kind !== "required")).toEqual([]);
  });

  it("treats other $-keys as fields: JSONSchemaProps has $ref and $schema, a typo'd directive is unknown", () => {
    const crd: Obj = {
      apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "ws.example.com" },
      spec: { group: "example.com", scope: "Namespaced", names: { kind: "W", plural: "ws" }, versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { $schema: "x", type: "object" } } }] },
    };
    expect(checkBuiltIn(crd, "apiextensions.k8s.io/v1", "CustomResourceDefinition", "1.35")).toMatchObject({ issues: [], patch: false });
    const pod: Obj = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "a", $pach: "delete" }] } };
    expect(checkBuiltIn(pod, "v1", "Pod", "1.35")?.issues.map((i) => [i.kind, i.path.join("."), i.suggestions])).toEqual([["unknown", "spec.containers.0.$pach", []]]);
  });
});

function crdResource(value: Obj): Resource {
  return { id: 0, apiVersion: String(value.apiVersion), kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: "x", namespace: undefined, namespaceSource: undefined, labels: {}, annotations: {}, file: "crd.yaml", docIndex: 0, listIndex: undefined, value, helmSource: undefined, scope: "" };
}

describe("CRD schemas", () => {
  const schema: Obj = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        required: ["size"],
        properties: {
          size: { type: "integer", minimum: 1, maximum: 5 },
          port: { "x-kubernetes-int-or-string": true },
          nested: { type: "object", properties: { deeper: { type: "object", properties: { flag: { type: "boolean" } } } } },
          free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          template: { type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: { type: "object" } } },
          mode: { type: "string", enum: ["a", "b"] },
        },
      },
    },
  };
  const check = (spec: unknown) => checkCustomResource({ apiVersion: "example.com/v1", kind: "W", metadata: { name: "w" }, spec }, schema)
    .map((i) => `${i.kind} ${i.path.join(".")}`);

  it("accepts a valid object, int-or-string in both forms, preserved and embedded fields", () => {
    expect(check({ size: 2, port: 80, free: { any: [1] }, template: { apiVersion: "v1", kind: "Pod", metadata: {}, spec: {} } })).toEqual([]);
    expect(check({ size: 5, port: "http", nested: { deeper: { flag: true } } })).toEqual([]);
  });

  it("reports unknown nested fields, types, required fields, enums and bounds", () => {
    expect(check({ port: 1.5, nested: { deeper: { flg: true } }, mode: "c", extra: 1 })).toEqual([
      "type spec.port", "unknown spec.nested.deeper.flg", "enum spec.mode", "unknown spec.extra", "required spec.size",
    ]);
    expect(check({ size: 0 })).toEqual(["bound spec.size"]);
    expect(check({ size: "2" })).toEqual(["type spec.size"]);
  });

  it("reads v1 per-version schemas and v1beta1 shared validation", () => {
    const v1 = crdInfo(crdResource({ apiVersion: "apiextensions.k8s.io/v1", spec: { group: "example.com", names: { kind: "W" }, versions: [{ name: "v1", schema: { openAPIV3Schema: schema } }, { name: "v2" }] } }));
    expect(v1 && [v1.group, v1.kind, [...v1.versions.keys()], v1.versions.get("v1") === schema, v1.versions.get("v2")]).toEqual(["example.com", "W", ["v1", "v2"], true, undefined]);
    const beta = crdInfo(crdResource({ apiVersion: "apiextensions.k8s.io/v1beta1", spec: { group: "example.com", names: { kind: "W" }, version: "v1", validation: { openAPIV3Schema: schema } } }));
    expect(beta?.versions.get("v1")).toBe(schema);
  });

  it("lists custom resources without a CRD once in the notifications", async () => {
    const cwd = path.join(FIXTURE_ROOT, "crd-schema", "pass", "widgets");
    const result = await lint({ cwd, paths: ["."], config: false, only: ["crd-schema"], gitignore: false });
    expect(result.findings).toEqual([]);
    expect(result.notifications.filter((n) => n.id === "crd-schema-missing").map((n) => n.message)).toEqual([
      "custom resources whose CustomResourceDefinition is not in the linted files were not schema-checked: Gadget (other.example.com/v1)",
    ]);
  });
});
