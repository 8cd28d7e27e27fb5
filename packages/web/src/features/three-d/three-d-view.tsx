import { useEffect, useMemo, useRef, useState } from 'react';
import type { TwinValuesStore } from '../../live/twin-values-store';
import { useRetainTwins } from '../../live/use-retain-twins';
import { navigate } from '../../routing/route';
import { selectTwin } from '../../routing/selection';
import { useServices } from '../../services/services-context';
import { TwinDetailPanel } from '../twin-detail/twin-detail-panel';
import type { MarkerStatus } from '../plans/marker-status';
import { DEFAULT_STATUS_RULES, rulesByPath } from '../plans/marker-status';
import { PlanLegend } from '../plans/plan-legend';
import { ReplayBar } from '../plans/replay-bar';
import { ReplayPicker, replayRange } from '../plans/replay-range';
import type { ReplayRange } from '../plans/use-replay';
import { useReplay } from '../plans/use-replay';
import type { SceneFloor, SceneStats } from './scene-controller';
import { ThreeDScene, webglAvailable } from './scene-controller';
import { StatusPainter } from './status-painter';
import { statusPalette } from './view-rules';
import layout from '../../shared/view-layout.module.css';
import styles from './three-d.module.css';

const RULES = rulesByPath(DEFAULT_STATUS_RULES);
/** The demo plant's scene (scripts/gen-demo-scene.ts), served with the UI. */
export const SCENE_URL = '/scenes/demo-site.glb';
const EMPTY: readonly string[] = [];

type LoadState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready' }
  | { readonly status: 'no-webgl' }
  | { readonly status: 'error'; readonly message: string };

/** The colours the plans paint markers with (their `--marker-colour` per `data-status`). */
function readPalette(host: HTMLElement): Record<MarkerStatus, string> {
  const probe = document.createElement('span');
  probe.hidden = true;
  host.appendChild(probe);
  try {
    return statusPalette((status) => {
      probe.dataset.status = status;
      return getComputedStyle(probe).getPropertyValue('--marker-colour');
    });
  } finally {
    probe.remove();
  }
}

/**
 * The site in 3D (`#/3d?twin=<id>`): the building from its glTF scene, each twin's mesh coloured
 * live by the plans' status rules, a click selects a twin and shows its detail beside the canvas.
 * Floors above a chosen one can be lifted off; far sensors are hidden; a debug overlay tells the
 * frame rate, draw calls and triangles.
 */
