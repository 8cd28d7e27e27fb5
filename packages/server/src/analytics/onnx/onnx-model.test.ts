import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { OnnxModelErrorReason } from './onnx-model-error.js';
import { isOnnxModelError } from './onnx-model-error.js';
import { OnnxModel } from './onnx-model.js';
import type { OnnxValueSpec } from './onnx-writer.js';
import { encodeModel, linearModel, logisticModel, ONNX_DOUBLE, ONNX_INT64, windowMeanModel } from './onnx-writer.js';

const opened: OnnxModel[] = [];
async function load(bytes: Uint8Array): Promise<OnnxModel> {
  const model = await OnnxModel.load(bytes);
  opened.push(model);
  return model;
}
after(() => Promise.all(opened.map((model) => model.close())));

/** The reason and message of a refused load or run. */
async function refusal(promise: Promise<unknown>): Promise<{ reason: OnnxModelErrorReason; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isOnnxModelError(error), String(error));
    return { reason: error.reason, message: error.message };
  }
  assert.fail('expected a refusal');
}

/** A one-node model over the given inputs and outputs. */
const oneNode = (opType: string, inputs: OnnxValueSpec[], outputs: OnnxValueSpec[], attributes = []) =>
  encodeModel({
    graph: {
      name: 'one',
      nodes: [{ opType, inputs: inputs.map((i) => i.name), outputs: outputs.map((o) => o.name), attributes }],
      inputs,
      outputs,
    },
  });

const close = (actual: ArrayLike<number>, expected: number[]) => {
  assert.equal(actual.length, expected.length);
  expected.forEach((value, i) => assert.ok(Math.abs((actual[i] as number) - value) < 1e-6, `${actual[i]} ≠ ${value}`));
};

