import { ProblemMessage } from '../../shared/problem-message';
import type { Replay, ReplayRange } from './use-replay';
import layout from '../../shared/view-layout.module.css';
import styles from './plans.module.css';

const SPEEDS: readonly number[] = [1, 10, 60, 600, 3600];

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The replay's controls: play/pause, the time slider, speed, and the way back to live. */
export function ReplayBar({
  replay,
  range,
  onLive,
}: {
  readonly replay: Replay;
  readonly range: ReplayRange;
  readonly onLive: () => void;
}) {
  const { load } = replay;
  return (
    <div className={styles.replayBar} role="group" aria-label="Replay">
      <button
        type="button"
        className={layout.button}
        onClick={() => {
          if (replay.atMs >= range.toMs) replay.seek(range.fromMs);
          replay.setPlaying(!replay.playing);
        }}
        disabled={load.status !== 'loaded'}
        aria-label={replay.playing ? 'Pause' : 'Play'}
      >
        {replay.playing ? '❚❚' : '▶'}
      </button>
      <input
        type="range"
        className={styles.replaySlider}
        min={range.fromMs}
        max={range.toMs}
        step={1_000}
        value={replay.atMs}
        onChange={(event) => replay.seek(Number(event.target.value))}
        aria-label="Replay time"
        aria-valuetext={timeFormat.format(replay.atMs)}
        disabled={load.status !== 'loaded'}
      />
      <time className={styles.replayTime} dateTime={new Date(replay.atMs).toISOString()} data-testid="replay-time">
        {timeFormat.format(replay.atMs)}
      </time>
      <label className={layout.field}>
        <span className={styles.visuallyHidden}>Speed</span>
        <select
          value={replay.speed}
          onChange={(event) => replay.setSpeed(Number(event.target.value))}
          aria-label="Speed"
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={layout.buttonOn} onClick={onLive}>
        Back to live
      </button>
      <span className={styles.muted}>
        {load.status === 'loading' && 'Loading history…'}
        {load.status === 'loaded' &&
          `${load.series} series, ${load.points.toLocaleString()} points${load.stepMs === null ? '' : `, every ${Math.round(load.stepMs / 1000)} s`}`}
      </span>
      {load.status === 'error' && <ProblemMessage error={load.error} compact />}
    </div>
  );
}
