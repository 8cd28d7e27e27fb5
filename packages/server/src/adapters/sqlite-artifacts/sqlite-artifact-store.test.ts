import { fileStoreFixture } from '../file-store-fixture.js';
import type { ArtifactStore } from '../../analytics/artifacts/artifact-store.js';
import { describeArtifactStoreContract } from '../../analytics/artifacts/artifact-store.contract.js';
import { SqliteArtifactStore } from './sqlite-artifact-store.js';

describeArtifactStoreContract('SqliteArtifactStore', () =>
  fileStoreFixture<ArtifactStore>('artifacts', 'analytics.db', (path) => new SqliteArtifactStore(path)),
);
