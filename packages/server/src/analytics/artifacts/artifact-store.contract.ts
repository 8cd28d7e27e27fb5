import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ArtifactStore } from './artifact-store.js';

export interface ArtifactStoreFixture {
  /** An opened store over fresh storage. */
  readonly store: ArtifactStore;
  /** A new, opened store over the same storage. */
  reopen(): Promise<ArtifactStore>;
  cleanup(): Promise<void>;
}

/** What every ArtifactStore adapter must do; run by each adapter's test. */
export function describeArtifactStoreContract(name: string, create: () => Promise<ArtifactStoreFixture>): void {
  void describe(`${name} (ArtifactStore contract)`, () => {
    let fixture: ArtifactStoreFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => fixture.cleanup());

    void it('keeps documents by kind and id, and lists a kind by id', async () => {
      const { store } = fixture;
      await store.put({ kind: 'asset-model', id: 'b', document: { n: 2 }, updatedMs: 2 });
      await store.put({ kind: 'asset-model', id: 'a', document: { n: 1 }, updatedMs: 1 });
      await store.put({ kind: 'onnx-binding', id: 'a', document: { other: true }, updatedMs: 3 });
      assert.deepEqual(await store.get('asset-model', 'a'), {
        kind: 'asset-model',
        id: 'a',
        document: { n: 1 },
        updatedMs: 1,
      });
      assert.deepEqual(
        (await store.list('asset-model')).map((artifact) => artifact.id),
        ['a', 'b'],
      );
      assert.equal(await store.get('onnx-model', 'a'), undefined);
    });

    void it('keeps bytes across a document-only edit, and replaces them when given', async () => {
      const { store } = fixture;
      await store.put({ kind: 'onnx-model', id: 'm', document: { v: 1 }, updatedMs: 1 }, new Uint8Array([1, 2, 3]));
      await store.put({ kind: 'onnx-model', id: 'm', document: { v: 2 }, updatedMs: 2 });
      assert.deepEqual([...((await store.bytesOf('onnx-model', 'm')) ?? [])], [1, 2, 3]);
      assert.deepEqual((await store.get('onnx-model', 'm'))?.document, { v: 2 });
      await store.put({ kind: 'onnx-model', id: 'm', document: { v: 3 }, updatedMs: 3 }, new Uint8Array([9]));
      assert.deepEqual([...((await store.bytesOf('onnx-model', 'm')) ?? [])], [9]);
      assert.equal(await store.bytesOf('onnx-model', 'missing'), undefined);
    });

    void it('deletes, saying whether there was something', async () => {
      const { store } = fixture;
      await store.put({ kind: 'asset-model', id: 'x', document: {}, updatedMs: 1 });
      assert.equal(await store.delete('asset-model', 'x'), true);
      assert.equal(await store.delete('asset-model', 'x'), false);
      assert.deepEqual(await store.list('asset-model'), []);
    });

    void it('survives a reopen', async () => {
      await fixture.store.put(
        { kind: 'onnx-binding', id: 'b1', document: { w: 4 }, updatedMs: 5 },
        new Uint8Array([7]),
      );
      const again = await fixture.reopen();
      assert.deepEqual((await again.get('onnx-binding', 'b1'))?.document, { w: 4 });
      assert.deepEqual([...((await again.bytesOf('onnx-binding', 'b1')) ?? [])], [7]);
    });
  });
}
