import { spawnSync } from 'node:child_process';

/**
 * Whether a Debian tool is installed. CI (.ci/run) installs every tool and sets
 * DOPPEL_REQUIRE_TOOLS=1, so a missing tool fails there instead of skipping.
 */
export function toolAvailable(command: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  if (!found && process.env.DOPPEL_REQUIRE_TOOLS === '1') {
    throw new Error(`${command} is required (DOPPEL_REQUIRE_TOOLS=1) but not installed`);
  }
  return found;
}
