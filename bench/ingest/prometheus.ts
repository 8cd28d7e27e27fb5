/**
 * Reads Doppel's `doppel_ingest_*` counters from GET /api/v1/metrics (Prometheus text format
 * 0.0.4), as a second witness beside /api/v1/stats: the bench's loss figure must not rest on one
 * code path of the platform.
 */
import { requestJson } from './net.js';

/** Series of the MQTT source, or without labels, by metric name (e.g. `doppel_ingest_points_late_total`). */
export async function readIngestMetrics(url: string): Promise<Record<string, number>> {
  const response = await requestJson('GET', url);
  if (response.status !== 200 || typeof response.body !== 'string') {
    throw new Error(`GET /metrics answered ${response.status}`);
  }
  const out: Record<string, number> = {};
  for (const line of response.body.split('\n')) {
    const match = /^(doppel_ingest_\w+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match === null) continue;
    const [, name = '', labels = '', value = ''] = match;
    if (labels === '' || labels.includes('source="mqtt"')) out[name] = Number(value);
  }
  return out;
}
