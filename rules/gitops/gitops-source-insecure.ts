import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, isObj, obj, redact, str, type Obj, type Path, type Resource } from "../../src/model/index.js";

const FLUX_SOURCE = "source.toolkit.fluxcd.io";
const ARGO = "argoproj.io";
const ARGO_SECRET_TYPE = "argocd.argoproj.io/secret-type";
/** Argo CD reads repository connections and credential templates from Secrets with these labels. */
const ARGO_REPO_SECRET_TYPES = new Set(["repository", "repo-creds", "repository-write", "repo-write-creds"]);
/** What Go's strconv.ParseBool, which Argo CD uses for these fields, reads as true. */
const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);

function isPlainHttp(url: string): boolean {
  return /^http:\/\//i.test(url.trim());
}

/** A URL with user info (`http://user:token@host`) can hold a credential: quote it through the redactor. */
function quoteUrl(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url) ? redact(url) : url;
}

/** Argo CD templates (`{{ .url }}`) are filled in by the ApplicationSet controller; they are not URLs yet. */
function isTemplated(s: string): boolean {
  return s.includes("{{");
}

/** A key of a Secret, from `stringData` (plain) or `data` (base64), with the path of the field that holds it. */
function secretField(value: Obj, key: string): { text: string; path: Path } | undefined {
  const plain = obj(value.stringData)?.[key];
  if (typeof plain === "string") return { text: plain, path: ["stringData", key] };
  const encoded = obj(value.data)?.[key];
  if (typeof encoded !== "string") return undefined;
  return { text: Buffer.from(encoded, "base64").toString("utf8"), path: ["data", key] };
}

