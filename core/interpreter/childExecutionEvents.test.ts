// The public view of child executions while they run (ExecutionObserver.onChildExecutionEvent,
// StateFrame.execution, ChildExecutionInfo.parentExecutionArn / machineKey): what the test runner's
// coverage and the debugger's step-into-child are built on (invariant 7: public hooks only). A child's
// history is its own on AWS (its parent's history holds only the Task's or the Map Run's events:
// ../shared/histories/service_integration/callback__start_execution_sync2, and the Distributed Map
// recordings beside it), so `onEvent` keeps carrying the run's own history alone.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { execute } from './execute';
import type { HistoryEvent } from './events';
import type { ChildExecutionInfo, StateFrame } from './options';

const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow';
const GRANDCHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Grandchild';

const parent: JsonObject = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'StartChild' },
    StartChild: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: CHILD_ARN, 'Input.$': '$', Name: 'child-1' },
      End: true,
    },
  },
};

const childFlow: JsonObject = {
  StartAt: 'Inner',
  States: {
    Inner: { Type: 'Pass', Next: 'StartGrandchild' },
    StartGrandchild: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: GRANDCHILD_ARN, Name: 'grandchild-1' },
      End: true,
    },
  },
};

const grandchild: JsonObject = { StartAt: 'Deepest', States: { Deepest: { Type: 'Pass', End: true } } };

interface Seen {
  own: HistoryEvent[];
  children: { event: HistoryEvent; execution: ChildExecutionInfo }[];
  frames: StateFrame[];
}

function observing(): { seen: Seen; observer: NonNullable<Parameters<typeof execute>[1]>['observer'] } {
  const seen: Seen = { own: [], children: [], frames: [] };
  return {
    seen,
    observer: {
      onEvent: (event) => void seen.own.push(event),
      onChildExecutionEvent: (event, execution) => void seen.children.push({ event, execution }),
      beforeState: (frame) => void seen.frames.push(frame),
    },
  };
}

describe('child executions on the public observer', () => {
  test("a nested execution's events reach onChildExecutionEvent, each naming its child; onEvent has the run's own only", async () => {
    const { seen, observer } = observing();
    const result = await execute(parent, {
      executionName: 'parent-1',
      stateMachineName: 'OrderFlow',
      machines: { ChildFlow: childFlow, [GRANDCHILD_ARN]: grandchild },
      observer,
    });
    assert.equal(result.status, 'SUCCEEDED');
    // onEvent: exactly the run's own history.
    assert.deepEqual(
      seen.own.map((e) => e.id),
      result.events.map((e) => e.id),
    );
    assert.ok(seen.own.every((e) => e.state !== 'Inner' && e.state !== 'Deepest'));
    // Each child's events as its history holds them, in order, ids from 1.
    const childArn = 'arn:aws:states:us-east-1:123456789012:execution:ChildFlow:child-1';
    const grandArn = 'arn:aws:states:us-east-1:123456789012:execution:Grandchild:grandchild-1';
    for (const ran of result.childExecutions ?? []) {
      const own = seen.children.filter((c) => c.execution.executionArn === ran.executionArn);
      assert.deepEqual(
        own.map((c) => c.event),
        ran.events,
      );
      assert.equal(own[0]?.event.id, 1);
      assert.equal(own[0]?.event.type, 'ExecutionStarted');
    }
    assert.deepEqual(
      result.childExecutions?.map((c) => c.executionArn),
      [childArn, grandArn],
    );
    const child = seen.children.find((c) => c.execution.executionArn === childArn)?.execution;
    const grand = seen.children.find((c) => c.execution.executionArn === grandArn)?.execution;
    // Who started whom, and which mapped machine ran: by name here, by the whole ARN for the grandchild.
    assert.equal(
      child?.parentExecutionArn,
      'arn:aws:states:us-east-1:123456789012:execution:OrderFlow:parent-1',
    );
    assert.equal(child?.machineKey, 'ChildFlow');
    assert.equal(child?.startedBy, 'startExecution');
    assert.equal(grand?.parentExecutionArn, childArn);
    assert.equal(grand?.machineKey, GRANDCHILD_ARN);
    assert.equal(grand?.parentState, 'StartGrandchild');
  });

  test("each frame names the child execution its state runs in; the run's own states name none", async () => {
    const { seen, observer } = observing();
    await execute(parent, { machines: { ChildFlow: childFlow, Grandchild: grandchild }, observer });
    const where = Object.fromEntries(seen.frames.map((f) => [f.stateName, f.execution?.machineKey ?? '-']));
    assert.deepEqual(where, {
      Prepare: '-',
      StartChild: '-',
      Inner: 'ChildFlow',
      StartGrandchild: 'ChildFlow',
      Deepest: 'Grandchild',
    });
  });

  test("a Distributed Map's children: their events and frames name the Map Run's child", async () => {
    const { seen, observer } = observing();
    const result = await execute(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Work',
              States: { Work: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      },
      { input: [1, 2], observer },
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(
      [
        ...new Set(
          seen.children.map((c) => `${c.execution.startedBy}:${c.execution.mapState}:${c.execution.index}`),
        ),
      ],
      ['map:Each:0', 'map:Each:1'],
    );
    assert.ok(
      seen.children.every(
        (c) => c.execution.parentExecutionArn === result.childExecutions?.[0]?.parentExecutionArn,
      ),
    );
    assert.ok(seen.own.every((e) => e.state !== 'Work'));
    const work = seen.frames.filter((f) => f.stateName === 'Work');
    assert.deepEqual(
      work.map((f) => [f.execution?.startedBy, f.execution?.index]),
      [
        ['map', 0],
        ['map', 1],
      ],
    );
    assert.equal(seen.frames.find((f) => f.stateName === 'Each')?.execution, undefined);
  });
});
