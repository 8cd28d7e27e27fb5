import { linearModel } from './onnx-writer.js';

/**
 * A small ONNX model to try bindings with (the demo binds version 1 to its pumps;
 * `scripts/example-onnx.ts` writes either to a file): a pump's shaft power from its flow rate and
 * discharge pressure, power ≈ a × flowRate + b × pressure; input float [N, 2], output float [N, 1].
 * Version 2 has other coefficients, to try shadow mode.
 */
export const EXAMPLE_PUMP_POWER_VERSIONS: Readonly<Record<string, readonly number[]>> = {
  '1': [0.08, 0.35],
  '2': [0.075, 0.4],
};

export function examplePumpPowerModel(version: string): Uint8Array | undefined {
  const weights = EXAMPLE_PUMP_POWER_VERSIONS[version];
  return weights === undefined ? undefined : linearModel({ inputSize: 2, weights, bias: 0 });
}
