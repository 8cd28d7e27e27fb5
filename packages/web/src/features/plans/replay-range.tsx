import type { ReplayRange } from './use-replay';
import layout from '../../shared/view-layout.module.css';

/** A valid replay range from the URL's `from` and `to` (ISO times), or null (live). */
export function replayRange(from: string | undefined, to: string | undefined): ReplayRange | null {
  if (from === undefined || to === undefined) return null;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs ? { fromMs, toMs } : null;
}

/** Replay presets: the last hour, 6 hours, day. */
const REPLAY_PRESETS: readonly [label: string, ms: number][] = [
  ['Last hour', 3_600_000],
  ['Last 6 h', 6 * 3_600_000],
  ['Last 24 h', 24 * 3_600_000],
];

/** The "Replay" menu of a live view: picks a past range ending now (the views put it in their URL). */
export function ReplayPicker({ onPick }: { readonly onPick: (from: string, to: string) => void }) {
  return (
    <label className={layout.field}>
      <span>Replay</span>
      <select
        value=""
        onChange={(event) => {
          const ms = Number(event.target.value);
          if (!(ms > 0)) return;
          const toMs = Date.now();
          onPick(new Date(toMs - ms).toISOString(), new Date(toMs).toISOString());
        }}
      >
        <option value="">Live</option>
        {REPLAY_PRESETS.map(([label, ms]) => (
          <option key={ms} value={ms}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
