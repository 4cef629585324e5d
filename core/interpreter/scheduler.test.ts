// The scheduler hands the run token to the waiting thread that wakes earliest in simulated time, ties
// broken by branch/item index (ARCHITECTURE.md invariant 6), whatever order threads queued in and however
// many wait; a thread told to stop is woken at once.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from './random';
import { Scheduler, ThreadControl } from './scheduler';

interface Sleeper {
  control: ThreadControl;
  wakeAt: number;
  label: string;
}

/** Each thread takes its turn, sleeps until its `wakeAt`, then records when it ran again. */
function sleepers(scheduler: Scheduler, threads: Sleeper[], ran: string[]): Promise<void>[] {
  return threads.map(async ({ control, wakeAt, label }) => {
    await scheduler.acquire(control);
    const slept = scheduler.sleep(control, wakeAt - scheduler.now);
    if (slept) await slept;
    ran.push(`${label}@${scheduler.now}`);
    scheduler.release();
  });
}

async function runOrder(scheduler: Scheduler, threads: Sleeper[]): Promise<string[]> {
  const ran: string[] = [];
  assert.equal(scheduler.acquireFirst(new ThreadControl([], undefined)), undefined, 'the token is free');
  const done = sleepers(scheduler, threads, ran);
  scheduler.release();
  await Promise.all(done);
  return ran;
}

describe('scheduler', () => {
  test('runs the earliest wake-up first, ties by index path, whatever the queueing order', async () => {
    const root = new ThreadControl([], undefined);
    const spec = [
      { order: [2], wakeAt: 10 },
      { order: [0], wakeAt: 10 },
      { order: [1, 5], wakeAt: 5 },
      { order: [1], wakeAt: 5 },
      { order: [3], wakeAt: 1 },
      { order: [1, 2], wakeAt: 5 },
    ];
    const threads = spec.map((s) => ({
      control: new ThreadControl(s.order, root),
      wakeAt: s.wakeAt,
      label: s.order.join('.'),
    }));
    const ran = await runOrder(new Scheduler(0), threads);
    assert.deepEqual(ran, ['3@1', '1@5', '1.2@5', '1.5@5', '0@10', '2@10']);
  });

  test('20,000 waiters queued in random order are run in exactly the sorted order', async () => {
    const random = seededRandom(7);
    const root = new ThreadControl([], undefined);
    // Index paths in random order, so that threads go to sleep in an order unrelated to their wake-ups.
    const paths = Array.from({ length: 20_000 }, (_, i) => i).sort(() => random.next() - 0.5);
    const threads = paths.map((path) => ({
      control: new ThreadControl([path], root),
      wakeAt: 1 + Math.floor(random.next() * 50),
      label: String(path),
    }));
    const ran = await runOrder(new Scheduler(0), threads);
    const expected = [...threads]
      .sort((a, b) => a.wakeAt - b.wakeAt || Number(a.label) - Number(b.label))
      .map((t) => `${t.label}@${t.wakeAt}`);
    assert.equal(ran.length, expected.length);
    assert.deepEqual(ran, expected);
  });

  test('wakeEarly brings every waiter under a control to now, and no other', async () => {
    const scheduler = new Scheduler(0);
    const root = new ThreadControl([], undefined);
    const group = new ThreadControl([0], root);
    const threads = [
      { control: new ThreadControl([0, 0], group), wakeAt: 100, label: 'in-group-0' },
      { control: new ThreadControl([0, 1], group), wakeAt: 50, label: 'in-group-1' },
      { control: new ThreadControl([1], root), wakeAt: 10, label: 'outside' },
    ];
    const holder = new ThreadControl([], undefined);
    assert.equal(scheduler.acquireFirst(holder), undefined);
    const ran: string[] = [];
    const done = sleepers(scheduler, threads, ran);
    // The holder sleeps until 3 while the others go to sleep, then stops the group.
    await scheduler.sleep(holder, 3);
    scheduler.wakeEarly(group);
    scheduler.release();
    await Promise.all(done);
    assert.deepEqual(ran, ['in-group-0@3', 'in-group-1@3', 'outside@10']);
  });
});
