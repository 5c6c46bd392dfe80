import { readdir } from 'node:fs/promises';
import * as path from 'node:path';

/** A file name split around where a rotation index or part number goes: `out` + `.jsonl.gz`. */
export function splitName(file: string): { stem: string; extension: string } {
  const base = path.basename(file);
  const gz = base.toLowerCase().endsWith('.gz') ? base.slice(-3) : '';
  const withoutGz = base.slice(0, base.length - gz.length);
  const dot = withoutGz.lastIndexOf('.');
  const ext = dot > 0 ? withoutGz.slice(dot) : '';
  return { stem: withoutGz.slice(0, withoutGz.length - ext.length), extension: ext + gz };
}

/**
 * The path of rotated output file number `index`: index 0 is the configured path itself;
 * later files insert `.<index>` before the extension (a trailing `.gz` counts with it):
 * `out.jsonl` → `out.1.jsonl`, `out.2.jsonl`; `out.csv.gz` → `out.1.csv.gz`; `out` → `out.1`.
 */
export function rotatedPath(file: string, index: number): string {
  if (index === 0) return file;
  const { stem, extension } = splitName(file);
  return path.join(path.dirname(file), `${stem}.${index}${extension}`);
}

/** The highest rotation index already present next to `file` (0 when none, or only the file itself). */
export async function lastRotationIndex(file: string): Promise<number> {
  const { stem, extension } = splitName(file);
  let names: string[];
  try {
    names = await readdir(path.dirname(file));
  } catch {
    return 0;
  }
  let last = 0;
  for (const name of names) {
    if (!name.startsWith(`${stem}.`) || !name.endsWith(extension)) continue;
    const middle = name.slice(stem.length + 1, name.length - extension.length);
    if (/^[1-9][0-9]*$/.test(middle)) last = Math.max(last, Number(middle));
  }
  return last;
}
