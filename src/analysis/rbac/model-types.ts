import type { Resource } from "../../model/index.js";
import type { RuleEntry } from "./policy.js";

export type RoleKind = "Role" | "ClusterRole";
export type BindingKind = "RoleBinding" | "ClusterRoleBinding";
export type SubjectKind = "User" | "Group" | "ServiceAccount";

/** Scope of a grant: a namespace key, or `*` for cluster-wide (a ClusterRoleBinding). */
export type Scope = string;
export const CLUSTER: Scope = "*";

/** One definition of a Role or ClusterRole: a repo object, or a built-in one (no resource). */
export interface RoleDef {
  readonly kind: RoleKind;
  readonly name: string;
  /** Namespace key of a Role (see nsKey); undefined for a ClusterRole. */
  readonly ns: string | undefined;
  readonly resource: Resource | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** `aggregationRule.clusterRoleSelectors`, when the role aggregates others. */
  readonly selectors: readonly unknown[] | undefined;
  readonly entries: readonly RuleEntry[];
  /** The key every definition of the same role shares: `kind|ns|name`. */
  readonly key: string;
}

export interface SubjectEntry {
  /** `ServiceAccount:<ns key>:<name>`, `User:<name>` or `Group:<name>`. */
  readonly key: string;
  readonly kind: SubjectKind;
  readonly name: string;
  /** Namespace key, ServiceAccounts only. */
  readonly ns: string | undefined;
  /** Index in the binding's `subjects`. */
  readonly index: number;
  readonly binding: BindingDef;
}

export interface BindingDef {
  readonly kind: BindingKind;
  readonly name: string;
  /** Namespace key of a RoleBinding. */
  readonly ns: string | undefined;
  readonly resource: Resource | undefined;
  readonly roleRef: { readonly kind: string; readonly name: string } | undefined;
  /** Key of the role the roleRef names (whether or not it exists). */
  readonly roleKey: string | undefined;
  readonly subjects: readonly SubjectEntry[];
  readonly scope: Scope;
}
