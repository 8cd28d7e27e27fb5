import { createHash } from 'node:crypto';
import type { Clock } from '@doppel/core';
import type { MlModel, MlModelVersion } from '@doppel/protocol';
import { DoppelError } from '@doppel/core';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { OnnxTensorInfo } from './onnx-model.js';
import { OnnxModel } from './onnx-model.js';
import { isOnnxModelError } from './onnx-model-error.js';

/** One uploaded version of an ONNX model, as stored and listed. */
export interface OnnxVersionDocument extends MlModelVersion {
  readonly name: string;
  readonly inputs: readonly OnnxTensorInfo[];
  readonly outputs: readonly OnnxTensorInfo[];
  readonly featuresPerRow: number;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const keyOf = (name: string, version: string): string => `${name}@${version}`;

/**
 * The uploaded ONNX files: versions are immutable (the same bytes again is a no-op, other bytes
 * under a used version are refused), checked by loading them at upload, kept in the artifact
 * store, and loaded once into a session shared by the bindings that run them.
 */
export class OnnxCatalog {
  private readonly versions = new Map<string, OnnxVersionDocument>();
  private readonly sessions = new Map<string, Promise<OnnxModel>>();

  constructor(
    private readonly store: ArtifactStore,
    private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    for (const artifact of await this.store.list('onnx-model')) {
      const document = artifact.document as OnnxVersionDocument;
      this.versions.set(keyOf(document.name, document.version), document);
    }
  }

  has(name: string, version: string): boolean {
    return this.versions.has(keyOf(name, version));
  }

  list(): MlModel[] {
    const byName = new Map<string, OnnxVersionDocument[]>();
    for (const document of this.versions.values()) {
      const versions = byName.get(document.name) ?? [];
      versions.push(document);
      byName.set(document.name, versions);
    }
    return [...byName.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, versions]) => ({ name, versions: versions.sort((a, b) => a.uploadedMs - b.uploadedMs) }));
  }

  /** Checks and stores a version; `created` is false when the same bytes were there already. */
  async upload(
    name: string,
    version: string,
    bytes: Uint8Array,
  ): Promise<{ document: OnnxVersionDocument; created: boolean }> {
    if (!NAME.test(name) || !NAME.test(version))
      throw new DoppelError('mlmodel.invalid', 'a name and a version are 1–64 letters, digits, ".", "_" or "-"');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.versions.get(keyOf(name, version));
    if (existing !== undefined) {
      if (existing.sha256 === sha256) return { document: existing, created: false };
      throw new DoppelError(
        'mlmodel.invalid',
        `${name} version ${version} exists with other bytes; versions are immutable: upload a new version`,
      );
    }
    let model: OnnxModel;
    try {
      model = await OnnxModel.load(bytes);
    } catch (error) {
      if (isOnnxModelError(error)) throw new DoppelError('mlmodel.invalid', error.message);
      throw error;
    }
    const description = model.describe();
    await model.close();
    const document: OnnxVersionDocument = {
      name,
      version,
      sizeBytes: bytes.byteLength,
      sha256,
      uploadedMs: this.clock.nowMs(),
      inputs: description.inputs,
      outputs: description.outputs,
      featuresPerRow: description.featuresPerRow,
    };
    await this.store.put(
      { kind: 'onnx-model', id: keyOf(name, version), document, updatedMs: document.uploadedMs },
      bytes,
    );
    this.versions.set(keyOf(name, version), document);
    return { document, created: true };
  }

  async delete(name: string, version: string): Promise<void> {
    const key = keyOf(name, version);
    if (!this.versions.has(key)) throw new DoppelError('mlmodel.not-found', `no version ${version} of ${name}`);
    await this.store.delete('onnx-model', key);
    this.versions.delete(key);
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    if (session !== undefined) await (await session.catch(() => undefined))?.close();
  }

  /** The loaded model, one session per version however many bindings run it. */
  async session(name: string, version: string): Promise<OnnxModel> {
    const key = keyOf(name, version);
    if (!this.versions.has(key)) throw new DoppelError('mlmodel.not-found', `no version ${version} of ${name}`);
    let session = this.sessions.get(key);
    if (session === undefined) {
      session = this.store.bytesOf('onnx-model', key).then((bytes) => {
        if (bytes === undefined) throw new DoppelError('mlmodel.not-found', `the file of ${key} is missing`);
        return OnnxModel.load(bytes);
      });
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key));
    }
    return session;
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) await (await session.catch(() => undefined))?.close();
  }
}
