import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { ContentInfo } from '../../models/model-info';
import { useServices } from '../../services/services-context';
import { ProblemMessage } from '../../shared/problem-message';
import { CommandProgress, FieldInput, StatusBadge } from './command-views';
import { fieldSpec, initialText, parseField } from './request-form';
import { useCommandSender } from './use-twin-commands';
import type { CommandView } from '@doppel/protocol';
import styles from './commands.module.css';
import detailStyles from './twin-detail.module.css';

/** The model's DTDL Commands, each with a form for its request and the status of the last send. */
export function CommandsSection({
  twinId,
  commands,
  list,
}: {
  readonly twinId: string;
  readonly commands: readonly ContentInfo[];
  readonly list: readonly CommandView[];
}) {
  if (commands.length === 0) return null;
  return (
    <section className={detailStyles.section} aria-label="Commands">
      <h2 className={detailStyles.sectionTitle}>Commands</h2>
      <ul className={styles.commandList}>
        {commands.map((content) => (
          <CommandForm key={content.name} twinId={twinId} content={content} list={list} />
        ))}
      </ul>
    </section>
  );
}

function CommandForm({
  twinId,
  content,
  list,
}: {
  readonly twinId: string;
  readonly content: ContentInfo;
  readonly list: readonly CommandView[];
}) {
  const { rest } = useServices();
  const request = content.request;
  const spec = useMemo(() => (request === undefined ? undefined : fieldSpec(request.schema)), [request]);
  const [text, setText] = useState(() => (spec === undefined ? '' : initialText(spec)));
  const [touched, setTouched] = useState(false);
  const { state, send } = useCommandSender();
  const parsed = spec === undefined ? undefined : parseField(spec, text);
  const invalid = parsed !== undefined && !parsed.ok && touched;
  const view = state.phase === 'accepted' ? list.find((each) => each.id === state.commandId) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (parsed !== undefined && !parsed.ok) return;
    const body = parsed === undefined ? {} : { request: parsed.value };
    send(parsed?.value, (signal) => rest.invokeCommand(twinId, content.name, body, signal));
  };

  const label = request?.displayName ?? 'Request';
  return (
    <li className={styles.command} data-command={content.name}>
      <form className={styles.commandForm} onSubmit={onSubmit} noValidate>
        <div className={styles.commandName}>
          <span className={styles.strong} title={content.name}>
            {content.displayName}
          </span>
          {request?.description !== undefined && <span className={styles.hint}>{request.description}</span>}
        </div>
        {spec !== undefined && (
          <label className={styles.field}>
            <span className={styles.fieldLabel}>{label}</span>
            <FieldInput
              spec={spec}
              text={text}
              label={`${content.displayName}: ${label}`}
              invalid={invalid}
              onChange={(next) => {
                setText(next);
                setTouched(true);
              }}
            />
          </label>
        )}
        <button type="submit" className={styles.primaryButton} disabled={state.phase === 'sending'}>
          Send
        </button>
      </form>
      {invalid && parsed !== undefined && !parsed.ok && (
        <p className={styles.fieldError} role="alert">
          {parsed.message}
        </p>
      )}
      {state.phase === 'sending' && (
        <div className={styles.progress}>
          <StatusBadge status="sending" />
          <span className={styles.hint}>asking the platform…</span>
        </div>
      )}
      {state.phase === 'refused' && <ProblemMessage error={state.error} />}
      {view !== undefined && <CommandProgress view={view} />}
    </li>
  );
}
