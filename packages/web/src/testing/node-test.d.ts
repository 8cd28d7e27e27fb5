// Browser code must not see Node's types (tsconfig "types": []), yet the unit tests beside the code
// run under `node --test` (scripts/run-tests.mjs). These declarations cover exactly what the tests
// use, so that the tests are type-checked without putting Node's globals in scope for the UI.
declare module 'node:test' {
  export function test(name: string, fn: () => void | Promise<void>): void;
  export function describe(name: string, fn: () => void): void;
}

declare module 'node:assert/strict' {
  interface Assert {
    equal(actual: unknown, expected: unknown, message?: string): void;
    notEqual(actual: unknown, expected: unknown, message?: string): void;
    deepEqual(actual: unknown, expected: unknown, message?: string): void;
    ok(value: unknown, message?: string): asserts value;
    match(value: string, pattern: RegExp, message?: string): void;
  }
  const assert: Assert;
  export = assert;
}
