import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_VIEW,
  MIN_SPAN_MS,
  RANGE_PRESETS,
  dragRange,
  formatSpan,
  maxPointsFor,
  panRange,
  rangeOf,
  zoomOutRange,
  zoomRange,
} from './history-range';

const NOW = Date.UTC(2026, 10, 25, 10, 0, 0);
const HOUR = 3_600_000;

void describe('history range', () => {
  void it('defaults to the last hour, live, and offers 1 h / 24 h / 7 d / 30 d', () => {
    assert.deepEqual(rangeOf(DEFAULT_VIEW, NOW), { fromMs: NOW - HOUR, toMs: NOW });
    assert.deepEqual(
      RANGE_PRESETS.map((preset) => preset.label),
      ['1 h', '24 h', '7 d', '30 d'],
    );
    assert.deepEqual(
      RANGE_PRESETS.map((preset) => preset.spanMs / HOUR),
      [1, 24, 168, 720],
    );
  });

  void it('keeps the right edge of a live view at now', () => {
    const view = { mode: 'live', spanMs: 24 * HOUR } as const;
    assert.deepEqual(rangeOf(view, NOW + 10_000), { fromMs: NOW + 10_000 - 24 * HOUR, toMs: NOW + 10_000 });
    const range = { fromMs: 1, toMs: 2 };
    assert.equal(rangeOf({ mode: 'fixed', range }, NOW), range);
  });

  void it('pans by half a span and never past now', () => {
    const range = { fromMs: NOW - 3 * HOUR, toMs: NOW - 2 * HOUR };
    assert.deepEqual(panRange(range, -0.5, NOW), { fromMs: NOW - 3.5 * HOUR, toMs: NOW - 2.5 * HOUR });
    assert.deepEqual(panRange(range, 0.5, NOW), { fromMs: NOW - 2.5 * HOUR, toMs: NOW - 1.5 * HOUR });
    // Forward from near now: stops at now, same span.
    assert.deepEqual(panRange({ fromMs: NOW - HOUR - 60_000, toMs: NOW - 60_000 }, 0.5, NOW), {
      fromMs: NOW - HOUR,
      toMs: NOW,
    });
  });

  void it('turns a drag into a pan in the opposite direction of the pointer', () => {
    const range = { fromMs: NOW - 2 * HOUR, toMs: NOW - HOUR };
    // Dragging the content right by 10 minutes shows 10 minutes earlier.
    assert.deepEqual(dragRange(range, 600_000, NOW), { fromMs: NOW - 2 * HOUR - 600_000, toMs: NOW - HOUR - 600_000 });
  });

  void it('zooms to a selection, ignores clicks, widens tiny ones and stops at now', () => {
    assert.deepEqual(zoomRange(NOW - 100_000, NOW - 400_000, NOW), { fromMs: NOW - 400_000, toMs: NOW - 100_000 });
    assert.equal(zoomRange(NOW - 5, NOW - 5, NOW), null);
    const tiny = zoomRange(NOW - 60_000, NOW - 58_000, NOW);
    assert.ok(tiny !== null);
    assert.equal(tiny.toMs - tiny.fromMs, MIN_SPAN_MS);
    assert.equal(tiny.fromMs, NOW - 59_000 - MIN_SPAN_MS / 2);
    const atEdge = zoomRange(NOW - 2_000, NOW, NOW);
    assert.ok(atEdge !== null);
    assert.deepEqual(atEdge, { fromMs: NOW - MIN_SPAN_MS, toMs: NOW });
  });

  void it('zooms out around the centre without passing now', () => {
    assert.deepEqual(zoomOutRange({ fromMs: NOW - 4 * HOUR, toMs: NOW - 2 * HOUR }, 2, NOW), {
      fromMs: NOW - 5 * HOUR,
      toMs: NOW - HOUR,
    });
    assert.deepEqual(zoomOutRange({ fromMs: NOW - HOUR, toMs: NOW }, 2, NOW), { fromMs: NOW - 2 * HOUR, toMs: NOW });
  });

  void it('asks for about one point per pixel, within bounds', () => {
    assert.equal(maxPointsFor(812.4), 812);
    assert.equal(maxPointsFor(10), 60);
    assert.equal(maxPointsFor(5_000), 2_000);
    assert.equal(maxPointsFor(0), 500);
    assert.equal(maxPointsFor(Number.NaN), 500);
  });

  void it('formats spans', () => {
    assert.equal(formatSpan(HOUR), '1 h');
    assert.equal(formatSpan(24 * HOUR), '24 h');
    assert.equal(formatSpan(7 * 24 * HOUR), '7 d');
    assert.equal(formatSpan(15 * 60_000), '15 min');
    assert.equal(formatSpan(90 * 60_000), '90 min');
    assert.equal(formatSpan(100 * 60_000 + 30_000), '1.7 h');
    assert.equal(formatSpan(10_000), '10 s');
  });
});
