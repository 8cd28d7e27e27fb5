// Writes a small ONNX model to stdout, to try model bindings without a training toolchain
// (docs/models.md): predicted power of a pump from its flow rate and discharge pressure,
// power ≈ a × flowRate + b × pressure, input float [N, 2], output float [N, 1].
// `example-onnx.ts 2` writes a second version with other coefficients, to try shadow mode.
import { linearModel } from '../packages/server/src/analytics/onnx/onnx-writer.js';

const VERSIONS: Readonly<Record<string, readonly number[]>> = { '1': [0.08, 0.35], '2': [0.075, 0.4] };
const weights = VERSIONS[process.argv[2] ?? '1'];
if (weights === undefined) {
  console.error(`usage: example-onnx.ts [${Object.keys(VERSIONS).join('|')}] > model.onnx`);
  process.exit(2);
}
process.stdout.write(linearModel({ inputSize: 2, weights, bias: 0 }));
