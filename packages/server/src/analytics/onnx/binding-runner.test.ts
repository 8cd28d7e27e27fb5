import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { BatchModel, OnnxBindingRunnerOptions } from './binding-runner.js';
import { OnnxBindingRunner } from './binding-runner.js';
import { isOnnxModelError } from './onnx-model-error.js';
import { OnnxModel } from './onnx-model.js';
import type { LinearModelOptions } from './onnx-writer.js';
import { linearModel, windowMeanModel } from './onnx-writer.js';

const opened: OnnxModel[] = [];
async function linear(options: LinearModelOptions): Promise<OnnxModel> {
  const model = await OnnxModel.load(linearModel(options));
  opened.push(model);
  return model;
}
after(() => Promise.all(opened.map((model) => model.close())));

/** A model that records the rows of each run and, while gated, holds its runs until opened. */
class Probe implements BatchModel {
  readonly runs: number[] = [];
  private gates: (() => void)[] = [];
  constructor(
    private readonly inner: BatchModel,
    private gated = false,
    private readonly failure?: Error,
  ) {}
  get featuresPerRow(): number {
    return this.inner.featuresPerRow;
  }
  fitProblem(inputCount: number, window: number): string | undefined {
    return this.inner.fitProblem(inputCount, window);
  }
  async run(batch: Float32Array, rows: number): Promise<Float32Array> {
    this.runs.push(rows);
    if (this.gated) await new Promise<void>((resolve) => this.gates.push(resolve));
    if (this.failure !== undefined) throw this.failure;
    return this.inner.run(batch, rows);
  }
  /** Lets the runs held so far, and all later ones, go. */
  open(): void {
    this.gated = false;
    for (const release of this.gates.splice(0)) release();
  }
}

type Output = [twinId: string, ts: number, value: number];

function runner(options: Partial<OnnxBindingRunnerOptions> & Pick<OnnxBindingRunnerOptions, 'model' | 'inputs'>) {
  const outputs: Output[] = [];
  const shadows: [string, number, number, number][] = [];
  const errors: unknown[] = [];
  const instance = new OnnxBindingRunner({
    window: 1,
    onOutput: (twinId, ts, value) => outputs.push([twinId, ts, value]),
    onShadow: (twinId, ts, active, shadow) => shadows.push([twinId, ts, active, shadow]),
    onError: (error) => errors.push(error),
    ...options,
  });
  return { runner: instance, outputs, shadows, errors };
}

