// Sync-first continuation helpers: a state that neither sleeps, calls an async handler nor is observed
// runs without a single promise, and the same code still works when one of those steps is async.

/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Runs `next` once `pending` (an observer hook's result) has settled: at once when there is nothing to
 * wait for. Any thenable counts, as it would for `await`: observers are user code.
 */
export function after<R>(pending: void | PromiseLike<void>, next: () => MaybePromise<R>): MaybePromise<R> {
  return isThenable(pending) ? Promise.resolve(pending).then(next) : next();
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Feeds `value` to `next`, now or when it resolves. */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** `value`, once `pending` (an observer hook's result) has settled: at once when there is nothing to wait for. */
export function settle<T>(pending: void | PromiseLike<void>, value: T): MaybePromise<T> {
  return isThenable(pending) ? Promise.resolve(pending).then(() => value) : value;
}

/**
 * andThen() for a continuation that needs two values besides the result: `next` is a plain function, so
 * the sync path (the common one) allocates no closure.
 */
export function andThenWith<A, B, T, R>(
  value: MaybePromise<T>,
  next: (a: A, b: B, value: T) => MaybePromise<R>,
  a: A,
  b: B,
): MaybePromise<R> {
  return value instanceof Promise ? value.then((v: T) => next(a, b, v)) : next(a, b, value);
}