void describe('OnnxModel', () => {
  void it('describes its input and output, symbolic batch as a name', async () => {
    const model = await load(linearModel({ inputSize: 3, weights: [1, 2, 3], bias: 0.5 }));
    assert.deepEqual(model.describe(), {
      inputs: [{ name: 'x', type: 'float32', shape: ['N', 3] }],
      outputs: [{ name: 'y', type: 'float32', shape: ['N', 1] }],
      featuresPerRow: 3,
      window: null,
      batchRowsMax: null,
    });
  });

  void it('runs a batch: one value per row', async () => {
    const model = await load(linearModel({ inputSize: 3, weights: [1, 2, 3], bias: 0.5 }));
    const out = await model.run(Float32Array.from([1, 1, 1, 2, 0, -1, 0, 0, 0]), 3);
    assert.deepEqual([...out], [6.5, -0.5, 0.5]);
  });

  void it('reads only the first rows of a longer buffer', async () => {
    const model = await load(linearModel({ inputSize: 2, weights: [1, 1], bias: 0 }));
    assert.deepEqual([...(await model.run(Float32Array.from([1, 2, 3, 4, 99, 99]), 2))], [3, 7]);
  });

  void it('reads the first output of a model with two', async () => {
    const model = await load(logisticModel({ inputSize: 2, weights: [1, -1], bias: 0 }));
    assert.deepEqual(
      model.outputs.map((o) => o.name),
      ['score', 'logit'],
    );
    close(await model.run(Float32Array.from([1, 1, 2, 0]), 2), [0.5, 1 / (1 + Math.exp(-2))]);
  });

  void it('reads the first column of an output with several per row', async () => {
    const model = await load(
      encodeModel({
        graph: {
          name: 'two-columns',
          nodes: [{ opType: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }],
          initializers: [{ name: 'W', dims: [2, 2], values: [1, 0, 0, 1] }], // identity: y = x
          inputs: [{ name: 'x', shape: ['N', 2] }],
          outputs: [{ name: 'y', shape: ['N', 2] }],
        },
      }),
    );
    assert.deepEqual([...(await model.run(Float32Array.from([5, 6, 7, 8]), 2))], [5, 7]);
  });

  void it('feeds a rank-3 model [rows, window, inputs]', async () => {
    const model = await load(windowMeanModel({ inputSize: 2, window: 3, weights: [1, 10], bias: 1 }));
    assert.equal(model.describe().window, 3);
    assert.equal(model.featuresPerRow, 6);
    assert.deepEqual([...(await model.run(Float32Array.from([1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 0, 2]), 2))], [44, 11]);
  });

  void it('runs a model with a fixed batch of 1 row by row', async () => {
    const model = await load(linearModel({ inputSize: 1, weights: [2], bias: 1, batch: 1 }));
    assert.equal(model.describe().batchRowsMax, 1);
    assert.deepEqual([...(await model.run(Float32Array.from([1, 2, 3]), 3))], [3, 5, 7]);
  });

  void it('pads the last chunk of a model with a fixed batch of 2', async () => {
    const model = await load(linearModel({ inputSize: 1, weights: [2], bias: 1, batch: 2 }));
    assert.deepEqual([...(await model.run(Float32Array.from([1, 2, 3]), 3))], [3, 5, 7]);
    assert.deepEqual([...(await model.run(Float32Array.from([4]), 1))], [9]);
  });

  void it('says whether it fits a binding’s inputs and window', async () => {
    const flat = await load(linearModel({ inputSize: 6, weights: [1, 1, 1, 1, 1, 1], bias: 0 }));
    assert.equal(flat.fitProblem(2, 3), undefined);
    assert.equal(flat.fitProblem(3, 2), undefined); // a flat input only knows its width
    assert.match(flat.fitProblem(2, 2) ?? '', /takes 6 features per row; the binding has 2 inputs × window 2 = 4/);
    const windowed = await load(windowMeanModel({ inputSize: 2, window: 3, weights: [1, 1], bias: 0 }));
    assert.equal(windowed.fitProblem(2, 3), undefined);
    assert.match(windowed.fitProblem(3, 2) ?? '', /window of 3 samples of 2 inputs; the binding has 2 of 3/);
  });

  void it('loads from a view into a larger buffer (as Node’s pooled Buffers are)', async () => {
    const bytes = linearModel({ inputSize: 1, weights: [3], bias: 0 });
    const pool = new Uint8Array(bytes.length + 20).fill(0xff);
    pool.set(bytes, 10);
    const model = await load(pool.subarray(10, 10 + bytes.length));
    assert.deepEqual([...(await model.run(Float32Array.from([2]), 1))], [6]);
  });

  void it('refuses bytes that are not a model', async () => {
    const { reason, message } = await refusal(OnnxModel.load(Uint8Array.from([1, 2, 3])));
    assert.equal(reason, 'onnx.unreadable');
    assert.match(message, /^not a model onnxruntime can load: .*protobuf parsing failed/);
    assert.equal((await refusal(OnnxModel.load(new Uint8Array(0)))).reason, 'onnx.unreadable');
  });

  void it('refuses a model that is too large before parsing it', async () => {
    const { reason } = await refusal(OnnxModel.load(new Uint8Array(64 * 1024 * 1024 + 1)));
    assert.equal(reason, 'onnx.too-large');
  });

  void it('refuses inputs it cannot feed, saying what they are', async () => {
    const input = (shape: (number | string)[], elemType?: number): OnnxValueSpec => ({ name: 'a', shape, elemType });
    const cases: [Uint8Array, RegExp][] = [
      [
        oneNode('Add', [input(['N', 2]), { name: 'b', shape: ['N', 2] }], [{ name: 'y', shape: ['N', 2] }]),
        /^the model has 2 inputs: 'a' \(float32 \[N, 2\]\), 'b' \(float32 \[N, 2\]\); the platform feeds one float32/,
      ],
      [
        oneNode('Identity', [input(['N', 2], ONNX_DOUBLE)], [{ name: 'y', shape: ['N', 2], elemType: ONNX_DOUBLE }]),
        /input 'a' \(float64 \[N, 2\]\) is not float32/,
      ],
      [oneNode('Identity', [input(['N'])], [{ name: 'y', shape: ['N'] }]), /input 'a' \(float32 \[N\]\) has rank 1/],
      [
        oneNode('Identity', [input(['N', 'T', 2])], [{ name: 'y', shape: ['N', 'T', 2] }]),
        /dimension 1 of the model's input 'a' \(float32 \[N, T, 2\]\) is not a fixed size/,
      ],
    ];
    for (const [bytes, expected] of cases) {
      const { reason, message } = await refusal(OnnxModel.load(bytes));
      assert.equal(reason, 'onnx.unsupported-input');
      assert.match(message, expected);
    }
  });

  void it('refuses a first output that is not float', async () => {
    const bytes = encodeModel({
      graph: {
        name: 'cast',
        nodes: [{ opType: 'Cast', inputs: ['x'], outputs: ['label'], attributes: [{ name: 'to', int: ONNX_INT64 }] }],
        inputs: [{ name: 'x', shape: ['N', 1] }],
        outputs: [{ name: 'label', shape: ['N', 1], elemType: ONNX_INT64 }],
      },
    });
    const { reason, message } = await refusal(OnnxModel.load(bytes));
    assert.equal(reason, 'onnx.unsupported-output');
    assert.match(message, /first output 'label' \(int64 \[N, 1\]\) must be a float32 tensor/);
  });

  void it('refuses a batch of the wrong size, and runs after close', async () => {
    const model = await OnnxModel.load(linearModel({ inputSize: 3, weights: [1, 2, 3], bias: 0 }));
    const short = await refusal(model.run(new Float32Array(5), 2));
    assert.deepEqual(short, { reason: 'onnx.shape-mismatch', message: '2 rows of 3 features need 6 floats; got 5' });
    assert.equal((await refusal(model.run(new Float32Array(3), 0))).reason, 'onnx.shape-mismatch');
    await model.close();
    await model.close(); // idempotent
    assert.deepEqual(await refusal(model.run(new Float32Array(3), 1)), {
      reason: 'onnx.run-failed',
      message: 'the model is closed',
    });
  });
});
