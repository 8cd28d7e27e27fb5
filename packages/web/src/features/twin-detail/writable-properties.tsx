import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { CommandView, DigitalTwin } from '@doppel/protocol';
import { useLivePath } from '../../live/use-live-twin';
import type { ContentInfo } from '../../models/model-info';
import { unitSymbol } from '../../models/units';
import { useServices } from '../../services/services-context';
import { formatValue } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { FieldInput, StatusBadge } from './command-views';
import { desiredDisplay, latestOf, statusLabel } from './command-status';
import { fieldSpec, initialText, parseField } from './request-form';
import { useCommandSender } from './use-twin-commands';
import styles from './commands.module.css';
import detailStyles from './twin-detail.module.css';

/**
 * Writable properties: the reported value, an editor for the desired one, and that desired value
 * shown pending next to the reported one until the device confirms it, or crossed out with the
 * reason when it was not applied (the reported value, which never changed, stands).
 */
export function WritableProperties({
  twin,
  properties,
  list,
}: {
  readonly twin: DigitalTwin;
  readonly properties: readonly ContentInfo[];
  readonly list: readonly CommandView[];
}) {
  if (properties.length === 0) return null;
  return (
    <section className={detailStyles.section} aria-label="Writable properties">
      <h2 className={detailStyles.sectionTitle}>Writable properties</h2>
      <ul className={styles.commandList}>
        {properties.map((content) => (
          <WritableRow key={content.name} twin={twin} content={content} list={list} />
        ))}
      </ul>
    </section>
  );
}

function WritableRow({
  twin,
  content,
  list,
}: {
  readonly twin: DigitalTwin;
  readonly content: ContentInfo;
  readonly list: readonly CommandView[];
}) {
  const { rest } = useServices();
  const twinId = twin.$dtId;
  const live = useLivePath(twinId, content.name);
  const reported = live !== undefined ? live.value : twin[content.name];
  const spec = useMemo(() => fieldSpec(content.schemaDefinition ?? content.schema), [content]);
  const [text, setText] = useState(() => initialText(spec, reported));
  const [touched, setTouched] = useState(false);
  const { state, send } = useCommandSender();
  const parsed = parseField(spec, text);
  const invalid = !parsed.ok && touched;

  // The desired value to show: the one this editor sent, or any still in progress (another
  // operator's too); an old finished one from someone else is history, not news.
  const latest = latestOf(list, 'desired', content.name);
  const mine = state.phase === 'accepted' ? list.find((view) => view.id === state.commandId) : undefined;
  const shown = mine ?? (latest !== undefined && !isFinished(latest) ? latest : undefined);
  const symbol = unitSymbol(content.unit);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    send(parsed.value, (signal) => rest.setDesired(twinId, content.name, { value: parsed.value }, signal));
  };

  return (
    <li className={styles.command} data-property={content.name}>
      <form className={styles.commandForm} onSubmit={onSubmit} noValidate>
        <div className={styles.commandName}>
          <span className={styles.strong} title={content.name}>
            {content.displayName}
          </span>
          <span className={styles.values}>
            <span className={styles.hint}>reported</span>{' '}
            <span className={styles.reported} data-testid="reported-value">
              {formatValue(reported)}
              {symbol !== undefined && <span className={detailStyles.unit}>{symbol}</span>}
            </span>
            {state.phase === 'sending' ? (
              <DesiredChip phase="pending" value={state.value} label="sending" />
            ) : (
              shown !== undefined && <DesiredOf view={shown} />
            )}
          </span>
        </div>
        <label className={styles.field}>
          <span className={styles.fieldLabel}>Desired</span>
          <FieldInput
            spec={spec}
            text={text}
            label={`${content.displayName}: desired value`}
            invalid={invalid}
            onChange={(next) => {
              setText(next);
              setTouched(true);
            }}
          />
        </label>
        <button type="submit" className={styles.primaryButton} disabled={state.phase === 'sending'}>
          Set
        </button>
      </form>
      {invalid && !parsed.ok && (
        <p className={styles.fieldError} role="alert">
          {parsed.message}
        </p>
      )}
      {state.phase === 'refused' && <ProblemMessage error={state.error} />}
    </li>
  );
}

const isFinished = (view: CommandView): boolean =>
  view.status !== 'pending' && view.status !== 'sent' && view.status !== 'acknowledged';

function DesiredOf({ view }: { readonly view: CommandView }) {
  const display = desiredDisplay(view);
  switch (display.phase) {
    case 'pending':
      return (
        <DesiredChip
          phase="pending"
          value={display.desired}
          label={statusLabel(view.status)}
          title={display.detail}
          id={view.id}
        />
      );
    case 'confirmed':
      return <DesiredChip phase="confirmed" value={display.desired} label="confirmed" id={view.id} />;
    case 'rolled-back':
      return <DesiredChip phase="rolled-back" value={display.desired} label={display.reason} id={view.id} />;
  }
}

function DesiredChip({
  phase,
  value,
  label,
  title,
  id,
}: {
  readonly phase: 'pending' | 'confirmed' | 'rolled-back';
  readonly value: unknown;
  readonly label: string;
  readonly title?: string;
  readonly id?: string;
}) {
  const className =
    phase === 'pending'
      ? styles.desiredPending
      : phase === 'confirmed'
        ? styles.desiredConfirmed
        : styles.desiredRolledBack;
  return (
    <span
      className={`${styles.desired} ${className}`}
      data-testid="desired-value"
      data-phase={phase}
      title={[title, id === undefined ? undefined : `Correlation id ${id}`].filter(Boolean).join('\n') || undefined}
    >
      <span className={styles.hint}>desired</span> <span className={styles.desiredValue}>{formatValue(value)}</span>
      {phase === 'pending' ? (
        <StatusBadge status={label === 'sending' ? 'sending' : 'pending'} label={label} />
      ) : (
        <span className={styles.desiredNote}>{label}</span>
      )}
    </span>
  );
}