/** One turn of the event loop: lets the runner form and start a batch. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

void describe('OnnxBindingRunner', () => {
  void it('infers the twins due together in one batch: 3 twins, 3 outputs, one run', async () => {
    const model = new Probe(await linear({ inputSize: 2, weights: [1, 10], bias: 0 }));
    const { runner: r, outputs } = runner({ model, inputs: ['a', 'b'] });
    r.observe('t1', 1_000, { a: 1, b: 2 });
    r.observe('t2', 1_000, { a: 3, b: 4, ignored: 'x' });
    r.observe('t3', 1_001, { a: 5, b: 6 });
    await r.idle();
    assert.deepEqual(outputs, [
      ['t1', 1_000, 21],
      ['t2', 1_000, 43],
      ['t3', 1_001, 65],
    ]);
    assert.deepEqual(model.runs, [3]);
    const { lastRunMs, ...counters } = r.counters;
    assert.ok(lastRunMs >= 0);
    assert.deepEqual(counters, {
      inferences: 3,
      batches: 1,
      errors: 0,
      queued: 0,
      dropped: 0,
      twins: 3,
      untrackedRows: 0,
    });
  });

  void it('waits for a full window, then infers at most every everyMs of the rows’ time', async () => {
    // window 2 of x, flat: features [x(t-1), x(t)] · [1, 100]
    const { runner: r, outputs } = runner({
      model: await linear({ inputSize: 2, weights: [1, 100], bias: 0 }),
      inputs: ['x'],
      window: 2,
      everyMs: 1_000,
    });
    for (const [ts, x] of [
      [0, 1],
      [500, 2], // window full: due
      [1_000, 3], // 500 ms after: not due
      [1_500, 4], // 1000 ms after: due
      [2_000, 5],
    ] as const) {
      r.observe('t1', ts, { x });
      await r.idle();
    }
    assert.deepEqual(outputs, [
      ['t1', 500, 201],
      ['t1', 1_500, 403],
    ]);
  });

  void it('queues twins due during a run, each once and with its latest window', async () => {
    const model = new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), true);
    const { runner: r, outputs } = runner({ model, inputs: ['x'], everyMs: 100 });
    r.observe('t1', 0, { x: 1 });
    await turn(); // t1's batch is running
    r.observe('t2', 0, { x: 2 });
    r.observe('t3', 0, { x: 3 });
    r.observe('t2', 200, { x: 20 }); // due again while queued: stays queued once, with its latest row
    assert.equal(r.counters.queued, 2);
    model.open();
    await r.idle();
    assert.deepEqual(model.runs, [1, 2]);
    assert.deepEqual(outputs, [
      ['t1', 0, 1],
      ['t2', 200, 20],
      ['t3', 0, 3],
    ]);
  });

  void it('reports each output at the time of the row it was computed from', async () => {
    const model = new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), true);
    const { runner: r, outputs } = runner({ model, inputs: ['x'], everyMs: 1_000 });
    r.observe('t1', 0, { x: 1 });
    await turn(); // running on x = 1
    r.observe('t1', 10, { x: 2 }); // arrives during the run, not due yet
    model.open();
    await r.idle();
    assert.deepEqual(outputs, [['t1', 0, 1]]);
  });

  void it('drops and counts due twins beyond queueMax; they are due again on their next row', async () => {
    const model = new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), true);
    const { runner: r, outputs } = runner({ model, inputs: ['x'], queueMax: 2 });
    r.observe('t1', 0, { x: 1 });
    await turn();
    for (const twin of ['t2', 't3', 't4']) r.observe(twin, 0, { x: 2 });
    assert.deepEqual([r.counters.queued, r.counters.dropped], [2, 1]);
    model.open();
    await r.idle();
    r.observe('t4', 10, { x: 4 }); // never run, so due at once
    await r.idle();
    assert.deepEqual(
      outputs.map(([twin, ts]) => [twin, ts]),
      [
        ['t1', 0],
        ['t2', 0],
        ['t3', 0],
        ['t4', 10],
      ],
    );
    assert.deepEqual(model.runs, [1, 2, 1]);
  });

  void it('splits the due twins into batches of at most maxBatch rows', async () => {
    const model = new Probe(await linear({ inputSize: 1, weights: [2], bias: 1 }));
    const { runner: r, outputs } = runner({ model, inputs: ['x'], maxBatch: 2 });
    for (let i = 1; i <= 5; i++) r.observe(`t${i}`, 0, { x: i });
    await r.idle();
    assert.deepEqual(model.runs, [2, 2, 1]);
    assert.deepEqual(
      outputs.map(([, , value]) => value),
      [3, 5, 7, 9, 11],
    );
  });

  void it('runs a model whose batch is fixed to 1 row by row, in one runner batch', async () => {
    const { runner: r, outputs } = runner({
      model: await linear({ inputSize: 1, weights: [2], bias: 0, batch: 1 }),
      inputs: ['x'],
    });
    for (let i = 1; i <= 3; i++) r.observe(`t${i}`, 0, { x: i });
    await r.idle();
    assert.deepEqual(
      outputs.map(([, , value]) => value),
      [2, 4, 6],
    );
    assert.equal(r.counters.batches, 1);
  });

  void it('feeds a rank-3 model the window in time order', async () => {
    const model = await OnnxModel.load(windowMeanModel({ inputSize: 2, window: 3, weights: [1, 10], bias: 0 }));
    opened.push(model);
    const { runner: r, outputs } = runner({ model, inputs: ['a', 'b'], window: 3 });
    r.observe('t1', 0, { a: 1, b: 0 });
    r.observe('t1', 1, { a: 2 }); // [2, 0]
    r.observe('t1', 2, { b: 3 }); // [2, 3]: means a 5/3, b 1
    await r.idle();
    assert.equal(outputs.length, 1);
    assert.ok(Math.abs((outputs[0]?.[2] as number) - (5 / 3 + 10)) < 1e-5);
  });

  void it('runs the shadow on the same batch and reports both outputs', async () => {
    const shadow = new Probe(await linear({ inputSize: 1, weights: [2], bias: 0 }));
    const {
      runner: r,
      outputs,
      shadows,
    } = runner({
      model: await linear({ inputSize: 1, weights: [1], bias: 0 }),
      shadow,
      inputs: ['x'],
    });
    r.observe('t1', 5, { x: 3 });
    r.observe('t2', 6, { x: 4 });
    await r.idle();
    assert.deepEqual(shadow.runs, [2]);
    assert.deepEqual(outputs, [
      ['t1', 5, 3],
      ['t2', 6, 4],
    ]);
    assert.deepEqual(shadows, [
      ['t1', 5, 3, 6],
      ['t2', 6, 4, 8],
    ]);
  });

  void it('delivers the active outputs when the shadow fails, and counts the failure', async () => {
    const failure = new Error('shadow broke');
    const shadow = new Probe(await linear({ inputSize: 1, weights: [2], bias: 0 }), false, failure);
    const {
      runner: r,
      outputs,
      shadows,
      errors,
    } = runner({
      model: await linear({ inputSize: 1, weights: [1], bias: 0 }),
      shadow,
      inputs: ['x'],
    });
    r.observe('t1', 0, { x: 3 });
    await r.idle();
    assert.deepEqual([outputs, shadows, errors], [[['t1', 0, 3]], [], [failure]]);
    assert.equal(r.counters.errors, 1);
  });

  void it('counts a failed run and carries on', async () => {
    const failure = new Error('run failed');
    const {
      runner: r,
      outputs,
      errors,
    } = runner({
      model: new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), false, failure),
      inputs: ['x'],
      everyMs: 100,
    });
    r.observe('t1', 0, { x: 1 });
    await r.idle();
    r.observe('t1', 100, { x: 2 });
    await r.idle();
    assert.deepEqual([outputs, errors], [[], [failure, failure]]);
    assert.deepEqual([r.counters.batches, r.counters.inferences, r.counters.errors], [2, 0, 2]);
  });

  void it('counts a throwing callback and still delivers the other rows', async () => {
    const { runner: r, errors } = runner({
      model: await linear({ inputSize: 1, weights: [1], bias: 0 }),
      inputs: ['x'],
      onOutput: (twinId) => {
        if (twinId === 't1') throw new Error('listener broke');
        delivered.push(twinId);
      },
    });
    const delivered: string[] = [];
    r.observe('t1', 0, { x: 1 });
    r.observe('t2', 0, { x: 2 });
    await r.idle();
    assert.deepEqual([delivered, errors.map((e) => (e as Error).message)], [['t2'], ['listener broke']]);
  });

  void it('promotes a new version without losing the windows', async () => {
    const { runner: r, outputs } = runner({
      model: await linear({ inputSize: 2, weights: [1, 1], bias: 0 }),
      inputs: ['x'],
      window: 2,
      everyMs: 100,
    });
    r.observe('t1', 0, { x: 1 });
    r.observe('t1', 100, { x: 2 });
    await r.idle();
    await r.setModels(await linear({ inputSize: 2, weights: [10, 100], bias: 0 }));
    r.observe('t1', 200, { x: 3 }); // window [2, 3], kept across the promotion
    await r.idle();
    assert.deepEqual(outputs, [
      ['t1', 100, 3],
      ['t1', 200, 320],
    ]);
  });

  void it('resolves setModels once the run using the previous models is over', async () => {
    const old = new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), true);
    const { runner: r, outputs } = runner({ model: old, inputs: ['x'] });
    r.observe('t1', 0, { x: 1 });
    await turn();
    let settled = false;
    const promoted = r.setModels(await linear({ inputSize: 1, weights: [5], bias: 0 })).then(() => (settled = true));
    await turn();
    assert.equal(settled, false);
    old.open();
    await promoted;
    assert.deepEqual(outputs, [['t1', 0, 1]]); // the batch in flight finished on the old model
  });

  void it('refuses a model that does not fit the inputs and window, keeping the current one', async () => {
    const model = await linear({ inputSize: 2, weights: [1, 1], bias: 0 });
    const misfit = await linear({ inputSize: 3, weights: [1, 1, 1], bias: 0 });
    assert.throws(
      () => new OnnxBindingRunner({ model: misfit, inputs: ['x'], window: 2, onOutput() {}, onError() {} }),
      (error) => isOnnxModelError(error, 'onnx.shape-mismatch'),
    );
    const { runner: r, outputs } = runner({ model, inputs: ['x'], window: 2 });
    await assert.rejects(r.setModels(misfit), (error) => isOnnxModelError(error, 'onnx.shape-mismatch'));
    await assert.rejects(r.setModels(model, misfit), (error) => isOnnxModelError(error, 'onnx.shape-mismatch'));
    r.observe('t1', 0, { x: 1 });
    r.observe('t1', 1, { x: 2 });
    await r.idle();
    assert.deepEqual(outputs, [['t1', 1, 3]]);
  });

  void it('refuses options out of range', async () => {
    const model = await linear({ inputSize: 1, weights: [1], bias: 0 });
    for (const bad of [{ maxBatch: 0 }, { maxBatch: 1.5 }, { queueMax: 0 }, { everyMs: -1 }])
      assert.throws(() => runner({ model, inputs: ['x'], ...bad }), RangeError);
  });

  void it('forgets a twin: out of the queue, and no output from a run in flight', async () => {
    const model = new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), true);
    const { runner: r, outputs } = runner({ model, inputs: ['x'] });
    r.observe('t1', 0, { x: 1 });
    await turn();
    r.observe('t2', 0, { x: 2 });
    r.observe('t3', 0, { x: 3 });
    r.forgetTwin('t1'); // in flight
    r.forgetTwin('t2'); // queued
    assert.deepEqual([r.counters.queued, r.counters.twins], [1, 1]);
    model.open();
    await r.idle();
    assert.deepEqual(outputs, [['t3', 0, 3]]);
    assert.deepEqual(model.runs, [1, 1]);
  });

  void it('closes: no more rows, and the run in flight delivers nothing', async () => {
    const model = new Probe(await linear({ inputSize: 1, weights: [1], bias: 0 }), true);
    const { runner: r, outputs } = runner({ model, inputs: ['x'] });
    r.observe('t1', 0, { x: 1 });
    await turn();
    r.observe('t2', 0, { x: 2 });
    const closed = r.close();
    model.open();
    await closed;
    r.observe('t3', 0, { x: 3 });
    await r.idle();
    assert.deepEqual([outputs, model.runs], [[], [1]]);
  });
});
