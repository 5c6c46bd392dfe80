/** The version `ferris --version` prints: the one in the package's own package.json. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package this code ships in (the name in package.json). */
const PACKAGE_NAME = 'ferris-streams';

/**
 * The `version` of the package.json of FerrisStreams, found from this module upwards (the
 * module sits at lib/cli/ in the sources and dist/lib/cli/ once built).
 * @throws Error when no package.json of the package is found above this module.
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
