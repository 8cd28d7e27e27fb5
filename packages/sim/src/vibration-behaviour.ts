import type { Behaviour, BehaviourContext, TelemetryValues } from './behaviour.js';
import { Elapsed } from './behaviour.js';
import { MeanReverting, lag, roundTo } from './signals.js';

/**
 * A triaxial vibration sensor mounted on the asset it `monitors`: vibration follows how hard the
 * asset works (spindle speed and tool wear, compressor power, fan speed), and the casing warms with
 * it. Axes differ because mounts are stiffer in some directions.
 */
export function vibrationBehaviour(ctx: BehaviourContext): Behaviour {
  const { rng } = ctx;
  const assetId = ctx.target('monitors') ?? '';
  const elapsed = new Elapsed();
  const axisNoise = [new MeanReverting(0.05, 15), new MeanReverting(0.05, 15), new MeanReverting(0.05, 15)] as const;
  let surfaceC: number | undefined;

  /** 0 = at rest, 1 = flat out, and the vibration velocity it causes in mm/s. */
  const activity = (): { level: number; mmS: number } => {
    const asset = ctx.latest(assetId) ?? {};
    const num = (name: string): number => (typeof asset[name] === 'number' ? (asset[name] as number) : 0);
    if (assetId.startsWith('cnc-')) {
      if (asset['status'] !== 'running') return { level: 0, mmS: asset['status'] === 'alarm' ? 0.3 : 0.1 };
      const level = num('spindleSpeed') / 12000;
      return { level, mmS: 0.6 + 1.8 * level + 0.02 * num('toolWear') };
    }
    if (assetId.startsWith('chiller-')) {
      const level = Math.min(1, num('power') / 120);
      return { level, mmS: 1.5 + 1.5 * level };
    }
    const level = Math.min(1, num('fanSpeed') / 1500);
    return { level, mmS: 0.8 + 1.4 * level * level };
  };

  return {
    sample(simMs: number): TelemetryValues {
      const dtS = elapsed.seconds(simMs);
      const { level, mmS } = activity();
      const [x, y, z] = [1, 0.8, 0.55].map((share, i) =>
        Math.max(0.01, mmS * share * (1 + (axisNoise[i]?.step(0, dtS, rng) ?? 0))),
      ) as [number, number, number];
      const targetC = 24 + 16 * level;
      surfaceC = surfaceC === undefined ? targetC : lag(surfaceC, targetC, dtS, 1200);
      const axis = { x: roundTo(x, 0.01), y: roundTo(y, 0.01), z: roundTo(z, 0.01) };
      return {
        vibration: roundTo(Math.sqrt(x * x + y * y + z * z), 0.01),
        axisVibration: axis,
        surfaceTemperature: roundTo(surfaceC + 0.1 * rng.normal(), 0.1),
      };
    },
  };
}
