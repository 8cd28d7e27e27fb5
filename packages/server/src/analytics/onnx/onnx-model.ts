/**
 * A user's ONNX model loaded in onnxruntime, checked to be something the platform can feed: one
 * float input [batch, features] or [batch, window, inputs], and a float first output with one
 * value per row (or several, of which the first is read).
 */
import * as ort from 'onnxruntime-node';
import { OnnxModelError } from './onnx-model-error.js';

/** Larger uploads are refused before onnxruntime parses them. */
export const ONNX_MODEL_BYTES_MAX = 64 * 1024 * 1024;

// One thread per session: the platform runs many bindings beside ingest and history, and gets its
// throughput from batching rows, not from a thread pool per model. ORT runs off the event loop.
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};

/** An input or output as the API shows it; symbolic dimensions are names ('N'), unknown ones '?'. */
export interface OnnxTensorInfo {
  name: string;
  /** onnxruntime's element type ('float32', 'int64', …), or 'non-tensor' for sequences and maps. */
  type: string;
  shape: (number | string)[];
}

export interface OnnxModelDescription {
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
  /** Floats per row fed to the model: window × inputs. */
  featuresPerRow: number;
  /** The window the input's shape fixes (rank 3), or null when it is flat [batch, features]. */
  window: number | null;
  /** Rows per run when the model fixes its batch dimension, or null for any number. */
  batchRowsMax: number | null;
}

const dimOf = (dim: number | string): number | string => (typeof dim === 'number' && dim < 1 ? '?' : dim);

function infoOf(metadata: ort.InferenceSession.ValueMetadata): OnnxTensorInfo {
  if (!metadata.isTensor) return { name: metadata.name, type: 'non-tensor', shape: [] };
  return { name: metadata.name, type: metadata.type, shape: metadata.shape.map(dimOf) };
}

const shown = (info: OnnxTensorInfo): string => `'${info.name}' (${info.type} [${info.shape.join(', ')}])`;
const isFixed = (dim: number | string | undefined): dim is number => typeof dim === 'number' && dim >= 1;

