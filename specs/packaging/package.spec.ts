import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What `npm pack` publishes, and whether a strict consumer can compile against it. */
const root = join(import.meta.dirname, '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(root, 'node_modules/.bin/tsc');

interface PackedFile {
  readonly path: string;
}

function packedFiles(): string[] {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const [pack] = JSON.parse(out) as [{ files: PackedFile[] }];
  return pack.files.map((file) => file.path);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') || path.endsWith('.js') ? [path] : [];
  });
}

/** The package names that runtime code imports: bare specifiers, not `node:` or relative ones. */
function importedPackages(): Set<string> {
  const names = new Set<string>();
  const specifier = /(?:from\s+|import\s*\(\s*|import\s+)['"]([@a-z0-9][^'"]*)['"]/g;
  for (const file of [...sourceFiles(join(root, 'lib')), ...sourceFiles(join(root, 'operators')), join(root, 'bin/ferris.js')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(specifier)) {
      const name = match[1]!;
      if (name.startsWith('node:')) continue;
      const parts = name.split('/');
      names.add(name.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

describe('the npm package', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/lib/index.d.ts'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  });

  it('holds the library, the command, the bundled example input and the licence, and no benchmarks or generated output', () => {
    const files = packedFiles();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/ferris.js', 'bin/loadWithCodeCache.cjs', 'dist/cli/ferris.cjs', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/operators/index.d.ts', 'examples/trading/app.sql', 'examples/trading/data/trades.csv']));
    expect(files.filter((path) => path.startsWith('dist/bench') || (path.startsWith('examples/') && path.includes('/output/')) || path.startsWith('specs') || path.startsWith('bench'))).toEqual([]);
  });

  it('declares as runtime dependencies exactly the packages the runtime imports', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...importedPackages()].sort());
  });

  it('carries a LICENSE matching package.json', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string };
    expect(manifest.license).toBe('Apache-2.0');
    const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(licence).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
  });

  describe('installed into a strict consumer project without any @types package', () => {
    let consumer = '';
    beforeAll(() => {
      consumer = mkdtempSync(join(tmpdir(), 'ferris-consumer-'));
      execFileSync(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', consumer], { cwd: root, encoding: 'utf8' });
      const tarball = readdirSync(consumer).find((name) => name.endsWith('.tgz'))!;
      writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
      execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`], { cwd: consumer, encoding: 'utf8' });
    }, 120_000);
    afterAll(() => {
      if (consumer) rmSync(consumer, { recursive: true, force: true });
    });

    it('type-checks code that uses the library and operator entry points (strict, skipLibCheck off)', () => {
      writeFileSync(
        join(consumer, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true }, include: ['index.ts'] }),
      );
      writeFileSync(
        join(consumer, 'index.ts'),
        [
          "import { FerrisEngine, Decimal, startBroker, type EmbeddedBroker, type Row } from 'ferris-streams';",
          "import * as operators from 'ferris-streams/operators';",
          'const engine = new FerrisEngine();',
          "engine.registerStream('t', { columns: { x: 'INTEGER' }, rows: [{ x: 1 }] });",
          "const rows: Row[] = [[Decimal.parse('1.50')]];",
          'const broker: Promise<EmbeddedBroker> = startBroker({ port: 0 });',
          'export { engine, rows, broker, operators };',
        ].join('\n'),
      );
      let output = '';
      try {
        execFileSync(tsc, ['-p', '.'], { cwd: consumer, encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output.split('\n').filter(Boolean)).toEqual([]);
    });
  });
});
