import { describe, expect, it } from "vitest";
import { matchSensitiveHostPath, normalizeHostPath, hostPathWithin } from "../src/model/host-paths.js";
import { capabilityNameProblem } from "../src/model/capabilities.js";
import { DEFAULT_VERSION_TAG_PATTERN, tagVerdict } from "../src/model/image-tags.js";
import { frozenRegistryOf, fullImageName, imageUnderPrefix, normalizeRegistryPrefix } from "../src/model/image-registries.js";
import { parseImage } from "../src/model/image.js";

describe("host paths", () => {
  it("normalise //, trailing /, . and .., and /var/run to /run", () => {
    expect(["//etc//", "/etc/./kubernetes/..", "/var/run/docker.sock", "/var/run", "/a/../../b", "/", "etc", 7].map(normalizeHostPath))
      .toEqual(["/etc", "/etc", "/run/docker.sock", "/run", "/b", "/", undefined, undefined]);
  });

  const m = (p: string) => {
    const r = matchSensitiveHostPath(p);
    return r ? `${r.entry.class} ${r.relation} ${r.shown}` : "none";
  };

  it("match a listed path itself, anything below it and any parent of it; / only itself", () => {
    expect({
      "/etc": m("/etc"),
      "/etc/kubernetes/pki": m("/etc/kubernetes/pki"),
      "/var/lib": m("/var/lib"),
      "/": m("/"),
      "/srv": m("/srv"),
      "/opt/app": m("/opt/app"),
      "/variable": m("/variable"),
      "/var/log/pods": m("/var/log/pods"),
    }).toEqual({
      "/etc": "host same /etc",
      "/etc/kubernetes/pki": "host inside /etc",
      "/var/lib": "host contains /var/lib/kubelet",
      "/": "host same /",
      "/srv": "none",
      "/opt/app": "none",
      "/variable": "none",
      "/var/log/pods": "logs inside /var/log",
    });
  });

  it("treat runtime sockets, their directories and their parents (through /var/run) as the runtime", () => {
    expect([m("/var/run/docker.sock"), m("/run/containerd/containerd.sock"), m("/var/run"), m("/var"), m("/run/k3s")]).toEqual([
      "runtime same /run/docker.sock",
      "runtime inside /run/containerd",
      "runtime same /run",
      "runtime contains /var/run",
      "runtime inside /run",
    ]);
  });

  it("allow a path and what lies below it", () => {
    expect([hostPathWithin("/usr/share/zoneinfo/Europe", ["/usr/share/zoneinfo"]), hostPathWithin("/usr/share", ["/usr/share/zoneinfo"])]).toEqual([true, false]);
  });
});

describe("capability names", () => {
  it("accept exact names and report case, prefix and unknown names", () => {
    expect(["ALL", "NET_RAW", "all", "Net_Raw", "CAP_NET_RAW", "cap_sys_admin", "CAP_ALL", "NET_RAWW", ""].map(capabilityNameProblem)).toEqual([
      undefined, undefined,
      { kind: "case", fixed: "ALL" }, { kind: "case", fixed: "NET_RAW" },
      { kind: "prefix", fixed: "NET_RAW" }, { kind: "prefix", fixed: "SYS_ADMIN" },
      { kind: "unknown" }, { kind: "unknown" }, { kind: "unknown" },
    ]);
  });
});

describe("version tags (the issue's pattern)", () => {
  const allowed = new RegExp(DEFAULT_VERSION_TAG_PATTERN);
  it("classify tags", () => {
    const tags = ["1.2", "v1.2.3", "1.27.3-alpine", "2024.1.15.3", "v1.2.3+build.7", "1.2.3.4.5", "15", "v15", "latest", "stable", "main", "edge", "dev", "nightly", "7-alpine", "sha-3f2c1ab", undefined, ""];
    expect(Object.fromEntries(tags.map((t) => [String(t), tagVerdict(t, allowed)]))).toEqual({
      "1.2": "version", "v1.2.3": "version", "1.27.3-alpine": "version", "2024.1.15.3": "version", "v1.2.3+build.7": "version",
      "1.2.3.4.5": "version", "15": "moving", "v15": "moving", latest: "moving", stable: "moving", main: "moving",
      edge: "moving", dev: "moving", nightly: "moving", "7-alpine": "not-version", "sha-3f2c1ab": "not-version",
      undefined: "missing", "": "missing",
    });
  });
});

describe("registries", () => {
  const full = (image: string) => fullImageName(parseImage(image) ?? { registry: undefined, repository: "", tag: undefined, digest: undefined });
  it("make Docker Hub explicit and compare prefixes at a path boundary", () => {
    expect([full("nginx"), full("someone/app:1.0"), full("index.docker.io/library/redis"), full("K8S.GCR.IO/pause:3.9"), full("host:5000/app")])
      .toEqual(["docker.io/library/nginx", "docker.io/someone/app", "docker.io/library/redis", "k8s.gcr.io/pause", "host:5000/app"]);
    expect(["ghcr.io/acme/", "docker.io/library", "library", "Quay.IO/org/"].map(normalizeRegistryPrefix)).toEqual(["ghcr.io/acme", "docker.io/library", "docker.io/library", "quay.io/org"]);
    expect([imageUnderPrefix("ghcr.io/acme/app", "ghcr.io/acme"), imageUnderPrefix("ghcr.io/acmecorp/app", "ghcr.io/acme")]).toEqual([true, false]);
    expect([frozenRegistryOf("k8s.gcr.io/pause")?.instead, frozenRegistryOf("k8s.gcr.io.example.com/pause"), frozenRegistryOf("docker.io/bitnami/redis")]).toEqual(["registry.k8s.io", undefined, undefined]);
  });
});
