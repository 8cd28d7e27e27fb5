/**
 * Protocol Buffers wire encoding, only as much as writing an ONNX file needs
 * (https://protobuf.dev/programming-guides/encoding/): varints, 64-bit ints as varints,
 * fixed32 floats, length-delimited strings, bytes and nested messages, packed repeated floats.
 */
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const utf8 = new TextEncoder();

export class ProtoWriter {
  private readonly bytes: number[] = [];

  /** int32, int64, enum and bool fields. Negative values take ten bytes (two's complement, as int64). */
  varint(field: number, value: number): this {
    this.tag(field, VARINT);
    this.rawVarint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    this.pushFloats([value]);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, utf8.encode(value));
  }

  bytesField(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(value.length);
    for (const byte of value) this.bytes.push(byte);
    return this;
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytesField(field, value.finish());
  }

  /** `repeated float … [packed = true]`: one length-delimited run of little-endian fixed32. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(values.length * 4);
    this.pushFloats(values);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    // Two's complement on 64 bits for negatives; BigInt keeps the high bits exact.
    let rest = value >= 0 ? BigInt(value) : (1n << 64n) + BigInt(value);
    while (rest >= 0x80n) {
      this.bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.bytes.push(Number(rest));
  }

  private pushFloats(values: ArrayLike<number>): void {
    const view = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < values.length; i++) {
      view.setFloat32(0, values[i] as number, true);
      for (let b = 0; b < 4; b++) this.bytes.push(view.getUint8(b));
    }
  }
}
