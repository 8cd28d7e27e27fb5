// Writes the example ONNX model to stdout, to try model bindings without a training toolchain
// (docs/models.md): a pump's power from its flow rate and pressure (analytics/onnx/example-model.ts).
// `example-onnx.ts 2` writes the second version, to try shadow mode.
import {
  EXAMPLE_PUMP_POWER_VERSIONS,
  examplePumpPowerModel,
} from '../packages/server/src/analytics/onnx/example-model.js';

const model = examplePumpPowerModel(process.argv[2] ?? '1');
if (model === undefined) {
  console.error(`usage: example-onnx.ts [${Object.keys(EXAMPLE_PUMP_POWER_VERSIONS).join('|')}] > model.onnx`);
  process.exit(2);
}
process.stdout.write(model);
