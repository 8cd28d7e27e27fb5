import { ISOLATION_FOREST_LIMITS } from './forest-options.js';
import { findStructureProblem } from './forest-structure.js';
import type { IsolationForestModel } from './isolation-forest.js';
import type { ForestNodes } from './isolation-tree.js';
import {
  invalidJson,
  readArray,
  readInteger,
  readIntegers,
  readNumbers,
  readObject,
  readStrings,
} from './json-reader.js';

/**
 * The stored form of a model (a SQLite TEXT column): plain JSON, versioned, the typed arrays as
 * number arrays. JSON keeps every float64 exactly (shortest round-trip digits), so a model read
 * back scores exactly as before. A change of meaning gets a new `version`, never a silent reread.
 *
 * - Version 1: an axis-parallel forest. Still what such forests are written as, byte for byte as
 *   before extended forests existed, so stored models and servers that know only version 1 agree.
 * - Version 2: an extended forest (`extension: 'full'`): adds `nodes.normal`, and `nodes.feature`
 *   and `nodes.value` take the meanings `ForestNodes` gives them there. A server that knows only
 *   version 1 refuses it rather than read hyperplane rows as feature indices.
 */
export const MODEL_JSON_FORMAT = 'doppel.isolation-forest';
/** The version of axis-parallel forests. */
export const MODEL_JSON_VERSION = 1;
/** The version of extended forests (random hyperplane splits). */
export const MODEL_JSON_VERSION_EXTENDED = 2;

export interface IsolationForestJson {
  readonly format: typeof MODEL_JSON_FORMAT;
  readonly version: typeof MODEL_JSON_VERSION | typeof MODEL_JSON_VERSION_EXTENDED;
  readonly featureNames: readonly string[];
  readonly sampleSize: number;
  readonly heightLimit: number;
  readonly seed: number;
  readonly trainingRowCount: number;
  /** Per feature: median and MAD-based scale of the training window (standardised = (x − center) / scale). */
  readonly scaler: { readonly center: readonly number[]; readonly scale: readonly number[] };
  /** The flat pre-order node arrays of `ForestNodes`, same meaning and order. */
  readonly nodes: {
    readonly treeStart: readonly number[];
    readonly feature: readonly number[];
    readonly value: readonly number[];
    readonly rightOrSize: readonly number[];
    /** Version 2 only: the hyperplane normals, one row of featureCount components per internal node. */
    readonly normal?: readonly number[];
  };
}

export function toJson(model: IsolationForestModel): IsolationForestJson {
  const { nodes, scaler } = model;
  return {
    format: MODEL_JSON_FORMAT,
    version: nodes.normal === undefined ? MODEL_JSON_VERSION : MODEL_JSON_VERSION_EXTENDED,
    featureNames: [...model.featureNames],
    sampleSize: model.sampleSize,
    heightLimit: model.heightLimit,
    seed: model.seed,
    trainingRowCount: model.trainingRowCount,
    scaler: { center: Array.from(scaler.center), scale: Array.from(scaler.scale) },
    nodes: {
      treeStart: Array.from(nodes.treeStart),
      feature: Array.from(nodes.feature),
      value: Array.from(nodes.value),
      rightOrSize: Array.from(nodes.rightOrSize),
      ...(nodes.normal === undefined ? {} : { normal: Array.from(nodes.normal) }),
    },
  };
}

