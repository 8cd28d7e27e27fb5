import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtoWriter } from './protobuf-wire.js';

const bytes = (writer: ProtoWriter) => [...writer.finish()];

void describe('protobuf wire encoding', () => {
  void it('writes varints as in the encoding guide (150 → 08 96 01)', () => {
    assert.deepEqual(bytes(new ProtoWriter().varint(1, 150)), [0x08, 0x96, 0x01]);
    assert.deepEqual(bytes(new ProtoWriter().varint(2, 0)), [0x10, 0x00]);
    assert.deepEqual(bytes(new ProtoWriter().varint(16, 1)), [0x80, 0x01, 0x01]); // tag 16 needs two bytes
  });

  void it('writes negative int64 as ten bytes of two’s complement', () => {
    assert.deepEqual(bytes(new ProtoWriter().varint(1, -1)), [0x08, ...Array<number>(9).fill(0xff), 0x01]);
  });

  void it('writes 2^40 exactly (beyond 32-bit arithmetic)', () => {
    assert.deepEqual(bytes(new ProtoWriter().varint(1, 2 ** 40)), [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
  });

  void it('refuses what a varint cannot hold exactly', () => {
    assert.throws(() => new ProtoWriter().varint(1, 0.5), RangeError);
    assert.throws(() => new ProtoWriter().varint(1, 2 ** 60), RangeError);
  });

  void it('writes strings, nested messages and fixed32 floats', () => {
    assert.deepEqual(bytes(new ProtoWriter().string(2, 'testing')), [0x12, 0x07, ...Buffer.from('testing')]);
    assert.deepEqual(
      bytes(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150))),
      [0x1a, 0x03, 0x08, 0x96, 0x01],
    );
    assert.deepEqual(bytes(new ProtoWriter().float(2, 1)), [0x15, 0x00, 0x00, 0x80, 0x3f]);
  });

  void it('packs repeated floats in one length-delimited run', () => {
    assert.deepEqual(bytes(new ProtoWriter().packedFloats(4, [1, -2])), [0x22, 0x08, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  });
});
