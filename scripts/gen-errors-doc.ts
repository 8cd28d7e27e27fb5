// Writes docs/errors.md from the error catalog (packages/core/src/errors.ts).
// Run: node --conditions=source --import tsx scripts/gen-errors-doc.ts
import { writeFileSync } from 'node:fs';
import { ERROR_CATALOG } from '@doppel/core';

export function renderErrorsDoc(): string {
  const lines = [
    '# Error catalog',
    '',
    'Every error Doppel reports has a stable `code`. REST errors are RFC 9457 `application/problem+json`:',
    '',
    '```json',
    '{ "type": "https://doppel.dev/errors#twin.not-found", "title": "Twin not found", "status": 404,',
    '  "detail": "twin \\"pump-9\\" does not exist", "code": "twin.not-found",',
    '  "remedy": "Check the twin id; GET /api/v1/digitaltwins lists the twins.", "instance": "/api/v1/digitaltwins/pump-9" }',
    '```',
    '',
    'Ingest codes (`ingest.*`) are also the `reason` of dead letters. Generated from `packages/core/src/errors.ts`',
    'by `scripts/gen-errors-doc.ts`; a unit test keeps it in step.',
    '',
    '| code | HTTP | title | remedy |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
    lines.push(`| \`${code}\` | ${entry.status} | ${entry.title} | ${entry.remedy.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
}
