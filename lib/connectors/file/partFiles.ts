import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { splitName } from './rotatedPath.js';

/** Digits of the epoch in a part file's name, so that the names sort in epoch order. */
const EPOCH_DIGITS = 10;

/**
 * The names of the part files of a file sink that commits per epoch (`'checkpoint.dir'`), next
 * to its configured path: epoch 7 of `out.jsonl` is written as `.out.part-0000000007.jsonl.inprogress`
 * and committed by renaming it to `out.part-0000000007.jsonl` (`out.csv.gz` → `out.part-….csv.gz`).
 * The committed parts in name order are the output.
 */
export class PartFiles {
  readonly dir: string;
  private readonly stem: string;
  private readonly extension: string;

  constructor(file: string) {
    this.dir = path.dirname(file);
    ({ stem: this.stem, extension: this.extension } = splitName(file));
  }

  /** The committed part of `epoch`. */
  committed(epoch: number): string {
    return path.join(this.dir, this.committedName(epoch));
  }

  /** The part of `epoch` while it is written or pre-committed. */
  inProgress(epoch: number): string {
    return path.join(this.dir, `.${this.committedName(epoch)}.inprogress`);
  }

  /** The pattern of the committed parts, for people (`out.part-*.jsonl`). */
  get pattern(): string {
    return path.join(this.dir, `${this.stem}.part-*${this.extension}`);
  }

  /** The epochs of the parts present in the directory, committed and in progress. */
  async list(): Promise<{ committed: number[]; inProgress: number[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return { committed: [], inProgress: [] };
    }
    const committed: number[] = [];
    const inProgress: number[] = [];
    const prefix = `${this.stem}.part-`;
    for (const name of names) {
      const pending = name.startsWith('.') && name.endsWith('.inprogress');
      const bare = pending ? name.slice(1, -'.inprogress'.length) : name;
      if (!bare.startsWith(prefix) || !bare.endsWith(this.extension)) continue;
      const digits = bare.slice(prefix.length, bare.length - this.extension.length);
      if (!/^[0-9]+$/.test(digits)) continue;
      (pending ? inProgress : committed).push(Number(digits));
    }
    return { committed: committed.sort((a, b) => a - b), inProgress: inProgress.sort((a, b) => a - b) };
  }

  private committedName(epoch: number): string {
    return `${this.stem}.part-${String(epoch).padStart(EPOCH_DIGITS, '0')}${this.extension}`;
  }
}
