import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayPosition } from './time-of-day.js';

void describe('dayPosition', () => {
  void it('is the hour of the UTC day for 24 buckets and no offset', () => {
    assert.equal(dayPosition(Date.UTC(2024, 0, 1, 14, 30), 24, 0), 14.5);
    assert.equal(dayPosition(Date.UTC(2024, 0, 1, 0, 0), 24, 0), 0);
  });

  void it('follows local time with a UTC offset in minutes, wrapping around midnight', () => {
    assert.equal(dayPosition(Date.UTC(2024, 0, 1, 22, 30), 24, 120), 0.5);
    assert.equal(dayPosition(Date.UTC(2024, 0, 1, 1, 0), 24, -180), 22);
  });

  void it('scales to the bucket count and handles timestamps before 1970', () => {
    assert.equal(dayPosition(Date.UTC(2024, 0, 1, 18, 0), 4, 0), 3);
    assert.equal(dayPosition(Date.UTC(1969, 11, 31, 12, 0), 24, 0), 12);
  });
});
