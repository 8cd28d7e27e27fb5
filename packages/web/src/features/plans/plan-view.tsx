import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FloorPlan } from '@doppel/protocol';
import { useRetainTwins } from '../../live/use-retain-twins';
import { navigate } from '../../routing/route';
import { selectTwin } from '../../routing/selection';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import { TwinDetailPanel } from '../twin-detail/twin-detail-panel';
import { DEFAULT_STATUS_RULES, rulesByPath } from './marker-status';
import { PlanCanvas } from './plan-canvas';
import { PlanLegend } from './plan-legend';
import type { PaintedLegend, PlanPainter } from './plan-painter';
import { ReplayBar } from './replay-bar';
import { ReplayPicker, replayRange } from './replay-range';
import { usePlan, usePlanList } from './use-plans';
import type { ReplayRange } from './use-replay';
import { useReplay } from './use-replay';
import layout from '../../shared/view-layout.module.css';
import styles from './plans.module.css';

const RULES = rulesByPath(DEFAULT_STATUS_RULES);

/**
 * The floor plan screen (`#/plans/<spaceId>?twin=<id>`): a toolbar (which plan, heat map, edit
 * mode, legend), the plan with live markers, and the selected twin's detail beside it.
 */
export function PlanView({
  spaceId,
  twinId,
  from,
  to,
}: {
  readonly spaceId: string | null;
  readonly twinId: string | null;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}) {
  const range = useMemo(() => replayRange(from, to), [from, to]);
  const { state: list } = usePlanList();
  // No plan chosen: open the first one (replace: the bare route is not worth a back step).
  useEffect(() => {
    if (spaceId === null && list.status === 'loaded' && list.value[0] !== undefined) {
      navigate({ view: 'plans', spaceId: list.value[0].spaceId, twinId }, { replace: true });
    }
  }, [spaceId, list, twinId]);

  const picker = (
    <label className={layout.field}>
      <span>Plan</span>
      <select
        value={spaceId ?? ''}
        onChange={(event) => navigate({ view: 'plans', spaceId: event.target.value, twinId: null })}
        disabled={list.status !== 'loaded'}
      >
        {list.status === 'loaded' &&
          list.value.map((plan) => (
            <option key={plan.spaceId} value={plan.spaceId}>
              {plan.name}
            </option>
          ))}
      </select>
    </label>
  );
  return (
    <div className={layout.view}>
      <div className={layout.column}>
        {spaceId === null && (
          <div className={layout.toolbar} role="toolbar" aria-label="Floor plan">
            {picker}
          </div>
        )}
        {list.status === 'error' && <ProblemMessage error={list.error} />}
        {list.status === 'loaded' && list.value.length === 0 && (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>No floor plans yet</p>
            <p>
              Upload one with <code>PUT /api/v1/plans/&lt;spaceId&gt;</code> (docs/plans.md), then place twins on it
              here in edit mode.
            </p>
          </div>
        )}
        {spaceId !== null && <PlanArea key={spaceId} spaceId={spaceId} twinId={twinId} picker={picker} range={range} />}
      </div>
      <div className={twinId === null ? layout.detailHidden : layout.detail}>
        <TwinDetailPanel />
      </div>
    </div>
  );
}

