import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { encodeModel, linearModel, logisticModel, windowMeanModel } from './onnx-writer.js';

async function run(bytes: Uint8Array, input: number[], dims: number[]): Promise<Record<string, number[]>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = { [session.inputNames[0] as string]: new ort.Tensor('float32', Float32Array.from(input), dims) };
    const result = await session.run(feeds);
    return Object.fromEntries(Object.entries(result).map(([name, value]) => [name, [...(value.data as Float32Array)]]));
  } finally {
    await session.release();
  }
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

void describe('ONNX writer', () => {
  void it('writes a linear model onnxruntime computes: y = x · w + b', async () => {
    const bytes = linearModel({ inputSize: 3, weights: [1, 2, 3], bias: 0.5 });
    assert.deepEqual(await run(bytes, [1, 1, 1, 2, 0, -1], [2, 3]), { y: [6.5, -0.5] });
  });

  void it('names the input and output as asked', async () => {
    const bytes = linearModel({ inputSize: 1, weights: [2], bias: 0, inputName: 'features', outputName: 'rul' });
    const session = await ort.InferenceSession.create(bytes);
    assert.deepEqual([session.inputNames, session.outputNames], [['features'], ['rul']]);
    assert.deepEqual(session.inputMetadata[0], { name: 'features', isTensor: true, type: 'float32', shape: ['N', 1] });
    await session.release();
  });

  void it('writes a logistic model with the score (0..1) first and the logit second', async () => {
    const bytes = logisticModel({ inputSize: 2, weights: [1, -1], bias: 0.25 });
    const { score, logit } = await run(bytes, [1, 1, 3, 0], [2, 2]);
    assert.deepEqual(logit, [0.25, 3.25]);
    assert.ok(Math.abs((score?.[0] as number) - sigmoid(0.25)) < 1e-6);
    assert.ok(Math.abs((score?.[1] as number) - sigmoid(3.25)) < 1e-6);
  });

  void it('writes a rank-3 window model: mean over the window, then · w + b', async () => {
    const bytes = windowMeanModel({ inputSize: 2, window: 3, weights: [1, 10], bias: 1 });
    // means (3, 4) and (0, 1) → 3 + 40 + 1, 0 + 10 + 1
    assert.deepEqual(await run(bytes, [1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 0, 2], [2, 3, 2]), { y: [44, 11] });
  });

  void it('fixes the batch dimension when asked', async () => {
    const session = await ort.InferenceSession.create(
      linearModel({ inputSize: 2, weights: [1, 1], bias: 0, batch: 1 }),
    );
    assert.deepEqual(session.inputMetadata[0], { name: 'x', isTensor: true, type: 'float32', shape: [1, 2] });
    await session.release();
  });

  void it('encodes any graph: attributes, float_data and raw_data initializers', async () => {
    const bytes = encodeModel({
      producerName: 'test',
      graph: {
        name: 'scale-clip',
        nodes: [
          { opType: 'Mul', inputs: ['x', 'k'], outputs: ['scaled'] },
          { opType: 'Add', inputs: ['scaled', 'c'], outputs: ['shifted'] },
          { opType: 'LeakyRelu', inputs: ['shifted'], outputs: ['y'], attributes: [{ name: 'alpha', float: 0.5 }] },
        ],
        initializers: [
          { name: 'k', dims: [1], values: [3] },
          { name: 'c', dims: [1], values: [-2], raw: true },
        ],
        inputs: [{ name: 'x', shape: ['N', 2] }],
        outputs: [{ name: 'y', shape: ['N', 2] }],
      },
    });
    assert.deepEqual(await run(bytes, [1, 0], [1, 2]), { y: [1, -1] }); // 3·1−2 = 1; (3·0−2)·0.5 = −1
  });

  void it('refuses weights that do not match the input size', () => {
    assert.throws(() => linearModel({ inputSize: 3, weights: [1, 2], bias: 0 }), /2 weights for 3 inputs/);
  });
});
