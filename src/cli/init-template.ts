/** The starter `.shipshape.yaml` that `shipshape init` writes. */
export const STARTER_CONFIG = `# shipshape configuration: https://shipshape.dev/configuration
# Presets: recommended (default), strict, pss-baseline, pss-restricted.
extends: [recommended]

# The Kubernetes version your clusters run (quote it: 1.30 unquoted is the number 1.3).
kubeVersion: "1.35"

# Globs relative to this file. Uncomment to narrow what is linted.
# include: ["clusters/**", "apps/**"]
exclude: ["**/testdata/**"]

# Per-rule levels (off | note | warning | error) and options.
rules:
  image-tag-mutable: warning

# Per-path settings; the last matching override wins.
# overrides:
#   - files: ["clusters/dev/**"]
#     rules: { image-tag-mutable: off }

# Exceptions for resources you cannot annotate (third-party charts). Each needs a reason.
# exceptions:
#   - rule: host-namespaces
#     resource: { kind: DaemonSet, namespace: monitoring, name: node-exporter }
#     reason: "needs the host network to read node metrics"
#     expires: "2027-03-31"
`;
