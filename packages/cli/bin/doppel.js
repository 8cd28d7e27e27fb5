#!/usr/bin/env node
// The `doppel` command. Runs the compiled CLI (built by `npm ci` / `npm run build`).
import { main } from '../dist/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
