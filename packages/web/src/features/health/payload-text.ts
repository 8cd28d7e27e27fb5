import type { DeadLetter } from '@doppel/protocol';

/** Longest payload shown; a dead letter keeps at most the platform's raw-payload limit anyway. */
const PAYLOAD_CHARS_MAX = 64_000;

export interface PayloadText {
  readonly text: string;
  /** Says what the text is when it is not the payload as sent: binary, shortened, or not JSON. */
  readonly note: string | null;
}

/** A dead letter's payload for reading: JSON indented, anything else as received. */
export function payloadText(letter: Pick<DeadLetter, 'payload' | 'payloadEncoding' | 'rawTruncated'>): PayloadText {
  const notes: string[] = [];
  let text = letter.payload;
  if (letter.payloadEncoding === 'base64') {
    notes.push('Binary payload (not UTF-8), shown as base64.');
  } else {
    try {
      text = JSON.stringify(JSON.parse(letter.payload), null, 2);
    } catch {
      if (letter.payload.trim() !== '') notes.push('Not valid JSON, shown as received.');
    }
  }
  if (letter.rawTruncated) notes.push('The platform kept only the start of this payload, so it cannot be replayed.');
  if (text.length > PAYLOAD_CHARS_MAX) {
    text = `${text.slice(0, PAYLOAD_CHARS_MAX)}\n…`;
    notes.push(`Shortened to the first ${PAYLOAD_CHARS_MAX.toLocaleString('en')} characters.`);
  }
  return { text, note: notes.length === 0 ? null : notes.join(' ') };
}