/** Reads a stored model, given as JSON text or as the parsed value; throws saying what is wrong. */
export function fromJson(json: unknown): IsolationForestModel {
  const root = readObject(typeof json === 'string' ? parse(json) : json, 'the model');
  if (root.format !== MODEL_JSON_FORMAT) {
    throw invalidJson(`format must be "${MODEL_JSON_FORMAT}", got ${JSON.stringify(root.format) ?? 'nothing'}`);
  }
  if (root.version !== MODEL_JSON_VERSION && root.version !== MODEL_JSON_VERSION_EXTENDED) {
    throw invalidJson(
      `version ${JSON.stringify(root.version) ?? '(missing)'} is not supported, only ${MODEL_JSON_VERSION} ` +
        `(axis-parallel) and ${MODEL_JSON_VERSION_EXTENDED} (extended)`,
    );
  }
  const extended = root.version === MODEL_JSON_VERSION_EXTENDED;
  const { featuresMax, sampleSizeMax, treesMax, normalComponentsMax } = ISOLATION_FOREST_LIMITS;
  const featureNames = readStrings(readArray(root.featureNames, 'featureNames', 1, featuresMax), 'featureNames');
  const featureCount = featureNames.length;
  const sampleSize = readInteger(root.sampleSize, 'sampleSize', 2, sampleSizeMax);
  const heightLimit = readInteger(root.heightLimit, 'heightLimit', 1, 64);
  if (heightLimit !== Math.ceil(Math.log2(sampleSize))) {
    throw invalidJson(`heightLimit ${heightLimit} is not ceil(log2(sampleSize ${sampleSize}))`);
  }
  const seed = readInteger(root.seed, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const trainingRowCount = readInteger(root.trainingRowCount, 'trainingRowCount', sampleSize, Number.MAX_SAFE_INTEGER);
  const scalerJson = readObject(root.scaler, 'scaler');
  const scaler = {
    center: readNumbers(readArray(scalerJson.center, 'scaler.center', featureCount, featureCount), 'scaler.center'),
    scale: readNumbers(readArray(scalerJson.scale, 'scaler.scale', featureCount, featureCount), 'scaler.scale', 0),
  };
  const nodesJson = readObject(root.nodes, 'nodes');
  // First, so that a version 1 model with normals is refused for that, not for its feature entries.
  const normal = readNormal(nodesJson.normal, extended, featureCount, normalComponentsMax);
  // A tree has at most 2ψ − 1 nodes, or, with the empty sides of an extended tree, as many as a
  // full binary tree of the height limit: longer arrays are no forest that training could have grown.
  const nodeCountMax = treesMax * (extended ? 2 ** (heightLimit + 1) - 1 : 2 * sampleSize - 1);
  const nodeArray = (key: string): readonly unknown[] => readArray(nodesJson[key], `nodes.${key}`, 1, nodeCountMax);
  const nodes: ForestNodes = {
    treeStart: readIntegers(
      readArray(nodesJson.treeStart, 'nodes.treeStart', 2, treesMax + 1),
      'nodes.treeStart',
      0,
      nodeCountMax,
    ),
    // In an extended forest a feature entry is a row of nodes.normal, checked against it below.
    feature: readIntegers(nodeArray('feature'), 'nodes.feature', -1, extended ? nodeCountMax : featureCount - 1),
    value: readNumbers(nodeArray('value'), 'nodes.value'),
    rightOrSize: readIntegers(nodeArray('rightOrSize'), 'nodes.rightOrSize', 0, nodeCountMax),
    ...normal,
  };
  const problem = findStructureProblem(nodes, featureCount, sampleSize, heightLimit);
  if (problem !== null) throw invalidJson(problem);
  return { featureNames, sampleSize, heightLimit, seed, trainingRowCount, scaler, nodes };
}

function readNormal(
  value: unknown,
  extended: boolean,
  featureCount: number,
  componentsMax: number,
): { normal?: Float64Array } {
  if (!extended) {
    if (value !== undefined) throw invalidJson(`nodes.normal belongs to version ${MODEL_JSON_VERSION_EXTENDED} only`);
    return {};
  }
  // An extended tree of one leaf has no normals, so a forest of lone leaves has an empty array.
  const items = readArray(value, 'nodes.normal', 0, componentsMax);
  if (items.length % featureCount !== 0) {
    throw invalidJson(`nodes.normal has ${items.length} components, not a multiple of ${featureCount} features`);
  }
  return { normal: readNumbers(items, 'nodes.normal') };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidJson(`the text does not parse (${error instanceof Error ? error.message : String(error)})`, error);
  }
}
