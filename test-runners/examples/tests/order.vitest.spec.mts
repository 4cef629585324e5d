// The order workflow tested with Vitest and stepthrough's matchers (ESM, TypeScript), and the cases of
// its *.sfn-test.yaml file registered as Vitest tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { execute } from 'stepthrough';
import { defineSfnTests } from 'stepthrough/vitest';

const order = (file: string): string =>
  readFileSync(new URL(`../examples/order/${file}`, import.meta.url), 'utf8');
const machine = order('order.asl.json');
const input = JSON.parse(order('order.input.json'));
const mocks = JSON.parse(order('order.mocks.json'));

describe('order workflow', () => {
  test('ships an order after a throttled reservation', async () => {
    const run = await execute(machine, { input, mocks });
    expect(run).toSucceed();
    expect(run).toSucceedWith({ status: 'SHIPPED', chargeId: expect.stringMatching(/^ch-/) });
    expect(run).toHavePath([
      'Validate',
      'HasLines',
      'ReserveStock',
      'ChargeAndNotify',
      'WaitForCourier',
      'Ship',
    ]);
    expect(run).toHaveVisited('NotifyCustomer');
    expect(run).not.toHaveVisited('OutOfStock');
    expect(run).toHaveInvoked('ReserveLine', { times: 3 });
    expect(run).toHaveInvoked('ReserveLine', { withInput: { Payload: { sku: 'pen-3' } }, times: 1 });
    expect(run).toMatchSnapshot();
  });

  test('an order without lines fails', async () => {
    const run = await execute(machine, { input: { ...input, lines: [] }, mocks });
    expect(run).toFailWith('Order.Empty', 'The order has no lines.');
    expect(run).toFailWith(expect.stringMatching(/^Order\./), /no lines/);
    expect(run).not.toSucceed();
  });

  test('workflow variables', async () => {
    const run = await execute(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Count',
        States: {
          Count: {
            Type: 'Pass',
            Assign: { count: '{% $count($states.input.lines) %}', customer: 'c-7' },
            End: true,
          },
        },
      },
      { input: { lines: [1, 2, 3] } },
    );
    expect(run).toHaveVariables({ count: 3 });
    expect(run).toHaveVariables({ customer: expect.any(String), count: expect.any(Number) });
  });
});

defineSfnTests('examples/order/*.sfn-test.yaml', { cwd: fileURLToPath(new URL('..', import.meta.url)) });
