import type { DeadLetter } from '@doppel/protocol';
import { formatCount } from '../../shared/format-value';
import { ProblemMessage } from '../../shared/problem-message';
import { AgeText } from './age-text';
import { payloadText } from './payload-text';
import { TwinLink } from './twin-link';
import { useReplay } from './use-replay';
import styles from './health.module.css';

interface DeadLetterDetailProps {
  readonly letter: DeadLetter;
  readonly onClose: () => void;
  readonly onReplayed: () => void;
}

/** One dead letter in full: where it came from, why it was refused, its payload, and Replay. */
export function DeadLetterDetail({ letter, onClose, onReplayed }: DeadLetterDetailProps) {
  const { state, replay } = useReplay(letter.id, onReplayed);
  const payload = payloadText(letter);
  const replayed = letter.replayedAt !== null || state.status === 'replayed';
  const receivedMs = Date.parse(letter.receivedAt);
  return (
    <div className={styles.detail} role="region" aria-label={`Dead letter ${letter.id}`}>
      <div className={styles.detailHead}>
        <h3 className={styles.detailTitle}>
          Dead letter <span className={styles.mono}>#{letter.id}</span>
        </h3>
        <code className={styles.code}>{letter.reason}</code>
        <button type="button" className={styles.closeButton} onClick={onClose} aria-label="Close dead letter">
          ×
        </button>
      </div>
      <p className={styles.detailMessage}>{letter.message}</p>
      <dl className={styles.detailFacts}>
        <div>
          <dt>Received</dt>
          <dd title={letter.receivedAt}>
            {new Date(receivedMs).toLocaleString()}
            <AgeText timeMs={receivedMs} className={styles.subline} />
          </dd>
        </div>
        <div>
          <dt>Transport</dt>
          <dd>{letter.transport}</dd>
        </div>
        <div>
          <dt>Topic</dt>
          <dd className={styles.mono}>{letter.topic}</dd>
        </div>
        <div>
          <dt>Client</dt>
          <dd className={styles.mono}>{letter.clientId}</dd>
        </div>
        <div>
          <dt>Twin</dt>
          <dd>{letter.twinId === null ? '—' : <TwinLink twinId={letter.twinId} />}</dd>
        </div>
        <div>
          <dt>Points</dt>
          <dd>{formatCount(letter.points)}</dd>
        </div>
      </dl>
      <div className={styles.payloadHead}>
        <span className={styles.payloadTitle}>Payload</span>
        {payload.note !== null && <span className={styles.muted}>{payload.note}</span>}
      </div>
      <pre className={styles.payload} tabIndex={0} aria-label="Payload">
        {payload.text === '' ? '(empty)' : payload.text}
      </pre>
      <div className={styles.replayBar}>
        <button
          type="button"
          className={styles.primaryButton}
          onClick={replay}
          disabled={replayed || letter.rawTruncated || state.status === 'replaying'}
        >
          {state.status === 'replaying' ? 'Replaying…' : 'Replay'}
        </button>
        <div className={styles.replayOutcome} role="status">
          {state.status === 'idle' && letter.replayedAt !== null && (
            <span className={styles.muted}>Replayed {new Date(letter.replayedAt).toLocaleString()}.</span>
          )}
          {state.status === 'idle' && letter.replayedAt === null && !letter.rawTruncated && (
            <span className={styles.muted}>
              Fix the model or twin first: a letter that would fail again is refused and stays here.
            </span>
          )}
          {state.status === 'replayed' && (
            <span className={styles.okText}>
              Replayed: {formatCount(state.applied)} {state.applied === 1 ? 'point' : 'points'} applied.
            </span>
          )}
          {state.status === 'refused' && <ProblemMessage error={state.error} />}
        </div>
      </div>
    </div>
  );
}
