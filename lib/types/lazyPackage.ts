import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first call rather than when the importing module loads: for
 * packages only some jobs need (YAML config files, regular expressions), so that a job without
 * them does not pay for loading them at start-up. Loading is synchronous (`require`), so the
 * call fits where a value is needed at once (planning, a config lookup). `M` is the package's
 * type (the caller writes `typeof import(...)` with the package name).
 */
export function lazyPackage<M>(specifier: string): () => M {
  let loaded: M | undefined;
  return () => (loaded ??= require(specifier) as M);
}
