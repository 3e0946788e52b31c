/**
 * A library loaded on first use. A run that reads its rules from the cache never parses
 * YAML, and most documents hold no HTML entity and no legacy encoding: loading those
 * libraries at start would cost every one-article run their load time for nothing.
 */
export function lazily<T>(load: () => T): () => T {
  let loaded: { module: T } | undefined;
  return () => (loaded ??= { module: load() }).module;
}
