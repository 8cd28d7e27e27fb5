import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DoppelError } from '@doppel/core';
import { applyJsonPatch } from './json-patch.js';

function throwsCode(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DoppelError, String(error));
    assert.equal(error.code, code);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

void describe('applyJsonPatch', () => {
  void it('adds, replaces and removes top-level and nested members without touching the input', () => {
    const doc = { name: 'Pump', settings: { speed: 1, mode: 'auto' } };
    const result = applyJsonPatch(doc, [
      { op: 'add', path: '/serial', value: 'S-1' },
      { op: 'replace', path: '/name', value: 'Pump 7' },
      { op: 'replace', path: '/settings/speed', value: 2 },
      { op: 'remove', path: '/settings/mode' },
    ]);
    assert.deepEqual(result, { name: 'Pump 7', serial: 'S-1', settings: { speed: 2 } });
    assert.deepEqual(doc, { name: 'Pump', settings: { speed: 1, mode: 'auto' } });
  });

  void it('creates missing parent objects on add', () => {
    assert.deepEqual(applyJsonPatch({}, [{ op: 'add', path: '/comp/x', value: 1 }]), { comp: { x: 1 } });
  });

  void it('unescapes ~1 and ~0 in pointer segments', () => {
    assert.deepEqual(applyJsonPatch({}, [{ op: 'add', path: '/a~1b~0c', value: 1 }]), { 'a/b~c': 1 });
  });

  void it('passes a test that matches and fails one that does not with request.precondition-failed', () => {
    const doc = { a: { b: [1, 2] } };
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/a/b', value: [1, 2] }]), doc);
    throwsCode(
      () => applyJsonPatch(doc, [{ op: 'test', path: '/a/b', value: [2, 1] }]),
      'request.precondition-failed',
      /operation 0/,
    );
  });

  void it('is all or nothing: a failing operation leaves the input unchanged', () => {
    const doc = { a: 1 };
    throwsCode(
      () =>
        applyJsonPatch(doc, [
          { op: 'replace', path: '/a', value: 2 },
          { op: 'test', path: '/a', value: 1 },
        ]),
      'request.precondition-failed',
      /operation 1/,
    );
    assert.deepEqual(doc, { a: 1 });
  });

  void it('refuses a body that is not an array', () => {
    throwsCode(() => applyJsonPatch({}, { op: 'add' }), 'request.invalid', /JSON Patch array/);
  });

  void it('refuses operations without op or path, and unsupported ops', () => {
    throwsCode(() => applyJsonPatch({}, [null]), 'request.invalid', /needs "op" and "path"/);
    throwsCode(() => applyJsonPatch({}, [{ op: 'add' }]), 'request.invalid', /needs "op" and "path"/);
    throwsCode(
      () => applyJsonPatch({ a: 1 }, [{ op: 'move', from: '/a', path: '/b' }]),
      'request.invalid',
      /"move" is not supported/,
    );
    throwsCode(
      () => applyJsonPatch({ a: 1 }, [{ op: 'copy', from: '/a', path: '/b' }]),
      'request.invalid',
      /"copy" is not supported/,
    );
  });

  void it('refuses paths that do not start with / or name no property', () => {
    throwsCode(
      () => applyJsonPatch({}, [{ op: 'add', path: 'a', value: 1 }]),
      'request.invalid',
      /must start with "\/"/,
    );
    throwsCode(
      () => applyJsonPatch({}, [{ op: 'add', path: '', value: 1 }]),
      'request.invalid',
      /must start with "\/"/,
    );
  });

  void it('refuses replace and remove of a missing member, and a missing parent', () => {
    throwsCode(() => applyJsonPatch({}, [{ op: 'replace', path: '/a', value: 1 }]), 'request.invalid', /use "add"/);
    throwsCode(() => applyJsonPatch({}, [{ op: 'remove', path: '/a' }]), 'request.invalid', /has no value/);
    throwsCode(
      () => applyJsonPatch({}, [{ op: 'replace', path: '/a/b', value: 1 }]),
      'request.invalid',
      /does not exist/,
    );
  });

  // Regression: "/__proto__/x" walked into Object.prototype and set x on every object in the process.
  void it('does not pollute Object.prototype through __proto__ or constructor.prototype', () => {
    const attempts = [
      [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
      [{ op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }],
      [{ op: 'replace', path: '/__proto__/toString', value: 'yes' }],
    ];
    for (const patch of attempts) {
      try {
        applyJsonPatch({}, patch);
      } catch (error) {
        assert.ok(error instanceof DoppelError);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined, JSON.stringify(patch));
      assert.equal(typeof ({} as Record<string, unknown>).toString, 'function', JSON.stringify(patch));
    }
  });

  void it('adds "__proto__" as an ordinary own member, leaving the prototype alone', () => {
    const result = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { a: 1 } }]);
    assert.ok(Object.hasOwn(result, '__proto__'));
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.equal((result as { a?: unknown }).a, undefined);
  });

  // Regression: replace/remove checked `in`, which sees inherited members such as "toString".
  void it('treats inherited members as missing', () => {
    throwsCode(
      () => applyJsonPatch({}, [{ op: 'replace', path: '/toString', value: 1 }]),
      'request.invalid',
      /use "add"/,
    );
    throwsCode(() => applyJsonPatch({}, [{ op: 'remove', path: '/constructor' }]), 'request.invalid', /has no value/);
  });

  // Regression: add under an existing scalar or array replaced it with an object, losing data.
  void it('refuses to add beneath an existing scalar or array instead of overwriting it', () => {
    throwsCode(
      () => applyJsonPatch({ name: 'Pump' }, [{ op: 'add', path: '/name/x', value: 1 }]),
      'request.invalid',
      /does not exist/,
    );
    throwsCode(() => applyJsonPatch({ list: [1] }, [{ op: 'add', path: '/list/0', value: 2 }]), 'request.invalid');
  });
});

void describe('JSON Patch test op, regression: key order', () => {
  void it('compares objects by members, not by key order (RFC 6902 4.6)', () => {
    const doc = { location: { lat: 1, lon: 2 } };
    assert.doesNotThrow(() => applyJsonPatch(doc, [{ op: 'test', path: '/location', value: { lon: 2, lat: 1 } }]));
    assert.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/location', value: { lon: 2 } }]), /test of/);
  });
});
