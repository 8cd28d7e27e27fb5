import type { ContentInfo } from './model-info';
import type { ResolvedModel } from './model-store';

/**
 * A model's contents with its own first, then what it inherits: a pump's flow and pressure before
 * the vibration features of the BearingMonitor it extends (lists and charts show the own first).
 */
export function ownContentsFirst(model: ResolvedModel | undefined): ContentInfo[] {
  if (model === undefined) return [];
  const own = new Set(model.info.contents.map((content) => content.name));
  return [
    ...model.contents.filter((content) => own.has(content.name)),
    ...model.contents.filter((content) => !own.has(content.name)),
  ];
}
