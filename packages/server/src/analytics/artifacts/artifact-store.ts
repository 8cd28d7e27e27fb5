/**
 * What the analytics keep between restarts besides alerts: trained asset models, uploaded ONNX
 * files and their bindings, drift references. Each is a document (JSON) of a kind, under an id,
 * with optional bytes (an ONNX file). Documents are small and read at start; bytes are read when
 * a model is loaded.
 */
export type ArtifactKind = 'asset-model' | 'onnx-model' | 'onnx-binding';

export interface Artifact {
  readonly kind: ArtifactKind;
  readonly id: string;
  /** JSON-serialisable. */
  readonly document: unknown;
  readonly updatedMs: number;
}

export interface ArtifactStore {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Inserts or replaces; `bytes` undefined keeps the stored bytes (a document-only edit). */
  put(artifact: Artifact, bytes?: Uint8Array): Promise<void>;
  get(kind: ArtifactKind, id: string): Promise<Artifact | undefined>;
  bytesOf(kind: ArtifactKind, id: string): Promise<Uint8Array | undefined>;
  /** Every artifact of a kind, by id. */
  list(kind: ArtifactKind): Promise<Artifact[]>;
  /** Whether there was one. */
  delete(kind: ArtifactKind, id: string): Promise<boolean>;
}
