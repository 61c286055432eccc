// Side table: where each key of a values map (or item of a values list) was written in a values file.
import type { ValueOrigin } from "./template/output.js";

const ORIGINS = new WeakMap<object, Map<string, ValueOrigin>>();

export function setOrigin(container: object, key: string, origin: ValueOrigin): void {
  let m = ORIGINS.get(container);
  if (!m) { m = new Map(); ORIGINS.set(container, m); }
  m.set(key, origin);
}

export function getOrigin(container: object, key: string): ValueOrigin | undefined {
  return ORIGINS.get(container)?.get(key);
}

/** Copies the origin of `from[fromKey]` to `to[toKey]`. */
export function copyOrigin(from: object, fromKey: string, to: object, toKey: string): void {
  const o = getOrigin(from, fromKey);
  if (o) setOrigin(to, toKey, o);
}
