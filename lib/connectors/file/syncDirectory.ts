import { open } from 'node:fs/promises';

/** Fsyncs a directory, so that a rename or unlink in it survives a crash of the machine. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