export default defineRule({
  meta: {
    id: "gitops-source-insecure",
    title: "GitOps sources should be fetched over verified, encrypted connections",
    description:
      "Flux and Argo CD deploy whatever their sources return, with the controller's rights. A source fetched over plain HTTP, or over TLS or SSH without checking the server, lets anyone on the network path between the controller and the server swap in their own manifests, charts or images; a source whose content is not verified (no signature check, not pinned to a commit or digest) deploys whatever the remote serves, so a hijacked account or a force-push reaches the cluster. Checked: Flux `GitRepository` and `HelmRepository` with an `http://` URL; Flux `OCIRepository`, `HelmRepository` of type `oci` and `Bucket` with `spec.insecure: true` (plain HTTP to the registry or endpoint); Flux `GitRepository` and `OCIRepository` without `spec.verify` and not pinned (`ref.commit`, `ref.digest`), as a note; Argo CD repository and credential-template Secrets with `insecure` set to true (no TLS certificate or SSH host key check) or an `http://` URL; and Argo CD `Application`/`ApplicationSet` sources with an `http://` `repoURL`.",
    remediation:
      "Use `https://`, `ssh://` or `oci://` URLs and drop `insecure`; for a private CA give the controller the CA (`certSecretRef`, Argo CD's TLS certificate ConfigMap) and for SSH the host keys (`known_hosts`, `argocd-ssh-known-hosts-cm`) instead of turning checks off. Verify content with `spec.verify` (OpenPGP commit or tag signatures for Git, cosign or Notation for OCI), or pin the source to a commit or digest.",
    category: "gitops",
    level: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["gitops", "flux", "argocd", "supply-chain", "security"],
    presets: ["recommended"],
    messages: {
      plainUrl: '{{kind}} "{{name}}" fetches from the plain http:// URL "{{url}}", so anyone on the network path can read or replace what is deployed; use https://, ssh:// or oci://',
      insecure: '{{kind}} "{{name}}" sets spec.insecure: true, so {{what}} is reached over plain HTTP and can be read or replaced on the way; serve it over TLS',
      noVerify: '{{kind}} "{{name}}" neither verifies {{what}} (spec.verify) nor pins a {{pin}}, so whatever the remote serves is deployed',
      argoInsecure: 'Argo CD {{secretType}} Secret "{{name}}" sets insecure to true, so {{what}}; give Argo CD the CA or known host key instead',
      argoPlainUrl: 'Argo CD {{secretType}} Secret "{{name}}" points at a plain http:// URL ({{url}}), so the repository is fetched unencrypted; use https:// or ssh://',
      appPlainUrl: '{{kind}} "{{name}}" deploys from the plain http:// repoURL "{{url}}", so anyone on the network path can read or replace what is deployed; use https:// or ssh://',
    },
    options: {
      requireVerification: {
        type: "boolean",
        description: "Report (as a note) Flux GitRepository and OCIRepository sources that neither verify signatures (spec.verify) nor pin a commit or digest.",
        default: true,
      },
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["GitRepository", "HelmRepository", "OCIRepository", "Bucket", "Secret", "Application", "ApplicationSet"] },
  check(r, ctx) {
    const name = r.name ?? "(unnamed)";
    const kind = r.kind;
    if (r.group === FLUX_SOURCE) {
      const spec = obj(r.value.spec);
      if (!spec) return;
      const url = str(spec.url);
      if ((kind === "GitRepository" || kind === "HelmRepository") && url !== undefined && isPlainHttp(url)) {
        ctx.report({ path: ["spec", "url"], messageId: "plainUrl", data: { kind, name, url: quoteUrl(url) } });
      }
      // HelmRepository reads `insecure` only for OCI registries; GitRepository has no such field.
      const insecureApplies = kind === "OCIRepository" || kind === "Bucket"
        || (kind === "HelmRepository" && (spec.type === "oci" || /^oci:\/\//i.test(url ?? "")));
      if (insecureApplies && spec.insecure === true) {
        const what = kind === "Bucket" ? "the bucket endpoint" : "the registry";
        ctx.report({ path: ["spec", "insecure"], messageId: "insecure", data: { kind, name, what } });
      }
      if (ctx.options.requireVerification !== false && !isObj(spec.verify)) {
        if (kind === "GitRepository" && !str(getIn(spec, ["ref", "commit"]))) {
          ctx.report({ path: ["spec", "verify"], messageId: "noVerify", level: "note", data: { kind, name, what: "commit or tag signatures", pin: "commit (ref.commit)" } });
        } else if (kind === "OCIRepository" && !str(getIn(spec, ["ref", "digest"]))) {
          ctx.report({ path: ["spec", "verify"], messageId: "noVerify", level: "note", data: { kind, name, what: "artifact signatures", pin: "digest (ref.digest)" } });
        }
      }
      return;
    }
    if (kind === "Secret" && r.group === "") {
      checkArgoSecret(r, name, ctx.report.bind(ctx));
      return;
    }
    if (r.group === ARGO && (kind === "Application" || kind === "ApplicationSet")) {
      const specPath: Path = kind === "Application" ? ["spec"] : ["spec", "template", "spec"];
      const spec = obj(getIn(r.value, specPath));
      if (!spec) return;
      const sources: [unknown, Path][] = [[spec.source, [...specPath, "source"]]];
      arr(spec.sources).forEach((s, i) => sources.push([s, [...specPath, "sources", i]]));
      for (const [source, path] of sources) {
        const url = str(obj(source)?.repoURL);
        if (url === undefined || isTemplated(url) || !isPlainHttp(url)) continue;
        ctx.report({ path: [...path, "repoURL"], messageId: "appPlainUrl", data: { kind, name, url: quoteUrl(url) } });
      }
    }
  },
});

type Report = (input: { path: Path; messageId: "argoInsecure" | "argoPlainUrl"; data: Record<string, string> }) => void;

function checkArgoSecret(r: Resource, name: string, report: Report): void {
  const secretType = r.labels[ARGO_SECRET_TYPE];
  if (secretType === undefined || !ARGO_REPO_SECRET_TYPES.has(secretType)) return;
  const label = secretType.startsWith("repo-") ? "credential template" : "repository";
  const url = secretField(r.value, "url");
  const insecure = secretField(r.value, "insecure");
  if (insecure && GO_TRUE.has(insecure.text.trim())) {
    const ssh = url !== undefined && (/^ssh:\/\//i.test(url.text) || /^[^/:]+@[^/:]+:/.test(url.text));
    const what = ssh ? "the SSH server's host key is not checked" : "the server's TLS certificate is not checked";
    report({ path: insecure.path, messageId: "argoInsecure", data: { secretType: label, name, what } });
  }
  // Secret data is quoted only through the redactor.
  if (url && isPlainHttp(url.text)) report({ path: url.path, messageId: "argoPlainUrl", data: { secretType: label, name, url: redact(url.text) } });
}
