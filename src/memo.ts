/** Answers kept by two keys: an object (held weakly) and a value. */

/**
 * The value kept in `cache` for (owner, key), made by `make` on first use. `owner` is an immutable
 * object (a scenario, a kernel profile) whose answers are asked for again and again; the cache lets
 * it go with the owner.
 */
export function cachedFor<O extends object, K, V>(cache: WeakMap<O, Map<K, V>>, owner: O, key: K, make: () => V): V {
  let byKey = cache.get(owner);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(owner, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    value = make();
    byKey.set(key, value);
  }
  return value;
}

/**
 * `make`, called once, on the first call of the function returned (a schema a plug-in builds only
 * when a scenario of its architecture, or an unknown key, needs it: not at import).
 */
export function onFirstUse<V>(make: () => V): () => V {
  let made: { readonly value: V } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * The value kept in `cache` for `key`, made by `make` on first use; the cache is emptied when it holds `limit`
 * values, so that a long run (many files, many selectors) keeps it bounded. For answers that cost more to
 * compute than to look up (a compiled selector, a parsed variant name, a glob's answer for a value).
 */
export function keptUpTo<K, V>(cache: Map<K, V>, limit: number, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= limit) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}
