import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TenantId } from '@doppel/core';
import type { Registry } from '../../graph/registry.js';
import { describeRegistryContract } from '../../graph/registry.contract.js';
import { SqliteRegistry } from './sqlite-registry.js';

describeRegistryContract('SqliteRegistry', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doppel-registry-'));
  const path = join(dir, 'registry.sqlite');
  const opened: Registry[] = [];
  const openAt = async (): Promise<Registry> => {
    const registry = new SqliteRegistry(path);
    await registry.open();
    opened.push(registry);
    return registry;
  };
  return {
    registry: await openAt(),
    reopen: openAt,
    cleanup: async () => {
      for (const registry of opened) await registry.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

void describe('SqliteRegistry', () => {
  void it('refuses calls before open with a clear error', async () => {
    const registry = new SqliteRegistry(join(tmpdir(), 'never-opened.sqlite'));
    await assert.rejects(registry.loadModels('default' as TenantId), /not open/);
  });
});
