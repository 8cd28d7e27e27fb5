import { useCallback, useEffect, useState } from 'react';
import type { MaintenanceEvent, MaintenanceKind } from '@doppel/protocol';
import { useServices } from '../../services/services-context';
import { FormField } from '../../shared/form-field';
import { ProblemMessage } from '../../shared/problem-message';
import { useReportTime } from '../../shared/use-report-time';
import form from '../../shared/form.module.css';
import styles from './condition.module.css';

const KINDS: readonly { readonly kind: MaintenanceKind; readonly label: string }[] = [
  { kind: 'failure', label: 'Failure' },
  { kind: 'repair', label: 'Repair' },
  { kind: 'inspection', label: 'Inspection' },
];
/** Events shown; the API keeps them all. */
const SHOWN_MAX = 5;
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * What happened to the asset, recorded by people: failures close the loop of predictive
 * maintenance (each prediction is checked against them on the Alerts page), repairs and
 * inspections give the context. The last few, and a form to record one (now, or when it was).
 */
export function MaintenanceLog({ twinId }: { readonly twinId: string }) {
  const { rest } = useServices();
  const [events, setEvents] = useState<readonly MaintenanceEvent[] | undefined>(undefined);
  const [kind, setKind] = useState<MaintenanceKind>('failure');
  const time = useReportTime();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const load = useCallback(
    (signal?: AbortSignal) =>
      rest.listMaintenance(twinId, signal).then(
        ({ value }) => setEvents(value),
        (failure: unknown) => {
          if (signal?.aborted !== true) setError(failure);
        },
      ),
    [rest, twinId],
  );
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const record = (): void => {
    if (time.atMs === null) return;
    setBusy(true);
    setError(undefined);
    rest
      .recordMaintenance(twinId, {
        kind,
        ...time.field(),
        ...(note.trim() === '' ? {} : { note }),
      })
      .then(
        () => {
          setNote('');
          time.reset();
          return load();
        },
        (failure: unknown) => setError(failure),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className={styles.maintenance} role="region" aria-label="Maintenance">
      <h3 className={styles.subTitle}>Maintenance</h3>
      {events !== undefined && events.length === 0 && (
        <p className={form.hint}>
          Nothing recorded. A failure recorded here checks the predictions that came before it.
        </p>
      )}
      {events !== undefined && events.length > 0 && (
        <ul className={styles.events}>
          {events.slice(0, SHOWN_MAX).map((event) => (
            <li key={event.id} data-kind={event.kind}>
              <span className={styles.eventKind}>{KINDS.find((k) => k.kind === event.kind)?.label ?? event.kind}</span>{' '}
              <time dateTime={new Date(event.atMs).toISOString()}>{when.format(event.atMs)}</time>
              {event.note !== '' && <span className={styles.eventNote}> · {event.note}</span>}
              <span className={styles.eventBy}> · {event.recordedBy}</span>
            </li>
          ))}
        </ul>
      )}
      <div className={form.row}>
        <FormField label="What happened">
          {(id) => (
            <select
              id={id}
              className={form.input}
              value={kind}
              onChange={(e) => setKind(e.target.value as MaintenanceKind)}
            >
              {KINDS.map((option) => (
                <option key={option.kind} value={option.kind}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="When">
          {(id) => (
            <input
              id={id}
              className={form.input}
              type="datetime-local"
              value={time.text}
              onChange={(e) => time.onChange(e.target.value)}
            />
          )}
        </FormField>
        <FormField label="Note">
          {(id) => (
            <input
              id={id}
              className={form.input}
              value={note}
              maxLength={2_048}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className={form.actions}>
        <button type="button" className={form.button} disabled={busy || time.atMs === null} onClick={record}>
          {busy ? 'Recording…' : 'Record'}
        </button>
      </div>
      {error !== undefined && <ProblemMessage error={error} />}
    </div>
  );
}
