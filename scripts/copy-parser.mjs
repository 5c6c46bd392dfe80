// Copies the generated jison parser next to the compiled adapter (tsc does not copy .cjs files).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'lib/sql/grammar/parser.generated.cjs');
const to = join(root, 'dist/lib/sql/grammar/parser.generated.cjs');
mkdirSync(dirname(to), { recursive: true });
copyFileSync(from, to);