export function ThreeDView({
  twinId,
  from,
  to,
}: {
  readonly twinId: string | null;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}) {
  const { values: live, models } = useServices();
  const range = useMemo(() => replayRange(from, to), [from, to]);
  const hostRef = useRef<HTMLDivElement>(null);
  const [scene, setScene] = useState<ThreeDScene | null>(null);
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [floors, setFloors] = useState<readonly SceneFloor[]>([]);
  const [twinIds, setTwinIds] = useState<readonly string[]>(EMPTY);
  const [cut, setCut] = useState<number | null>(null);
  const [counts, setCounts] = useState<Record<MarkerStatus, number> | null>(null);
  const [stats, setStats] = useState<SceneStats | null>(null);
  const [debug, setDebug] = useState(true);
  const [hover, setHover] = useState<{ twinId: string; x: number; y: number } | null>(null);
  /** The twin last selected by a click in the canvas: the camera stays where it is for it. */
  const clicked = useRef<string | null>(null);
  useRetainTwins(twinIds);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    if (!webglAvailable()) {
      setLoad({ status: 'no-webgl' });
      return;
    }
    let created: ThreeDScene;
    try {
      created = new ThreeDScene(host, {
        palette: readPalette(host),
        background: getComputedStyle(host).getPropertyValue('--color-surface-alt').trim() || '#f9fafb',
        onSelect: (id) => {
          clicked.current = id;
          selectTwin(id);
        },
        onHover: setHover,
      });
    } catch {
      setLoad({ status: 'no-webgl' });
      return;
    }
    let cancelled = false;
    created.load(SCENE_URL).then(
      (loaded) => {
        if (cancelled) return;
        setFloors(loaded.floors);
        setTwinIds(loaded.twinIds);
        setScene(created);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
      created.dispose();
      setScene(null);
    };
  }, []);

  // Colours from the live values, or from a replay's (a new painter recolours every twin).
  const [replayValues, setReplayValues] = useState<TwinValuesStore | null>(null);
  const values = range === null ? live : replayValues;
  useEffect(() => {
    if (scene === null || values === null || twinIds.length === 0) return undefined;
    const painter = new StatusPainter(twinIds, values, models, RULES, (changes, next) => {
      scene.setStatuses(changes);
      setCounts(next);
    });
    return () => painter.dispose();
  }, [scene, values, models, twinIds]);

  useEffect(() => scene?.setCut(cut), [scene, cut]);

  // Selection: outline the twin; one chosen elsewhere (the URL, the tree) is flown to, with the
  // floors above it lifted off so that it can be seen.
  useEffect(() => {
    if (scene === null) return;
    scene.setSelected(twinId);
    if (twinId !== null && twinId !== clicked.current) {
      const level = scene.levelOf(twinId);
      const top = floors[floors.length - 1]?.level;
      if (level !== undefined) setCut(level === top ? null : level);
      scene.flyTo(twinId);
    }
    clicked.current = null;
  }, [scene, twinId, floors]);

  useEffect(() => {
    if (scene === null || !debug) return;
    const timer = setInterval(() => setStats(scene.stats()), 500);
    return () => clearInterval(timer);
  }, [scene, debug]);

  return (
    <div className={layout.view}>
      <div className={layout.column}>
        <div className={layout.toolbar} role="toolbar" aria-label="3D view">
          <label className={layout.field}>
            <span>Floors</span>
            <select
              value={cut === null ? '' : String(cut)}
              onChange={(event) => setCut(event.target.value === '' ? null : Number(event.target.value))}
              disabled={floors.length === 0}
            >
              <option value="">All floors</option>
              {floors.slice(0, -1).map((floor) => (
                <option key={floor.level} value={floor.level}>
                  Up to {floor.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={layout.button} onClick={() => scene?.frameAll()} disabled={scene === null}>
            Show all
          </button>
          <button
            type="button"
            className={debug ? layout.buttonOn : layout.button}
            aria-pressed={debug}
            onClick={() => setDebug((on) => !on)}
          >
            Debug
          </button>
          {range === null && (
            <ReplayPicker onPick={(start, end) => navigate({ view: '3d', twinId, from: start, to: end })} />
          )}
          {counts !== null && <PlanLegend legend={{ path: null, min: 0, max: 1, counts }} />}
        </div>
        {range !== null && twinIds.length > 0 && (
          <SceneReplay
            twinIds={twinIds}
            range={range}
            onValues={setReplayValues}
            onLive={() => navigate({ view: '3d', twinId })}
          />
        )}
        <div className={styles.canvasWrap}>
          <div ref={hostRef} className={styles.host} data-testid="three-d" data-state={load.status} />
          {load.status === 'loading' && <p className={styles.overlayMessage}>Loading the scene…</p>}
          {load.status === 'error' && (
            <p className={styles.overlayMessage} role="alert">
              The scene could not be loaded: {load.message}
            </p>
          )}
          {load.status === 'no-webgl' && (
            <div className={styles.overlayMessage} role="alert">
              <strong>3D needs WebGL</strong>
              <p>This browser cannot draw WebGL (it may be turned off). The Plans view shows the same twins in 2D.</p>
            </div>
          )}
          {debug && stats !== null && (
            <dl
              className={styles.stats}
              data-testid="three-d-stats"
              data-fps={stats.fps}
              data-draw-calls={stats.drawCalls}
            >
              <div>
                <dt>fps</dt>
                <dd>{stats.fps}</dd>
              </div>
              <div>
                <dt>frame</dt>
                <dd>{stats.frameMs.toFixed(1)} ms</dd>
              </div>
              <div>
                <dt>draw calls</dt>
                <dd>{stats.drawCalls}</dd>
              </div>
              <div>
                <dt>triangles</dt>
                <dd>{stats.triangles.toLocaleString('en')}</dd>
              </div>
              <div>
                <dt>sensors</dt>
                <dd>
                  {stats.sensorsShown}/{stats.sensors}
                </dd>
              </div>
              <p className={styles.statsNote}>Drawn only when something changes: fps is 0 when idle.</p>
            </dl>
          )}
          {hover !== null && (
            <span className={styles.tooltip} style={{ left: hover.x + 12, top: hover.y + 12 }} role="status">
              {hover.twinId}
            </span>
          )}
          {load.status === 'ready' && (
            <p className={styles.hint}>
              Drag to orbit · right-drag to pan · scroll to zoom · click a twin for its detail
            </p>
          )}
        </div>
      </div>
      <div className={twinId === null ? layout.detailHidden : layout.detail}>
        <TwinDetailPanel />
      </div>
    </div>
  );
}

/** The scene over a past range, from history: the replay's controls, its values to the painter. */
function SceneReplay(props: {
  readonly twinIds: readonly string[];
  readonly range: ReplayRange;
  readonly onValues: (values: TwinValuesStore | null) => void;
  readonly onLive: () => void;
}) {
  const replay = useReplay(props.twinIds, props.range, null);
  const { onValues } = props;
  useEffect(() => {
    onValues(replay.values);
    return () => onValues(null);
  }, [replay.values, onValues]);
  return <ReplayBar replay={replay} range={props.range} onLive={props.onLive} />;
}
