// Time modes: parsing `--time` and WAIT_TIME_SCALE, and the Pacer's tie between an execution's virtual
// time and the wall clock (a manual clock: nothing waits for real).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pacer, parseTimeMode, scaleMode, systemClock, type WallClock } from './pacing';

class Clock implements WallClock {
  constructor(public time: number) {}
  sleeps: number[] = [];
  now(): number {
    return this.time;
  }
  sleepUntil(at: number): Promise<void> {
    this.sleeps.push(at);
    return Promise.resolve();
  }
}

void describe('time modes', () => {
  void it('reads virtual, real and scale=N; WAIT_TIME_SCALE is a scale, 0 meaning virtual', () => {
    assert.deepEqual(parseTimeMode('virtual'), { kind: 'virtual' });
    assert.deepEqual(parseTimeMode('real'), { kind: 'paced', scale: 1 });
    assert.deepEqual(parseTimeMode('scale=0.25'), { kind: 'paced', scale: 0.25 });
    assert.deepEqual(parseTimeMode('scale=3'), { kind: 'paced', scale: 3 });
    assert.deepEqual(parseTimeMode('scale=0'), { kind: 'virtual' });
    for (const bad of ['fast', 'scale=', 'scale=-1', 'scale=1e3', 'scale=abc', 'scale=Infinity']) {
      assert.equal(parseTimeMode(bad), undefined, bad);
    }
    assert.deepEqual(scaleMode('0.5'), { kind: 'paced', scale: 0.5 });
    assert.deepEqual(scaleMode('0'), { kind: 'virtual' });
    assert.equal(scaleMode('-2'), undefined);
  });

  void it('holds virtual time v until anchor + (v - start) x scale on the wall clock', () => {
    const clock = new Clock(1_000);
    const pacer = new Pacer(clock, 0.5, 50_000);
    assert.equal(pacer.catchUp(50_000), undefined, 'the start is due at once');
    assert.equal(pacer.dueAt(60_000), 6_000);
    void pacer.catchUp(60_000);
    assert.deepEqual(clock.sleeps, [6_000]);
    clock.time = 6_000;
    assert.equal(pacer.catchUp(60_000), undefined, 'due exactly at its time');
    assert.equal(pacer.virtualNow(), 60_000);
    clock.time = 5_999;
    assert.ok(pacer.virtualNow() < 60_000);
  });

  void it('re-anchors after an outside wait, so later waits last their whole length', () => {
    const clock = new Clock(0);
    const pacer = new Pacer(clock, 1, 0);
    clock.time = 7_000; // a Lambda call took 7 s of wall time; the engine's clock stood still at 0
    pacer.reanchor(0);
    assert.equal(pacer.dueAt(10_000), 17_000, 'a 10 s Wait after the call ends 10 s after it');
    clock.time = 8_000;
    pacer.reanchor(10_000); // not behind: nothing changes
    assert.equal(pacer.dueAt(10_000), 17_000);
  });

  void it('stop() ends every wait and refuses new ones', async () => {
    const pacer = new Pacer(systemClock, 1, Date.now());
    const waiting = pacer.catchUp(Date.now() + 3_600_000);
    assert.ok(waiting instanceof Promise);
    pacer.stop();
    await waiting;
    assert.equal(pacer.catchUp(Date.now() + 3_600_000), undefined);
  });

  void it("the system clock's sleep resolves at once for a past time or an aborted signal", async () => {
    const aborted = new AbortController();
    aborted.abort();
    await systemClock.sleepUntil(Date.now() + 3_600_000, aborted.signal);
    await systemClock.sleepUntil(Date.now() - 1, new AbortController().signal);
  });
});
