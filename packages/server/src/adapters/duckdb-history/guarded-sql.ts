import { StatementType } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DoppelError } from '@doppel/core';
import type { SqlResult } from '../../history/history-store.js';

/**
 * User SQL, on its own connection. Three guards, each sufficient for its own class of abuse:
 * - DuckDB's parser: exactly one statement, of type SELECT (WITH … SELECT included); COPY, ATTACH,
 *   INSTALL, LOAD, PRAGMA, SET, DDL and DML have other statement types and are refused.
 * - a READ ONLY transaction around it: nothing it runs can write (not even through a table function).
 * - the database runs with `enable_external_access = false` and a locked configuration (set once
 *   at open), so read_csv/read_parquet/glob/'file.csv' replacement scans, extensions and ATTACH
 *   fail inside DuckDB itself, whatever the spelling. The one allowed directory, for exports, is
 *   empty whenever this connection runs user SQL (parquet-export.ts).
 * rowsMax: DuckDB streams the result and stops after rowsMax + 1 rows; more is refused.
 * timeoutMs: connection.interrupt() cancels the running query.
 */

function refused(message: string, cause?: unknown): DoppelError {
  return new DoppelError('history.sql-refused', `history sql: ${message}`, { cause });
}

export async function runGuardedSql(
  connection: DuckDBConnection,
  text: string,
  limits: { readonly rowsMax: number; readonly timeoutMs: number },
): Promise<SqlResult> {
  let extracted;
  try {
    extracted = await connection.extractStatements(text);
  } catch (error) {
    throw refused(error instanceof Error ? error.message : String(error), error);
  }
  if (extracted.count !== 1) throw refused(`send exactly one statement, got ${extracted.count}`);
  await connection.run('BEGIN TRANSACTION READ ONLY');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, limits.timeoutMs);
  try {
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (error) {
      throw refused(error instanceof Error ? error.message : String(error), error);
    }
    if (prepared.statementType !== StatementType.SELECT) {
      prepared.destroySync();
      throw refused('only a SELECT (or WITH … SELECT) query is allowed');
    }
    if (prepared.parameterCount > 0) throw refused('parameters ($1, ?) are not supported');
    let reader;
    try {
      reader = await prepared.streamAndReadUntil(limits.rowsMax + 1);
    } catch (error) {
      if (timedOut) {
        throw new DoppelError('history.query-timeout', `history sql: interrupted after ${limits.timeoutMs} ms`, {
          cause: error,
        });
      }
      throw refused(error instanceof Error ? error.message : String(error), error);
    }
    if (reader.currentRowCount > limits.rowsMax) {
      throw refused(`the result has more than ${limits.rowsMax} rows; add a LIMIT or aggregate`);
    }
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return {
      columns: names.map((name, index) => ({ name, type: types[index]?.toString() ?? 'UNKNOWN' })),
      rows: reader.getRowsJson() as unknown[][],
    };
  } finally {
    clearTimeout(timer);
    await connection.run('ROLLBACK').catch(() => undefined);
  }
}
