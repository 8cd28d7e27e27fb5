import type { InterfaceInfo, ModelResolver } from './interface-info.js';

/**
 * The accepted Interfaces, by id: the resolver for later uploads, plus the questions the platform
 * asks of a model graph ("is this twin's model a Pump?", "may this model be deleted?").
 */
export class ModelSet implements ModelResolver, Iterable<InterfaceInfo> {
  private readonly byId = new Map<string, InterfaceInfo>();
  /** id → ids of the interfaces that extend it or use it as a component schema or relationship target. */
  private readonly dependents = new Map<string, Set<string>>();

  constructor(interfaces: Iterable<InterfaceInfo> = []) {
    this.add(interfaces);
  }

  /** Adds (or replaces) interfaces; callers add what `parseModels` accepted against this set. */
  add(interfaces: Iterable<InterfaceInfo>): void {
    for (const info of interfaces) {
      const previous = this.byId.get(info.id);
      if (previous !== undefined) this.unlink(previous);
      this.byId.set(info.id, info);
      for (const used of usesOf(info)) {
        let set = this.dependents.get(used);
        if (set === undefined) this.dependents.set(used, (set = new Set()));
        set.add(info.id);
      }
    }
  }

  /** Removes one interface; returns false if it was not there. Callers check dependentsOf first. */
  delete(id: string): boolean {
    const info = this.byId.get(id);
    if (info === undefined) return false;
    this.unlink(info);
    this.byId.delete(id);
    return true;
  }

  get(id: string): InterfaceInfo | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** True if `modelId` is `ancestorId` or extends it, transitively. */
  isA(modelId: string, ancestorId: string): boolean {
    if (modelId === ancestorId) return true;
    return this.byId.get(modelId)?.ancestors.includes(ancestorId) ?? false;
  }

  /** Interfaces that extend `id` directly or use it as a component schema or relationship target. */
  dependentsOf(id: string): string[] {
    return [...(this.dependents.get(id) ?? [])].filter((dependent) => dependent !== id);
  }

  [Symbol.iterator](): Iterator<InterfaceInfo> {
    return this.byId.values();
  }

  private unlink(info: InterfaceInfo): void {
    for (const used of usesOf(info)) this.dependents.get(used)?.delete(info.id);
  }
}

/** Ids an interface depends on by its own declarations (inherited contents are the bases' uses). */
function usesOf(info: InterfaceInfo): Set<string> {
  const out = new Set<string>(info.extends);
  for (const component of info.components.values()) if (component.definedIn === info.id) out.add(component.schema);
  for (const relationship of info.relationships.values()) {
    if (relationship.definedIn === info.id && relationship.target !== undefined) out.add(relationship.target);
  }
  return out;
}
