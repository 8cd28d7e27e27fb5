/**
 * Real .onnx files without Python, for tests, the bench and the docs: ready-made models small
 * enough to check by hand, over the generic encoder (`onnx-encode.ts`). All take a float input
 * with a symbolic batch dimension ('N') unless `batch` fixes it.
 */
import type { OnnxDim, OnnxNodeSpec } from './onnx-encode.js';
import { encodeModel } from './onnx-encode.js';

export type {
  OnnxDim,
  OnnxModelSpec,
  OnnxGraphSpec,
  OnnxNodeSpec,
  OnnxTensorSpec,
  OnnxValueSpec,
} from './onnx-encode.js';
export { encodeModel, ONNX_DOUBLE, ONNX_FLOAT, ONNX_INT64 } from './onnx-encode.js';

export interface LinearModelOptions {
  inputSize: number;
  weights: readonly number[];
  bias: number;
  inputName?: string;
  outputName?: string;
  /** The batch dimension: 'N' (any number of rows) unless fixed, e.g. 1. */
  batch?: OnnxDim;
}

function checkWeights(options: LinearModelOptions): void {
  if (options.weights.length !== options.inputSize)
    throw new RangeError(`${options.weights.length} weights for ${options.inputSize} inputs`);
}

/** The affine part shared by the models: `from · W + B` into `to` (MatMul + Add). */
function affine(from: string, to: string): OnnxNodeSpec[] {
  return [
    { opType: 'MatMul', inputs: [from, 'W'], outputs: ['xw'] },
    { opType: 'Add', inputs: ['xw', 'B'], outputs: [to] },
  ];
}

function parameters(options: LinearModelOptions) {
  return [
    // W as raw_data, B as float_data: both encodings get exercised by every model.
    { name: 'W', dims: [options.inputSize, 1], values: options.weights, raw: true },
    { name: 'B', dims: [1], values: [options.bias] },
  ];
}

/** y = x · w + b: input float [N, inputSize], output float [N, 1]. */
export function linearModel(options: LinearModelOptions): Uint8Array {
  checkWeights(options);
  const input = options.inputName ?? 'x';
  const output = options.outputName ?? 'y';
  return encodeModel({
    graph: {
      name: 'linear',
      nodes: affine(input, output),
      initializers: parameters(options),
      inputs: [{ name: input, shape: [options.batch ?? 'N', options.inputSize] }],
      outputs: [{ name: output, shape: [options.batch ?? 'N', 1] }],
    },
  });
}

/**
 * Logistic regression with two outputs, in this order: `score` = sigmoid(x · w + b) in 0..1,
 * then `logit` = x · w + b. The platform reads the first.
 */
export function logisticModel(options: LinearModelOptions): Uint8Array {
  checkWeights(options);
  const input = options.inputName ?? 'x';
  const batch = options.batch ?? 'N';
  return encodeModel({
    graph: {
      name: 'logistic',
      nodes: [
        ...affine(input, 'logit'),
        { opType: 'Sigmoid', inputs: ['logit'], outputs: [options.outputName ?? 'score'] },
      ],
      initializers: parameters(options),
      inputs: [{ name: input, shape: [batch, options.inputSize] }],
      outputs: [
        { name: options.outputName ?? 'score', shape: [batch, 1] },
        { name: 'logit', shape: [batch, 1] },
      ],
    },
  });
}

/**
 * A model over a time window, input float [N, window, inputSize]: the mean of each input over
 * the window (ReduceMean, axes as an attribute until opset 18), then · w + b → [N, 1].
 */
export function windowMeanModel(options: LinearModelOptions & { window: number }): Uint8Array {
  checkWeights(options);
  const input = options.inputName ?? 'x';
  const batch = options.batch ?? 'N';
  return encodeModel({
    graph: {
      name: 'window-mean',
      nodes: [
        {
          opType: 'ReduceMean',
          inputs: [input],
          outputs: ['mean'],
          attributes: [
            { name: 'axes', ints: [1] },
            { name: 'keepdims', int: 0 },
          ],
        },
        ...affine('mean', options.outputName ?? 'y'),
      ],
      initializers: parameters(options),
      inputs: [{ name: input, shape: [batch, options.window, options.inputSize] }],
      outputs: [{ name: options.outputName ?? 'y', shape: [batch, 1] }],
    },
  });
}
