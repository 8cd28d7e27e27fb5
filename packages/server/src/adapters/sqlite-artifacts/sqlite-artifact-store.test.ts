import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '../../analytics/artifacts/artifact-store.js';
import { describeArtifactStoreContract } from '../../analytics/artifacts/artifact-store.contract.js';
import { SqliteArtifactStore } from './sqlite-artifact-store.js';

describeArtifactStoreContract('SqliteArtifactStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-artifacts-'));
  const path = join(dir, 'analytics.db');
  const opened: ArtifactStore[] = [];
  const openAt = async (): Promise<ArtifactStore> => {
    const store = new SqliteArtifactStore(path);
    await store.open();
    opened.push(store);
    return store;
  };
  return {
    store: await openAt(),
    reopen: openAt,
    cleanup: async () => {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
