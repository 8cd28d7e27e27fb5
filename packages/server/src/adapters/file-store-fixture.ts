import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface FileStore {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a port's contract suite needs of an embedded adapter (tests only): a store opened over a
 * fresh file in a temporary directory, another opened over the same file (`reopen`), and a
 * cleanup that closes them all and removes the directory.
 */
export async function fileStoreFixture<S extends FileStore>(
  prefix: string,
  fileName: string,
  make: (path: string) => S,
): Promise<{ store: S; reopen(): Promise<S>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `doppel-${prefix}-`));
  const path = join(dir, fileName);
  const opened: S[] = [];
  const reopen = async (): Promise<S> => {
    const store = make(path);
    await store.open();
    opened.push(store);
    return store;
  };
  return {
    store: await reopen(),
    reopen,
    cleanup: async () => {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
