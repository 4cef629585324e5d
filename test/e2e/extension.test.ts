// End-to-end tests of the packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
// driven in Debian's Chromium: diagnostics, completion, the graph, Test Explorer and the debugger, on
// the example workspace in test/e2e/workspace. Skips with the reason when Chromium or code-server is
// missing (fails instead with STEPTHROUGH_E2E_REQUIRED=1).

import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareEnvironment, REPO_ROOT, RESULTS_DIR, type Preparation } from './environment';
import {
  activeEditor,
  goToPosition,
  graphFrame,
  openFile,
  openWorkbench,
  positionIn,
  runCommand,
  viewPane,
  waitForCommand,
  type Workbench,
} from './workbench';

let preparation: Preparation | undefined;
/** Scenarios opened so far: each gets a folder of its own. */
let scenarios = 0;

/** The README's debugger picture: refreshed when STEPTHROUGH_E2E_UPDATE_DOCS=1, or when it is missing. */
function publishDebuggerScreenshot(): void {
  const target = join(REPO_ROOT, 'docs', 'images', 'debugger.png');
  if (process.env['STEPTHROUGH_E2E_UPDATE_DOCS'] !== '1' && existsSync(target)) return;
  mkdirSync(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
  copyFileSync(join(RESULTS_DIR, 'debugger.png'), target);
}

before(async () => {
  preparation = await prepareEnvironment();
});

after(async () => {
  if (preparation?.ready) await preparation.env.dispose();
});

/** Opens a fresh workbench for one scenario (or skips it with the reason), and closes it afterwards. */
async function scenario(
  t: TestContext,
  body: (workbench: Workbench, workspace: string) => Promise<void>,
): Promise<void> {
  if (!preparation?.ready) {
    t.skip(preparation?.reason ?? 'the end-to-end environment was not prepared');
    return;
  }
  const { server, workspace: base } = preparation.env;
  // Each scenario opens its own copy of the fixture as committed, in a folder no earlier scenario opened:
  // nothing an earlier window left (an edit saved by a command that saves before it runs, an editor
  // restored with the text it last had, the workspace's stored state) can change what this one sees.
  const workspace = `${base}-${++scenarios}`;
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const workbench = await openWorkbench(server.url, workspace);
  try {
    await body(workbench, workspace);
  } catch (err) {
    const name = t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await workbench.page
      .screenshot({ path: join(RESULTS_DIR, `failure-${name}.png`) })
      .catch(() => undefined);
    throw err;
  } finally {
    await workbench.close();
  }
}

describe('the extension in VS Code 1.100 (code-server)', { timeout: 5 * 60_000 }, () => {
  test('the graph panel renders the state machine', async (t) => {
    await scenario(t, async ({ page }) => {
      await openFile(page, 'order.asl.json');
      await runCommand(page, 'Stepthrough: Open Graph');
      const graph = graphFrame(page);
      for (const state of ['CheckOrder', 'HasTotal', 'ChargeCard', 'Ship', 'Rejected']) {
        await graph.locator(`.st-node[data-name="${state}"]`).waitFor();
      }
      assert.equal(await graph.locator('.st-node[data-name]').count(), 5);
      assert.ok((await graph.locator('.st-edge').count()) >= 5, 'the transitions are drawn');

      // Run State Machine (order.input.json and order.mocks.json are picked up): the graph shows the path.
      await runCommand(page, 'Stepthrough: Run State Machine');
      await graph.locator('.st-node[data-name="Ship"].st-visited').waitFor();
      await graph.locator('.st-node[data-name="ChargeCard"].st-visited').waitFor();
      assert.equal(await graph.locator('.st-node[data-name="Rejected"].st-visited').count(), 0);
      await page.screenshot({ path: join(RESULTS_DIR, 'graph.png') });
    });
  });

  test('diagnostics appear for a broken definition and clear when it is fixed', async (t) => {
    await scenario(t, async ({ page }, workspace) => {
      const text = readFileSync(join(workspace, 'broken.asl.json'), 'utf8');
      const editor = await openFile(page, 'broken.asl.json');
      await editor.locator('.squiggly-error').first().waitFor();
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problems = page.locator('.markers-panel');
      await problems.getByText('did you mean "Finish"', { exact: false }).first().waitFor();

      // Replace "Finsh" with "Finish" in the editor (unsaved: the server checks the buffer).
      const typo = { ...positionIn(text, '"Finsh"', 1) };
      await goToPosition(page, typo.line, typo.column);
      for (let i = 0; i < 'Finsh'.length; i++) await page.keyboard.press('Delete');
      await page.keyboard.type('Finish');
      await editor.locator('.squiggly-error').first().waitFor({ state: 'detached' });
      await problems.getByText('No problems have been detected', { exact: false }).waitFor();
      assert.equal(await activeEditor(page).locator('.squiggly-error').count(), 0);
      await runCommand(page, 'File: Revert File');
      await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    });
  });
  test('completion offers a state name', async (t) => {
    await scenario(t, async ({ page }, workspace) => {
      const text = readFileSync(join(workspace, 'order.asl.json'), 'utf8');
      const editor = await openFile(page, 'order.asl.json');
      // Empty the Next of ChargeCard ("Ship") and ask for suggestions between the quotes.
      const at = positionIn(text, '"Next": "Ship"', '"Next": "'.length);
      await goToPosition(page, at.line, at.column);
      for (let i = 0; i < 'Ship'.length; i++) await page.keyboard.press('Delete');
      await page.keyboard.press('Control+Space');
      const suggestions = editor.locator('.suggest-widget .monaco-list-row');
      await suggestions.filter({ hasText: 'Ship' }).first().waitFor();
      await suggestions.filter({ hasText: 'Rejected' }).first().waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'completion.png') });
      await page.keyboard.press('Escape');
      await runCommand(page, 'File: Revert File');
      await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    });
  });

  test("Test Explorer runs a passing case, a case on the team's own code, and shows the diff of a failing one", async (t) => {
    await scenario(t, async ({ page }) => {
      const tree = page.locator('.test-explorer');
      const caseRow = (name: string) => tree.locator('.monaco-list-row', { hasText: name }).first();
      /** Opens a test file in the editor and its cases in the Test Explorer. */
      const showTests = async (file: string): Promise<void> => {
        await openFile(page, file);
        await runCommand(page, 'Testing: Focus on Test Explorer View');
        const fileRow = caseRow(file);
        await fileRow.waitFor();
        if ((await fileRow.getAttribute('aria-expanded')) !== 'true') {
          await fileRow.locator('.monaco-tl-twistie').click();
        }
      };

      await showTests('order.sfn-test.yaml');
      const passing = caseRow('ships a paid order');
      await passing.hover();
      await passing.getByRole('button', { name: 'Run Test', exact: true }).click();
      await passing.locator('.codicon-testing-passed-icon').waitFor();

      // The Debug profile runs the case in the debugger: it stops where the expected error is raised
      // (uncaught errors break by default); Continue ends the session and the case is reported.
      const debugged = caseRow('rejects an empty order');
      await debugged.hover();
      await debugged.getByRole('button', { name: 'Debug Test', exact: true }).click();
      await viewPane(page, 'Call Stack')
        .locator('.monaco-list-row', { hasText: 'Rejected (Fail)' })
        .first()
        .waitFor();
      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor({ state: 'hidden' });
      await runCommand(page, 'Testing: Focus on Test Explorer View');
      await debugged.locator('.codicon-testing-passed-icon').waitFor();

      // A failure opens a peek at the case's line (its file is visible) with the expected/actual diff.
      await showTests('wrong-charge.fixture-sfn-test.yaml');
      const failing = caseRow('reports the wrong charge id');
      await failing.hover();
      await failing.getByRole('button', { name: 'Run Test', exact: true }).click();
      await failing.locator('.codicon-testing-failed-icon').waitFor();
      const peek = page.locator('.test-output-peek');
      await peek.getByText('output differs at $.chargeId', { exact: false }).first().waitFor();
      const diff = peek.locator('.monaco-diff-editor');
      await diff.getByText('ch_999').first().waitFor();
      await diff.getByText('ch_1"').first().waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'test-explorer.png') });

      // A template's machine with `handlers: auto`: the extension host runs ChargeFn's own code
      // (charge-fn/index.js, from the template's CodeUri and Handler) in a handler process.
      await showTests('template.sfn-test.yaml');
      const ownCode = caseRow("charges through the template's own function");
      await ownCode.hover();
      await ownCode.getByRole('button', { name: 'Run Test', exact: true }).click();
      await ownCode.locator('.codicon-testing-passed-icon').waitFor();

      // The Coverage profile reports each state machine's states, a template's machine on the template.
      await runCommand(page, 'Test: Run All Tests with Coverage');
      const coverage = viewPane(page, 'Test Coverage');
      await coverage.locator('.monaco-list-row', { hasText: 'order.asl.json' }).first().waitFor();
      await coverage.locator('.monaco-list-row', { hasText: 'template.yaml' }).first().waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'coverage.png') });
    });
  });

  test('the debugger stops at a breakpoint on a state, shows its input, steps, and the graph follows', async (t) => {
    await scenario(t, async ({ page }, workspace) => {
      const text = readFileSync(join(workspace, 'order.asl.json'), 'utf8');
      const editor = await openFile(page, 'order.asl.json');
      await runCommand(page, 'Stepthrough: Open Graph');
      const graph = graphFrame(page);
      await graph.locator('.st-node[data-name="ChargeCard"]').waitFor();

      await waitForCommand(page, 'Debug: Toggle Breakpoint');
      const state = positionIn(text, '"ChargeCard": {', 1);
      await goToPosition(page, state.line, state.column);
      await page.keyboard.press('F9');
      await editor.locator('.codicon-debug-breakpoint').first().waitFor();
      await graph.locator('.st-node[data-name="ChargeCard"].st-breakpoint').waitFor();

      // F5 with no launch.json: the extension's configuration provider debugs the open file.
      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor();
      const callStack = viewPane(page, 'Call Stack');
      await callStack.locator('.monaco-list-row', { hasText: 'ChargeCard (Task)' }).first().waitFor();
      const variables = viewPane(page, 'Variables');
      const input = variables.locator('.monaco-list-row', { hasText: 'input' }).first();
      await input.waitFor();
      await input.getByText('A-1', { exact: false }).waitFor();
      await input.click();
      await variables.locator('.monaco-list-row', { hasText: 'orderId' }).first().waitFor();
      await graph.locator('.st-node[data-name="ChargeCard"].st-active').waitFor();
      // The picture for the README: without the Debug Console, the editor and the graph get the height.
      await runCommand(page, 'View: Hide Panel');
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
      await page.screenshot({ path: join(RESULTS_DIR, 'debugger.png') });
      publishDebuggerScreenshot();

      await page.keyboard.press('F10');
      await callStack.locator('.monaco-list-row', { hasText: 'Ship (Pass)' }).first().waitFor();
      await graph.locator('.st-node[data-name="Ship"].st-active').waitFor();
      assert.equal(await graph.locator('.st-node.st-active').count(), 1, 'only the current state is active');
      assert.equal(await graph.locator('.st-node[data-name="ChargeCard"].st-visited').count(), 1);

      await page.keyboard.press('Shift+F5');
      await page.locator('.debug-toolbar').waitFor({ state: 'hidden' });
      // Breakpoints live in the server's workspace storage: leave none behind for other scenarios.
      await goToPosition(page, state.line, state.column);
      await page.keyboard.press('F9');
      await editor.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'detached' });
    });
  });

  test('a Task waiting for its task token shows in the Call Stack, and Send Task Success / Failure answers it', async (t) => {
    await scenario(t, async ({ page }) => {
      await openFile(page, 'approval.asl.json');
      // F5 debugs the open file (approval.input.json beside it): the run goes on to the callback Task.
      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor();
      const callStack = viewPane(page, 'Call Stack');
      const waiting = callStack.locator('.monaco-list-row', {
        hasText: 'WaitForApproval (Task) · waiting for task token',
      });
      await waiting.first().waitFor();
      // The token is in the frame's Task token scope.
      await viewPane(page, 'Variables')
        .locator('.monaco-list-row', { hasText: 'taskToken' })
        .first()
        .waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'waiting-for-task-token.png') });

      // One task waits: the command asks which answer, then the output JSON (checked as it is typed).
      await runCommand(page, 'Stepthrough: Send Task Success / Failure', true);
      const input = page.locator('.quick-input-widget input');
      await input.fill('Send Task Success');
      await page
        .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Send Task Success' })
        .first()
        .waitFor();
      await input.press('Enter');
      await page.locator('.quick-input-widget', { hasText: "The task's output (JSON)" }).waitFor();
      await input.fill('{"approved": ');
      await page
        .locator('.quick-input-widget .quick-input-message', { hasText: 'The output is not JSON' })
        .waitFor();
      await input.fill('{"approved": true}');
      await page
        .locator('.quick-input-widget .quick-input-message', { hasText: 'The output is not JSON' })
        .waitFor({ state: 'detached' });
      await input.press('Enter');
      // The answer reaches the run: the Task succeeds, the execution ends and the session with it.
      await page.locator('.debug-toolbar').waitFor({ state: 'hidden' });
      await waiting.first().waitFor({ state: 'detached' });
    });
  });

  test('a SAM template gets Run | Debug | Graph above its state machine, and Debug stops at a breakpoint in the inline definition', async (t) => {
    await scenario(t, async ({ page }, workspace) => {
      const text = readFileSync(join(workspace, 'template.yaml'), 'utf8');
      const editor = await openFile(page, 'template.yaml');
      // The lens row the language server placed above the OrderFlow resource (and nowhere else).
      const debugLens = editor.locator('.codelens-decoration a', { hasText: 'Debug' });
      // One state machine, one row of lenses: a first lens appears and no second one (a lens refresh may
      // redraw the row, so the count is not read at one instant).
      await debugLens.first().waitFor();
      await debugLens.nth(1).waitFor({ state: 'detached' });
      await editor.locator('.codelens-decoration a', { hasText: 'Graph' }).first().waitFor();

      await waitForCommand(page, 'Debug: Toggle Breakpoint');
      const resource = positionIn(text, '          Charge:', 10);
      await goToPosition(page, resource.line, resource.column);
      await page.keyboard.press('F9');
      await editor.locator('.codicon-debug-breakpoint').first().waitFor();

      // Debug from the lens: the template's machine runs (OrderFlow.input.json and OrderFlow.mocks.json
      // beside the template) and stops on the state written on that line.
      await debugLens.first().click();
      await page.locator('.debug-toolbar').waitFor();
      const callStack = viewPane(page, 'Call Stack');
      await callStack.locator('.monaco-list-row', { hasText: 'Charge (Task)' }).first().waitFor();
      const variables = viewPane(page, 'Variables');
      await variables
        .locator('.monaco-list-row', { hasText: 'input' })
        .first()
        .getByText('T-7', { exact: false })
        .waitFor();
      // The stop is shown in the template, on the state's name line.
      await editor.locator('.debug-top-stack-frame-line').first().waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'template-debugger.png') });

      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor({ state: 'hidden' });
      await goToPosition(page, resource.line, resource.column);
      await page.keyboard.press('F9');
      await editor.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'detached' });
    });
  });
});
