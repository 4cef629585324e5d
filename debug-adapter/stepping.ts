// Where a step stops. Pause points come in three kinds: a state about to start, a data stage of a
// state, and an error a state raised. Step over stops at the next state of the same thread (or, once
// the thread ends, at the enclosing Map/Parallel); step in stops at the very next pause point (a data
// stage of this state, or the first state of a branch/iteration); step out stops once control is back
// in the enclosing Map/Parallel. Step back finds the pause point step over would have come from.

export type PointKind = 'state' | 'stage' | 'error';

export interface PointInfo {
  /** Position in the run's sequence of pause points (1-based, identical across re-runs). */
  seq: number;
  kind: PointKind;
  threadId: number;
  /** `seq` of the state start this point belongs to. */
  stateSeq: number;
}

export type StepKind = 'next' | 'stepIn' | 'stepOut';

export interface StepPlan {
  kind: StepKind;
  origin: PointInfo;
  /** Threads enclosing the origin's thread (not the thread itself). */
  ancestors: ReadonlySet<number>;
}

/** Whether the step in progress stops at this pause point. */
export function stepStopsAt(plan: StepPlan, point: PointInfo): boolean {
  if (point.kind === 'error') return false;
  const { origin } = plan;
  const sameThread = point.threadId === origin.threadId;
  const outward = plan.ancestors.has(point.threadId);
  const insideState = origin.kind !== 'state';
  switch (plan.kind) {
    case 'stepIn':
      return true;
    case 'next':
      if (outward) return true;
      if (!sameThread) return false;
      return point.kind === 'state' || (insideState && point.stateSeq === origin.stateSeq);
    case 'stepOut':
      if (outward) return true;
      // From inside a state (a data stage, an error), stepping out leaves the state.
      return insideState && sameThread && point.kind === 'state';
  }
}

/** The pause point a step back goes to, or undefined at the start of the run. */
export function stepBackTarget(
  trail: readonly PointInfo[],
  origin: PointInfo,
  ancestors: ReadonlySet<number>,
): number | undefined {
  let i = trail.length - 1;
  while (i >= 0 && (trail[i]?.seq ?? 0) >= origin.seq) i--;
  for (; i >= 0; i--) {
    const point = trail[i];
    if (!point || point.kind === 'error') continue;
    if (origin.kind !== 'state' && point.stateSeq === origin.stateSeq) return point.seq;
    if (point.kind === 'state' && (point.threadId === origin.threadId || ancestors.has(point.threadId))) {
      return point.seq;
    }
  }
  return undefined;
}
