// Writes a small ONNX model to stdout, to try model bindings without a training toolchain
// (docs/models.md): predicted power of a pump from its flow rate and discharge pressure,
// power ≈ 0.08 × flowRate + 0.35 × pressure, input float [N, 2], output float [N, 1].
import { linearModel } from '../packages/server/src/analytics/onnx/onnx-writer.js';

process.stdout.write(linearModel({ inputSize: 2, weights: [0.08, 0.35], bias: 0 }));
