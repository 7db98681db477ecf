/** A JSON object, as config layers are. */
export type PlainObject = Record<string, unknown>;

/** True for `{…}` values (not arrays, not null). */
export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Merges `override` over `base`: objects merge key by key, anything else replaces; `undefined` never overrides. */
export function mergeConfig(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: PlainObject = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeConfig(base[key], value);
  return merged;
}

/** The dotted paths of every leaf: values that are not objects, and empty objects. */
export function leafPaths(value: unknown, prefix = ""): string[] {
  if (!isPlainObject(value) || (Object.keys(value).length === 0 && prefix !== "")) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

/** The value at a dotted path, or `undefined`. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
