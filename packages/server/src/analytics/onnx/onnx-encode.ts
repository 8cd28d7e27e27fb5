/**
 * Encodes small but real ONNX models (onnx.proto, IR version 8, default opset 17) without Python,
 * for tests, the bench and the docs. Field numbers are those of onnx/onnx.proto; only the fields
 * listed there are written. Not a general exporter: float tensors only for weights.
 */
import { ProtoWriter } from './protobuf-wire.js';

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const ONNX_DOUBLE = 11;

/** A dimension: a fixed size, or a symbolic name (e.g. 'N' for the batch). */
export type OnnxDim = number | string;

export interface OnnxTensorSpec {
  name: string;
  dims: readonly number[];
  values: ArrayLike<number>;
  /** Little-endian bytes in raw_data (what exporters write) instead of packed float_data. */
  raw?: boolean;
}

export interface OnnxValueSpec {
  name: string;
  /** TensorProto.DataType, FLOAT unless said. */
  elemType?: number;
  shape: readonly OnnxDim[];
}

export interface OnnxAttributeSpec {
  name: string;
  int?: number;
  ints?: readonly number[];
  float?: number;
}

export interface OnnxNodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: readonly OnnxAttributeSpec[];
}

export interface OnnxGraphSpec {
  name: string;
  nodes: readonly OnnxNodeSpec[];
  initializers?: readonly OnnxTensorSpec[];
  inputs: readonly OnnxValueSpec[];
  outputs: readonly OnnxValueSpec[];
}

export interface OnnxModelSpec {
  graph: OnnxGraphSpec;
  producerName?: string;
  irVersion?: number;
  opsetVersion?: number;
}

// AttributeProto.AttributeType
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

function tensor(spec: OnnxTensorSpec): ProtoWriter {
  const proto = new ProtoWriter();
  for (const dim of spec.dims) proto.varint(1, dim); // dims (unpacked, as onnx.proto declares them)
  proto.varint(2, ONNX_FLOAT); // data_type
  if (spec.raw === true) {
    const raw = new DataView(new ArrayBuffer(spec.values.length * 4));
    for (let i = 0; i < spec.values.length; i++) raw.setFloat32(i * 4, spec.values[i] as number, true);
    proto.string(8, spec.name).bytesField(9, new Uint8Array(raw.buffer)); // name, raw_data
  } else proto.packedFloats(4, spec.values).string(8, spec.name); // float_data, name
  return proto;
}

function valueInfo(spec: OnnxValueSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of spec.shape) {
    const dimension = typeof dim === 'number' ? new ProtoWriter().varint(1, dim) : new ProtoWriter().string(2, dim);
    shape.message(1, dimension); // TensorShapeProto.dim: dim_value = 1, dim_param = 2
  }
  const tensorType = new ProtoWriter().varint(1, spec.elemType ?? ONNX_FLOAT).message(2, shape); // elem_type, shape
  const type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
  return new ProtoWriter().string(1, spec.name).message(2, type); // ValueInfoProto name, type
}

function attribute(spec: OnnxAttributeSpec): ProtoWriter {
  const proto = new ProtoWriter().string(1, spec.name);
  if (spec.float !== undefined) return proto.float(2, spec.float).varint(20, ATTRIBUTE_FLOAT);
  if (spec.int !== undefined) return proto.varint(3, spec.int).varint(20, ATTRIBUTE_INT);
  for (const value of spec.ints ?? []) proto.varint(8, value);
  return proto.varint(20, ATTRIBUTE_INTS);
}

function node(spec: OnnxNodeSpec, index: number): ProtoWriter {
  const proto = new ProtoWriter();
  for (const input of spec.inputs) proto.string(1, input);
  for (const output of spec.outputs) proto.string(2, output);
  proto.string(3, spec.name ?? `${spec.opType.toLowerCase()}_${index}`).string(4, spec.opType);
  for (const spec_ of spec.attributes ?? []) proto.message(5, attribute(spec_));
  return proto;
}

/** The bytes of an .onnx file. */
export function encodeModel(spec: OnnxModelSpec): Uint8Array {
  const graph = new ProtoWriter();
  spec.graph.nodes.forEach((spec_, i) => graph.message(1, node(spec_, i)));
  graph.string(2, spec.graph.name);
  for (const initializer of spec.graph.initializers ?? []) graph.message(5, tensor(initializer));
  for (const input of spec.graph.inputs) graph.message(11, valueInfo(input));
  for (const output of spec.graph.outputs) graph.message(12, valueInfo(output));
  const opset = new ProtoWriter().string(1, '').varint(2, spec.opsetVersion ?? 17); // domain "" = ai.onnx
  return new ProtoWriter()
    .varint(1, spec.irVersion ?? 8)
    .string(2, spec.producerName ?? 'doppel')
    .message(7, graph)
    .message(8, opset)
    .finish();
}
