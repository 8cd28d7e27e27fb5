import type { EpochMs, TwinId } from '@doppel/core';
import { TIMESTAMP_KEY } from '@doppel/protocol';
import type { IngestEntry, ReportedQuality, SampleRow, Transport } from './ingest-types.js';

/**
 * Log record formats of an ingest entry (docs/storage-format.md, "Ingest entry").
 *
 * Version 1, normalised rows, UTF-8 JSON (starts with `{`):
 *   {"v":1,"t":twinId,"k":"t"|"r","s":source,"x":transport,"r":receivedMs,"d":[[ts,{path:value,…}],…]}
 * A row whose device reported a quality other than good has a third element, `{path:quality,…}`
 * (SampleRow.quality); records written before that have two elements per row and still decode.
 *
 * Version 2, the payload as received, for inputs that were entirely valid and flat, without
 * `$quality` (the common case): byte 0x02, u32 LE header length, the header JSON
 * {"t","k","s","x","r"}, then the payload bytes. Decoding re-derives the rows with the same rules
 * as ingest (a missing "ts" is the receive time), so both versions decode to the same entry.
 * Version 2 saves re-encoding every value on the hot path.
 */
const VERSION_RAW = 0x02;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Header {
  t: string;
  k: 't' | 'r';
  s: string;
  x: Transport;
  r: number;
}

export function encodeEntry(entry: IngestEntry): Uint8Array {
  const header: Header = {
    t: entry.twinId,
    k: entry.kind === 'telemetry' ? 't' : 'r',
    s: entry.source,
    x: entry.transport,
    r: entry.receivedMs,
  };
  if (entry.raw !== undefined) {
    const headerBytes = encoder.encode(JSON.stringify(header));
    const record = new Uint8Array(5 + headerBytes.byteLength + entry.raw.byteLength);
    record[0] = VERSION_RAW;
    new DataView(record.buffer).setUint32(1, headerBytes.byteLength, true);
    record.set(headerBytes, 5);
    record.set(entry.raw, 5 + headerBytes.byteLength);
    return record;
  }
  const rows = entry.rows.map((row) =>
    row.quality === undefined ? [row.ts, row.values] : [row.ts, row.values, row.quality],
  );
  return encoder.encode(JSON.stringify({ v: 1, ...header, d: rows }));
}

/** Decodes a record written by `encodeEntry`; throws on an unknown format. */
export function decodeEntry(bytes: Uint8Array): IngestEntry {
  if (bytes[0] === VERSION_RAW) return decodeRaw(bytes);
  const raw = JSON.parse(decoder.decode(bytes)) as Header & {
    v: number;
    d: [number, Record<string, unknown>, Record<string, ReportedQuality>?][];
  };
  if (raw.v !== 1) throw new Error(`unknown ingest entry format version ${String(raw.v)}`);
  let points = 0;
  const rows: SampleRow[] = raw.d.map(([ts, values, quality]) => {
    points += Object.keys(values).length;
    return quality === undefined ? { ts: ts as EpochMs, values } : { ts: ts as EpochMs, values, quality };
  });
  return fromHeader(raw, rows, points);
}

function decodeRaw(bytes: Uint8Array): IngestEntry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(1, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(5, 5 + headerLength))) as Header;
  const payload = bytes.subarray(5 + headerLength);
  const data = JSON.parse(decoder.decode(payload)) as Record<string, unknown> | Record<string, unknown>[];
  let points = 0;
  const rows = (Array.isArray(data) ? data : [data]).map((sample): SampleRow => {
    const values: Record<string, unknown> = {};
    for (const name in sample) {
      if (name === TIMESTAMP_KEY) continue;
      values[name] = sample[name];
      points++;
    }
    return { ts: sourceTime(sample[TIMESTAMP_KEY], header.r), values };
  });
  // Keep a copy of the payload: `bytes` may be a view into a larger read buffer.
  return { ...fromHeader(header, rows, points), raw: payload.slice() };
}

/** What `visitEntrySamples` hands over per sample; `values` may hold the sample's own `ts` key (skip it). */
export type SampleVisitor = (twinId: string, ts: EpochMs, values: Readonly<Record<string, unknown>>) => void;

/**
 * The samples of a record, for consumers that only need twin, time and values (history): the
 * same rows as `decodeEntry`, without building the entry, copying the payload or the values.
 */
export function visitEntrySamples(bytes: Uint8Array, visit: SampleVisitor): void {
  if (bytes[0] !== VERSION_RAW) {
    const entry = decodeEntry(bytes);
    for (const row of entry.rows) visit(entry.twinId, row.ts, row.values);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(1, true);
  const header = twinAndReceived(bytes.subarray(5, 5 + headerLength));
  const data = JSON.parse(decoder.decode(bytes.subarray(5 + headerLength))) as
    Record<string, unknown> | Record<string, unknown>[];
  if (!Array.isArray(data)) {
    visit(header.t, sourceTime(data[TIMESTAMP_KEY], header.r), data);
    return;
  }
  for (const sample of data) visit(header.t, sourceTime(sample[TIMESTAMP_KEY], header.r), sample);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEADER_START = encoder.encode('{"t":"');
const RECEIVED_KEY = encoder.encode(',"r":');

/**
 * `t` and `r` of a version-2 header without JSON.parse (a third of the decoding cost otherwise):
 * `encodeEntry` writes `{"t":…,"k":…,"s":…,"x":…,"r":<integer>}`. Anything else, such as an
 * escaped twin id, takes JSON.parse.
 */
function twinAndReceived(header: Uint8Array): Pick<Header, 't' | 'r'> {
  let fast = header.length > HEADER_START.length + RECEIVED_KEY.length;
  for (let i = 0; fast && i < HEADER_START.length; i++) fast = header[i] === HEADER_START[i];
  let close = HEADER_START.length;
  while (fast && close < header.length && header[close] !== QUOTE) {
    if (header[close] === BACKSLASH) fast = false;
    close++;
  }
  let digits = header.length - 1;
  let received = 0;
  let scale = 1;
  while (fast && digits > close && (header[digits - 1] as number) >= 0x30 && (header[digits - 1] as number) <= 0x39) {
    digits--;
    received += ((header[digits] as number) - 0x30) * scale;
    scale *= 10;
  }
  const keyAt = digits - RECEIVED_KEY.length;
  fast &&= header[header.length - 1] === 0x7d && scale > 1 && scale <= 1e16 && keyAt > close;
  for (let i = 0; fast && i < RECEIVED_KEY.length; i++) fast = header[keyAt + i] === RECEIVED_KEY[i];
  if (!fast) return JSON.parse(decoder.decode(header)) as Header;
  return { t: decoder.decode(header.subarray(HEADER_START.length, close)), r: received };
}

/** The same rule as parse-timestamp.ts for a value that was already accepted. */
function sourceTime(ts: unknown, receivedMs: number): EpochMs {
  if (ts === undefined) return receivedMs as EpochMs;
  return (typeof ts === 'number' ? Math.trunc(ts) : Date.parse(ts as string)) as EpochMs;
}

function fromHeader(header: Header, rows: SampleRow[], points: number): IngestEntry {
  return {
    twinId: header.t as TwinId,
    kind: header.k === 't' ? 'telemetry' : 'reported',
    source: header.s,
    transport: header.x,
    receivedMs: header.r as EpochMs,
    rows,
    points,
  };
}