export class OnnxModel {
  private closed = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputs: readonly OnnxTensorInfo[],
    readonly outputs: readonly OnnxTensorInfo[],
    /** Shape of one row: [features] or [window, inputs]. */
    private readonly rowShape: readonly number[],
    readonly batchRowsMax: number,
  ) {}

  /** Reads and checks a model; throws OnnxModelError (load-time reasons) saying what is wrong. */
  static async load(bytes: Uint8Array): Promise<OnnxModel> {
    if (bytes.byteLength > ONNX_MODEL_BYTES_MAX)
      throw new OnnxModelError(
        'onnx.too-large',
        `the model has ${bytes.byteLength} bytes; at most ${ONNX_MODEL_BYTES_MAX}`,
      );
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new OnnxModelError('onnx.unreadable', `not a model onnxruntime can load: ${detail}`, { cause });
    }
    const inputs = session.inputMetadata.map(infoOf);
    const outputs = session.outputMetadata.map(infoOf);
    const problem = inputProblem(inputs) ?? outputProblem(outputs);
    if (problem !== undefined) {
      await session.release();
      throw new OnnxModelError(problem.reason, problem.message);
    }
    const shape = (inputs[0] as OnnxTensorInfo).shape;
    const batch = shape[0];
    return new OnnxModel(session, inputs, outputs, shape.slice(1) as number[], isFixed(batch) ? batch : Infinity);
  }

  get featuresPerRow(): number {
    return this.rowShape.reduce((product, dim) => product * dim, 1);
  }

  describe(): OnnxModelDescription {
    return {
      inputs: this.inputs.map((info) => ({ ...info, shape: [...info.shape] })),
      outputs: this.outputs.map((info) => ({ ...info, shape: [...info.shape] })),
      featuresPerRow: this.featuresPerRow,
      window: this.rowShape.length === 2 ? (this.rowShape[0] as number) : null,
      batchRowsMax: Number.isFinite(this.batchRowsMax) ? this.batchRowsMax : null,
    };
  }

  /** Why this model cannot take rows of `window` samples of `inputCount` inputs, or undefined if it can. */
  fitProblem(inputCount: number, window: number): string | undefined {
    const input = shown(this.inputs[0] as OnnxTensorInfo);
    if (this.rowShape.length === 2) {
      if (this.rowShape[0] === window && this.rowShape[1] === inputCount) return undefined;
      return `the model's input ${input} takes a window of ${this.rowShape[0]} samples of ${this.rowShape[1]} inputs; the binding has ${window} of ${inputCount}`;
    }
    if (this.featuresPerRow === window * inputCount) return undefined;
    return `the model's input ${input} takes ${this.featuresPerRow} features per row; the binding has ${inputCount} inputs × window ${window} = ${window * inputCount}`;
  }

  /**
   * Runs `rows` rows of `batch` (row-major, featuresPerRow floats each; the buffer may be longer)
   * and returns the first output's first value of each row. Models with a fixed batch dimension
   * are run in chunks of that size, the last one padded with zeros.
   */
  async run(batch: Float32Array, rows: number): Promise<Float32Array> {
    const width = this.featuresPerRow;
    if (!Number.isInteger(rows) || rows < 1 || batch.length < rows * width)
      throw new OnnxModelError(
        'onnx.shape-mismatch',
        `${rows} rows of ${width} features need ${rows * width} floats; got ${batch.length}`,
      );
    if (this.closed) throw new OnnxModelError('onnx.run-failed', 'the model is closed');
    const values = new Float32Array(rows);
    // A fixed batch dimension takes exactly that many rows per run; otherwise one run takes all.
    const chunkRows = Number.isFinite(this.batchRowsMax) ? this.batchRowsMax : rows;
    for (let start = 0; start < rows; start += chunkRows) {
      const count = Math.min(chunkRows, rows - start);
      let data = batch.subarray(start * width, (start + count) * width);
      let fed = count;
      if (count < chunkRows) {
        // A fresh buffer, not a kept one: a model may serve several bindings' runs at once.
        const padded = new Float32Array(chunkRows * width);
        padded.set(data);
        data = padded;
        fed = chunkRows;
      }
      await this.runChunk(data, fed, values, start, count);
    }
    return values;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }

  private async runChunk(
    data: Float32Array,
    fed: number,
    into: Float32Array,
    at: number,
    count: number,
  ): Promise<void> {
    const input = (this.inputs[0] as OnnxTensorInfo).name;
    const output = (this.outputs[0] as OnnxTensorInfo).name;
    let result: ort.InferenceSession.ReturnType;
    try {
      const tensor = new ort.Tensor('float32', data, [fed, ...this.rowShape]);
      result = await this.session.run({ [input]: tensor }, [output]); // only the first output is computed
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new OnnxModelError('onnx.run-failed', `onnxruntime failed: ${detail}`, { cause });
    }
    const values = result[output];
    const stride = values === undefined ? 0 : values.size / fed;
    if (values === undefined || values.type !== 'float32' || !Number.isInteger(stride) || stride < 1)
      throw new OnnxModelError('onnx.run-failed', `output '${output}' has no value per row for ${fed} rows`);
    const data_ = values.data as Float32Array;
    for (let row = 0; row < count; row++) into[at + row] = data_[row * stride] as number;
  }
}

function inputProblem(inputs: OnnxTensorInfo[]): { reason: 'onnx.unsupported-input'; message: string } | undefined {
  const refuse = (why: string) => ({
    reason: 'onnx.unsupported-input' as const,
    message: `${why}; the platform feeds one float32 input [batch, features] or [batch, window, inputs]`,
  });
  if (inputs.length !== 1)
    return refuse(
      `the model has ${inputs.length} inputs${inputs.length === 0 ? '' : `: ${inputs.map(shown).join(', ')}`}`,
    );
  const input = inputs[0] as OnnxTensorInfo;
  if (input.type !== 'float32') return refuse(`the model's input ${shown(input)} is not float32`);
  if (input.shape.length !== 2 && input.shape.length !== 3)
    return refuse(`the model's input ${shown(input)} has rank ${input.shape.length}`);
  const loose = input.shape.findIndex((dim, i) => i > 0 && !isFixed(dim));
  if (loose > 0) return refuse(`dimension ${loose} of the model's input ${shown(input)} is not a fixed size`);
  return undefined;
}

function outputProblem(outputs: OnnxTensorInfo[]): { reason: 'onnx.unsupported-output'; message: string } | undefined {
  const first = outputs[0];
  if (first === undefined) return { reason: 'onnx.unsupported-output', message: 'the model has no output' };
  // An undeclared shape (empty) is accepted: run() checks there is a value per row.
  if (first.type !== 'float32')
    return {
      reason: 'onnx.unsupported-output',
      message: `the model's first output ${shown(first)} must be a float32 tensor with a value per row ([batch] or [batch, k])`,
    };
  return undefined;
}