function PlanArea({
  spaceId,
  twinId,
  picker,
  range,
}: {
  readonly spaceId: string;
  readonly twinId: string | null;
  readonly picker: React.ReactNode;
  readonly range: ReplayRange | null;
}) {
  const { rest } = useServices();
  const { state, reload } = usePlan(spaceId);
  const [heatPath, setHeatPath] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [legend, setLegend] = useState<PaintedLegend | null>(null);
  const [painter, setPainter] = useState<PlanPainter | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const plan = state.status === 'loaded' ? state.value : null;
  const placed = useMemo(() => plan?.placements.map((placement) => placement.twinId) ?? [], [plan]);
  useRetainTwins(placed);

  const onPlace = useCallback(
    (placedTwin: string, x: number, y: number) => {
      if (plan === null) return;
      const existing = plan.placements.find((placement) => placement.twinId === placedTwin);
      const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, value));
      rest
        .putPlacement(spaceId, {
          ...existing,
          twinId: placedTwin,
          x: clamp(x, plan.width),
          y: clamp(y, plan.height),
        })
        .then(
          () => {
            setSaveError(null);
            reload();
          },
          (error: unknown) => setSaveError(error),
        );
    },
    [plan, rest, spaceId, reload],
  );

  if (state.status === 'error') {
    return (
      <>
        <div className={layout.toolbar}>{picker}</div>
        <ProblemMessage error={state.error} onRetry={reload} />
      </>
    );
  }
  if (plan === null) return <p className={styles.muted}>Loading the plan…</p>;
  return (
    <>
      <div className={layout.toolbar} role="toolbar" aria-label="Floor plan">
        {picker}
        <HeatPicker painter={painter} value={heatPath} onChange={setHeatPath} />
        <button
          type="button"
          className={editing ? layout.buttonOn : layout.button}
          aria-pressed={editing}
          onClick={() => setEditing((on) => !on)}
          disabled={range !== null}
        >
          {editing ? 'Done editing' : 'Edit placements'}
        </button>
        {range === null && (
          <ReplayPicker onPick={(from, to) => navigate({ view: 'plans', spaceId, twinId, from, to })} />
        )}
        {legend !== null && <PlanLegend legend={legend} />}
      </div>
      {editing && (
        <p className={styles.hint}>
          Drag a marker to move it. To place a twin, select it (on the plan or in the Twins view) and click where it is.
        </p>
      )}
      {saveError !== null && <ProblemMessage error={saveError} compact />}
      {range === null ? (
        <PlanCanvas
          plan={plan}
          rules={RULES}
          selectedTwinId={twinId}
          heatPath={heatPath}
          editing={editing}
          onSelect={selectTwin}
          onPlace={onPlace}
          onLegend={setLegend}
          onPainter={setPainter}
        />
      ) : (
        <ReplayingPlan
          plan={plan}
          range={range}
          twinId={twinId}
          heatPath={heatPath}
          onLegend={setLegend}
          onPainter={setPainter}
          onLive={() => navigate({ view: 'plans', spaceId, twinId })}
        />
      )}
      <PlacedList plan={plan} />
    </>
  );
}

/** The plan over a past range, from history, with the replay's controls above it. */
function ReplayingPlan(props: {
  readonly plan: FloorPlan;
  readonly range: ReplayRange;
  readonly twinId: string | null;
  readonly heatPath: string | null;
  readonly onLegend: (legend: PaintedLegend) => void;
  readonly onPainter: (painter: PlanPainter | null) => void;
  readonly onLive: () => void;
}) {
  const twinIds = useMemo(() => props.plan.placements.map((placement) => placement.twinId), [props.plan]);
  const replay = useReplay(twinIds, props.range, props.heatPath);
  return (
    <>
      <ReplayBar replay={replay} range={props.range} onLive={props.onLive} />
      <PlanCanvas
        plan={props.plan}
        rules={RULES}
        selectedTwinId={props.twinId}
        heatPath={props.heatPath}
        editing={false}
        onSelect={selectTwin}
        onPlace={() => undefined}
        onLegend={props.onLegend}
        onPainter={props.onPainter}
        values={replay.values}
      />
    </>
  );
}

/** The heat map's quantity: any numeric telemetry a placed twin reports. */
function HeatPicker({
  painter,
  value,
  onChange,
}: {
  readonly painter: PlanPainter | null;
  readonly value: string | null;
  readonly onChange: (path: string | null) => void;
}) {
  const [paths, setPaths] = useState<string[]>([]);
  // Values arrive after the plan: look again a little later, then every few seconds.
  useEffect(() => {
    if (painter === null) return undefined;
    const look = (): void =>
      setPaths((old) => {
        const next = painter.numericPaths();
        return next.join() === old.join() ? old : next;
      });
    look();
    const timer = setInterval(look, 3_000);
    return () => clearInterval(timer);
  }, [painter]);
  return (
    <label className={layout.field}>
      <span>Heat map</span>
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}>
        <option value="">None</option>
        {paths.map((path) => (
          <option key={path} value={path}>
            {path}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The placed twins as a list, for keyboard and screen-reader users (thousands of markers are no
 * tab order) and to find a twin by name.
 */
function PlacedList({ plan }: { readonly plan: FloorPlan }) {
  const [filter, setFilter] = useState('');
  const matching = plan.placements.filter((placement) => placement.twinId.includes(filter.trim()));
  return (
    <details className={styles.placedList}>
      <summary>{plan.placements.length} twins on this plan</summary>
      <input
        type="search"
        placeholder="Filter by id"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        aria-label="Filter the twins on this plan"
      />
      <ul>
        {matching.slice(0, 200).map((placement) => (
          <li key={placement.twinId}>
            <button type="button" className={layout.button} onClick={() => selectTwin(placement.twinId)}>
              {placement.twinId}
            </button>
          </li>
        ))}
      </ul>
      {matching.length > 200 && <p className={styles.muted}>and {matching.length - 200} more: filter to find one</p>}
    </details>
  );
}
