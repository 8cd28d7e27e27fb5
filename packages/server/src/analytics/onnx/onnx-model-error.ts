/**
 * Named failures of a user's ONNX model. Not in the core error catalog: the ML model service maps
 * the load-time reasons to `mlmodel.invalid` (the upload is refused, with this message) and the
 * run-time ones to runner errors it counts, keeping this error as `cause`.
 */
export type OnnxModelErrorReason =
  /** Larger than ONNX_MODEL_BYTES_MAX. */
  | 'onnx.too-large'
  /** onnxruntime could not read the bytes as a model (not ONNX, truncated, unsupported operator or opset). */
  | 'onnx.unreadable'
  /** The model's inputs are not exactly one float tensor of rank 2 or 3 with fixed feature dimensions. */
  | 'onnx.unsupported-input'
  /** The model's first output is not a float tensor. */
  | 'onnx.unsupported-output'
  /** The model's input does not fit a binding's inputs and window, or a batch has the wrong size. */
  | 'onnx.shape-mismatch'
  /** onnxruntime failed while running the model, or returned an output of an unexpected size. */
  | 'onnx.run-failed';

export class OnnxModelError extends Error {
  readonly reason: OnnxModelErrorReason;

  constructor(reason: OnnxModelErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'OnnxModelError';
    this.reason = reason;
  }
}

export function isOnnxModelError(thrown: unknown, reason?: OnnxModelErrorReason): thrown is OnnxModelError {
  return thrown instanceof OnnxModelError && (reason === undefined || thrown.reason === reason);
}
