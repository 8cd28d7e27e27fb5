import type { LogFields, Logger } from '@doppel/core';
import type { LogLevel } from '../config/platform-config.js';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The server's logger: one JSON object per line on a writable stream (stdout by default), as log
 * collectors expect. `msg` is stable text, details go in fields.
 */
export function createJsonLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
  bound: LogFields = {},
): Logger {
  const threshold = LEVELS[level];
  const emit = (lineLevel: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVELS[lineLevel] < threshold) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...bound, ...fields })}\n`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createJsonLogger(level, write, { ...bound, ...fields }),
  };
}
