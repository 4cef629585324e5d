// Tests for AWS timestamp parsing (Choice Timestamp* operators, IsTimestamp, and the Wait state).

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compareInstants, isTimestampString, parseTimestamp, timestampFromString } from './timestamp';

void describe('timestampFromString', () => {
  void it('parses the forms AWS accepted in recorded Wait executions', () => {
    assert.equal(timestampFromString('2016-03-14T01:59:00Z'), Date.UTC(2016, 2, 14, 1, 59, 0));
    assert.equal(timestampFromString('2026-11-26T19:55:23.00Z'), Date.UTC(2026, 10, 26, 19, 55, 23));
    assert.equal(timestampFromString('2026-11-26T19:55:23.000000Z'), Date.UTC(2026, 10, 26, 19, 55, 23));
    assert.equal(timestampFromString('2094-12-15T19:55:23.000Z'), Date.UTC(2094, 11, 15, 19, 55, 23));
    assert.equal(
      timestampFromString('2016-03-05T21:29:29.243167252Z'),
      Date.UTC(2016, 2, 5, 21, 29, 29, 243),
    );
  });

  void it('rejects the forms AWS rejected in recorded Wait executions', () => {
    for (const text of [
      '2016-13-05T21:29:29Z', // month 13
      '2016-12-05T25:29:29Z', // hour 25
      '2016-12-05T21:29:29', // no offset
      '2016-12-05 21:29:29Z', // space instead of T
      '05-12-2016T21:29:29Z', // day first
      '2026-11-26T19:55:23.000000', // fraction but no offset
    ]) {
      assert.equal(timestampFromString(text), undefined, text);
    }
  });

  void it('applies numeric offsets', () => {
    assert.equal(timestampFromString('2012-10-09T19:00:55+01:00'), Date.UTC(2012, 9, 9, 18, 0, 55));
    assert.equal(timestampFromString('2012-10-09T19:00:55-05:30'), Date.UTC(2012, 9, 10, 0, 30, 55));
    assert.equal(timestampFromString('2012-10-09T19:00:55-00:00'), Date.UTC(2012, 9, 9, 19, 0, 55));
    assert.equal(timestampFromString('2012-10-09T19:00:55+18:00'), Date.UTC(2012, 9, 9, 1, 0, 55));
  });

  void it('checks calendar ranges strictly', () => {
    assert.notEqual(timestampFromString('2024-02-29T00:00:00Z'), undefined);
    assert.notEqual(timestampFromString('2000-02-29T00:00:00Z'), undefined);
    assert.equal(timestampFromString('2023-02-29T00:00:00Z'), undefined);
    assert.equal(timestampFromString('1900-02-29T00:00:00Z'), undefined);
    assert.equal(timestampFromString('2023-04-31T00:00:00Z'), undefined);
    assert.equal(timestampFromString('2023-00-10T00:00:00Z'), undefined);
    assert.equal(timestampFromString('2023-01-00T00:00:00Z'), undefined);
    assert.equal(timestampFromString('2023-01-01T23:60:00Z'), undefined);
    assert.equal(timestampFromString('2023-01-01T23:59:60Z'), undefined);
    assert.equal(timestampFromString('2023-01-01T00:00:00+18:01'), undefined);
    assert.equal(timestampFromString('2023-01-01T00:00:00+01:60'), undefined);
  });

  void it('rejects forms outside the RFC 3339 profile AWS documents', () => {
    for (const text of [
      '2023-01-01t00:00:00Z', // lowercase t
      '2023-01-01T00:00:00z', // lowercase z
      '2023-01-01T00:00Z', // no seconds
      '2023-01-01T00:00:00.Z', // dot without digits
      '2023-01-01T00:00:00.1234567890Z', // more than nanoseconds
      '2023-01-01T00:00:00+0100', // offset without colon
      '2023-01-01T00:00:00+01', // hour-only offset
      '2023-02-24', // date only
      '2023-02-24 12:15:56.832957',
      ' 2023-01-01T00:00:00Z',
      '2023-01-01T00:00:00Z ',
      '+2023-01-01T00:00:00Z',
      '',
    ]) {
      assert.equal(timestampFromString(text), undefined, text);
    }
  });

  void it('matches Date.UTC across eras, including years before 1970', () => {
    for (const [y, mo, d] of [
      [1, 1, 1],
      [1969, 12, 31],
      [1970, 1, 1],
      [1999, 3, 1],
      [2100, 2, 28],
      [9999, 12, 31],
    ] as const) {
      const text = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:34:56Z`;
      const expected = new Date(0);
      expected.setUTCFullYear(y, mo - 1, d);
      expected.setUTCHours(12, 34, 56, 0);
      assert.equal(timestampFromString(text), expected.getTime(), text);
    }
  });
});

void describe('parseTimestamp precision', () => {
  void it('keeps nanoseconds so instants that differ below a millisecond are ordered', () => {
    const a = parseTimestamp('2023-01-01T00:00:00.000000001Z');
    const b = parseTimestamp('2023-01-01T00:00:00.000000002Z');
    assert.ok(a && b);
    assert.equal(a.nanos, 1);
    assert.equal(compareInstants(a, b), -1);
    assert.equal(compareInstants(b, a), 1);
    assert.equal(
      timestampFromString('2023-01-01T00:00:00.000000001Z'),
      timestampFromString('2023-01-01T00:00:00Z'),
    );
  });

  void it('treats the same instant in different offsets as equal', () => {
    const utc = parseTimestamp('2012-10-09T18:00:55Z');
    const plusOne = parseTimestamp('2012-10-09T19:00:55+01:00');
    assert.ok(utc && plusOne);
    assert.equal(compareInstants(utc, plusOne), 0);
  });
});

void describe('isTimestampString', () => {
  void it('accepts only strings that parse', () => {
    assert.equal(isTimestampString('2012-10-09T19:00:55Z'), true);
    assert.equal(isTimestampString('2012-10-09T19:00:55+01:00'), true);
    assert.equal(isTimestampString('2012-10-09T19:00:55'), false);
    assert.equal(isTimestampString(1349809255000), false);
    assert.equal(isTimestampString(null), false);
  });
});
