import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SnapshotStore, StateSnapshot } from '../../state/state-snapshots.js';

const FORMAT_VERSION = 1;

/**
 * Snapshots as one JSON file, replaced atomically: written to `<path>.tmp`, fsynced, renamed over
 * the old one, and the directory fsynced, so a crash at any point leaves a whole snapshot.
 */
export class FileSnapshotStore implements SnapshotStore {
  constructor(private readonly path: string) {}

  async load(): Promise<StateSnapshot | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const data = JSON.parse(text) as StateSnapshot & { version: number };
    if (data.version !== FORMAT_VERSION) throw new Error(`snapshot ${this.path} has unknown version ${data.version}`);
    return data;
  }

  async save(snapshot: StateSnapshot): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(JSON.stringify({ version: FORMAT_VERSION, ...snapshot }));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.path);
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
