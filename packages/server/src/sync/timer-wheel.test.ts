import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimerWheel } from './timer-wheel.js';

/** Advances the wheel and returns what fired, as [id, dueMs] pairs. */
function firedBy(wheel: TimerWheel, nowMs: number): [number, number][] {
  const fired: [number, number][] = [];
  wheel.advance(nowMs, (id, dueMs) => fired.push([id, dueMs]));
  return fired;
}

void describe('TimerWheel', () => {
  void it('fires each entry once, when its due time has passed, in tick order', () => {
    const wheel = new TimerWheel(100, 0, 16);
    wheel.schedule(1, 250);
    wheel.schedule(2, 120);
    wheel.schedule(3, 999);
    assert.deepEqual(firedBy(wheel, 100), []);
    assert.deepEqual(firedBy(wheel, 260), [
      [2, 120],
      [1, 250],
    ]);
    assert.deepEqual(firedBy(wheel, 260), []);
    assert.equal(wheel.size, 1);
    assert.deepEqual(firedBy(wheel, 1_000), [[3, 999]]);
    assert.equal(wheel.size, 0);
  });

  void it('does not fire an entry due within the current tick before its time', () => {
    const wheel = new TimerWheel(100, 0, 16);
    wheel.schedule(1, 180);
    assert.deepEqual(firedBy(wheel, 150), []);
    assert.deepEqual(firedBy(wheel, 180), [[1, 180]]);
  });

  void it('keeps entries due more than one turn ahead until their turn', () => {
    const wheel = new TimerWheel(100, 0, 16); // one turn = 1,600 ms
    wheel.schedule(7, 5_050);
    for (let now = 100; now < 5_050; now += 100) assert.deepEqual(firedBy(wheel, now), [], `at ${now}`);
    assert.deepEqual(firedBy(wheel, 5_100), [[7, 5_050]]);
  });

  void it('fires a due time already passed at the next advance', () => {
    const wheel = new TimerWheel(100, 1_000, 16);
    firedBy(wheel, 2_000);
    wheel.schedule(4, 1_500);
    assert.deepEqual(firedBy(wheel, 2_000), [[4, 1_500]]);
    assert.deepEqual(firedBy(wheel, 2_100), []);
  });

  void it('catches up after a long pause with one visit per slot', () => {
    const wheel = new TimerWheel(100, 0, 16);
    for (let id = 0; id < 50; id++) wheel.schedule(id, 100 + id * 37);
    const fired = firedBy(wheel, 1_000_000);
    assert.deepEqual(
      fired.map(([id]) => id).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, id) => id),
    );
  });

  void it('lets a firing entry schedule again, including into the slot being visited', () => {
    const wheel = new TimerWheel(100, 0, 16);
    wheel.schedule(1, 100);
    const seen: number[] = [];
    for (let now = 100; now <= 5_000; now += 100) {
      wheel.advance(now, (id, dueMs) => {
        seen.push(dueMs);
        // Exactly one turn later: the same slot.
        if (seen.length < 3) wheel.schedule(id, dueMs + 1_600);
      });
    }
    assert.deepEqual(seen, [100, 1_700, 3_300]);
  });

  void it('refuses a slot count that is not a power of two', () => {
    assert.throws(() => new TimerWheel(100, 0, 1_000), /power of two/);
  });
});
