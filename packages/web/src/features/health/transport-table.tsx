import { formatCount } from '../../shared/format-value';
import { formatRate } from './format-figures';
import type { IngestSample } from './ingest-rates';
import { rateSeries, recentRate, transportsOf } from './ingest-rates';
import { Sparkline } from './sparkline';
import styles from './health.module.css';

const TRANSPORT_NAMES: Readonly<Record<string, string>> = {
  mqtt: 'MQTT',
  http: 'HTTP',
  replay: 'Replay',
  derived: 'Derived',
};

const TRANSPORT_TITLES: Readonly<Record<string, string>> = {
  replay: 'Dead letters replayed by an operator',
  derived: 'Values resolved by consistency rules, written back through ingest',
};

/** Rates and totals per transport; `received = applied + dead-lettered` holds for each. */
export function TransportTable({ samples }: { readonly samples: readonly IngestSample[] }) {
  const last = samples[samples.length - 1];
  const transports = transportsOf(samples);
  return (
    <div className={`${styles.panel} ${styles.panelWide}`}>
      <h3 className={styles.panelTitle}>By transport</h3>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Transport</th>
              <th scope="col" className={styles.numeric}>
                Received/s
              </th>
              <th scope="col" className={styles.numeric}>
                Applied/s
              </th>
              <th scope="col" className={styles.numeric}>
                Dead-lettered/s
              </th>
              <th scope="col" className={`${styles.numeric} ${styles.wideOnly}`}>
                Received
              </th>
              <th scope="col" className={`${styles.numeric} ${styles.wideOnly}`}>
                Dead-lettered
              </th>
              <th scope="col" className={styles.trendColumn}>
                Received, 2 min
              </th>
            </tr>
          </thead>
          <tbody>
            {transports.map((transport) => {
              const counters = last?.sources[transport];
              const received = rateSeries(samples, 'receivedPoints', transport);
              const deadLettered = recentRate(samples, 'deadLetteredPoints', transport);
              const idle = (counters?.receivedPoints ?? 0) === 0;
              return (
                <tr key={transport} className={idle ? styles.idleRow : undefined}>
                  <th scope="row" title={TRANSPORT_TITLES[transport]}>
                    {TRANSPORT_NAMES[transport] ?? transport}
                  </th>
                  <td className={styles.numeric}>{formatRate(recentRate(samples, 'receivedPoints', transport))}</td>
                  <td className={styles.numeric}>{formatRate(recentRate(samples, 'appliedPoints', transport))}</td>
                  <td className={`${styles.numeric} ${(deadLettered ?? 0) > 0 ? styles.alertText : ''}`}>
                    {formatRate(deadLettered)}
                  </td>
                  <td className={`${styles.numeric} ${styles.wideOnly}`}>
                    {formatCount(counters?.receivedPoints ?? 0)}
                  </td>
                  <td className={`${styles.numeric} ${styles.wideOnly}`}>
                    {formatCount(counters?.deadLetteredPoints ?? 0)}
                  </td>
                  <td className={styles.trendColumn}>
                    <Sparkline
                      values={received}
                      tone={idle ? 'muted' : 'accent'}
                      label={`${TRANSPORT_NAMES[transport] ?? transport} received over the last 2 minutes`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
