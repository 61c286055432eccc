/** Shapes of the bundled bootstrap policy (see bootstrap-data.ts, generated). */
export interface BootstrapRole {
  readonly name: string;
  readonly namespace?: string;
  /** Labels other than `kubernetes.io/bootstrapping` (the aggregate-to-* labels matter). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly aggregationRule?: unknown;
  readonly rules: readonly unknown[];
}

export interface BootstrapBinding {
  readonly name: string;
  readonly namespace?: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: readonly unknown[];
  /** Not in the bundled file; added by the generator (see BOOTSTRAP_SOURCE.supplement). */
  readonly supplement?: boolean;
}
