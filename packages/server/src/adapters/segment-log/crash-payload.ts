/** Records of the crash test: [u32 writer][u32 seq][filler derived from both], 16 to 527 bytes. */
export function crashPayload(writer: number, seq: number): Buffer {
  const bytes = 16 + ((writer * 131 + seq * 17) % 512);
  const payload = Buffer.alloc(bytes);
  payload.writeUInt32LE(writer, 0);
  payload.writeUInt32LE(seq, 4);
  for (let i = 8; i < bytes; i += 1) payload[i] = (writer * 31 + seq * 7 + i) & 0xff;
  return payload;
}

/** The (writer, seq) of a crash-test record, or undefined when its bytes are not what was written. */
export function parseCrashPayload(payload: Uint8Array): { writer: number; seq: number } | undefined {
  const data = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (data.byteLength < 8) return undefined;
  const writer = data.readUInt32LE(0);
  const seq = data.readUInt32LE(4);
  return crashPayload(writer, seq).equals(data) ? { writer, seq } : undefined;
}
