// Tests of `stepthrough graph`: SVG and HTML output to a file or stdout, format and theme options,
// the run overlay from --input/--input-json/--mocks, warnings and usage errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StepthroughError } from '../../core';
import { capturedContext as context } from '../capturedContext';
import { graphCommand, GRAPH_USAGE } from './graph';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'order');
const ORDER = join(EXAMPLE, 'order.asl.json');

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof StepthroughError);
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  });
}

function classesOf(document: string, id: string): string {
  const at = document.indexOf(`data-id="${id}"`);
  assert.ok(at >= 0, `no element ${id}`);
  return /class="([^"]*)"/.exec(document.slice(document.lastIndexOf('<g ', at), at))?.[1] ?? '';
}

test('writes a standalone SVG with the stylesheet embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-graph-'));
  const output = join(dir, 'order.svg');
  const ctx = context([ORDER], { output });
  assert.equal(await graphCommand(ctx), 0);
  const svg = readFileSync(output, 'utf8');
  assert.match(
    svg,
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="st-graph st-theme-light"/,
  );
  assert.match(svg, /<style><!\[CDATA\[/);
  assert.match(svg, /--vscode-editor-foreground, #1f2328/);
  for (const name of ['Validate', 'HasLines', 'ReserveLine', 'ChargeCard', 'NotifyCustomer', 'Ship'])
    assert.ok(svg.includes(name), name);
  assert.equal(classesOf(svg, 'Validate'), 'st-node st-state st-type-pass', 'no overlay without a run');
  assert.ok(
    !svg.includes('st-toolbar') && !svg.includes('st-standalone'),
    'only the picture rules are embedded',
  );
  assert.deepEqual(ctx.out, []);
  assert.deepEqual(ctx.err, [`graph: wrote ${output} (svg, 11 state(s))`]);
});

test('html is inferred from the output name or asked for; without -o the picture goes to stdout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-graph-'));
  const output = join(dir, 'order.html');
  assert.equal(await graphCommand(context([ORDER], { output, theme: 'dark' })), 0);
  const html = readFileSync(output, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<body class="st-standalone st-theme-dark">/);
  assert.match(html, /<svg [^>]*class="st-graph st-theme-dark"/);

  const ctx = context([ORDER], { format: 'html' });
  assert.equal(await graphCommand(ctx), 0);
  assert.equal(ctx.out.length, 1);
  assert.match(ctx.out[0] ?? '', /^<!DOCTYPE html>/);

  const svgOut = context([ORDER], { theme: 'high-contrast' });
  assert.equal(await graphCommand(svgOut), 0);
  assert.match(svgOut.out[0] ?? '', /class="st-graph st-theme-high-contrast"/);
});

test('--input and --mocks run the machine and colour its path', async () => {
  const ctx = context([ORDER], {
    input: join(EXAMPLE, 'order.input.json'),
    mocks: join(EXAMPLE, 'order.mocks.json'),
  });
  assert.equal(await graphCommand(ctx), 0);
  const svg = ctx.out[0] ?? '';
  assert.deepEqual(ctx.err, ['graph: run SUCCEEDED, 10 state(s) entered']);
  assert.equal(classesOf(svg, 'Validate'), 'st-node st-state st-type-pass st-visited');
  assert.equal(
    classesOf(svg, 'ReserveStock/ItemProcessor/ReserveLine'),
    'st-node st-state st-type-task st-visited st-retrying',
  );
  assert.equal(classesOf(svg, 'EmptyOrder'), 'st-node st-state st-type-fail');
  assert.equal(classesOf(svg, 'HasLines::choice:0'), 'st-edge st-edge-choice st-path');
  assert.equal(classesOf(svg, 'HasLines::default'), 'st-edge st-edge-default');
});

test('--input-json with an empty order takes the Default branch into the Fail state', async () => {
  const ctx = context([ORDER], { 'input-json': '{"orderId":"o","customer":{},"lines":[]}' });
  assert.equal(await graphCommand(ctx), 0);
  assert.deepEqual(ctx.err, ['graph: run FAILED (Order.Empty: The order has no lines.), 3 state(s) entered']);
  const svg = ctx.out[0] ?? '';
  assert.equal(classesOf(svg, 'EmptyOrder'), 'st-node st-state st-type-fail st-visited st-failed');
  assert.equal(classesOf(svg, 'HasLines::default'), 'st-edge st-edge-default st-path');
  assert.equal(classesOf(svg, 'EmptyOrder::end'), 'st-edge st-edge-end st-path');
});

test('transitions to missing states are drawn without their edge and reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-graph-'));
  const file = join(dir, 'typo.asl.yaml');
  writeFileSync(file, 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Bee\n  B:\n    Type: Succeed\n');
  const ctx = context([file]);
  assert.equal(await graphCommand(ctx), 0);
  assert.deepEqual(ctx.err, ["graph: warning: A: next → 'Bee' is not a state in its scope; not drawn."]);
  assert.match(ctx.out[0] ?? '', /st-dangling/);
});

test('usage errors and unreadable input are StepthroughErrors', async () => {
  await rejectsWith(graphCommand(context([])), 'E_USAGE', /missing the state machine file/);
  await rejectsWith(graphCommand(context([ORDER, ORDER])), 'E_USAGE', /one file at a time/);
  await rejectsWith(
    graphCommand(context([ORDER], { format: 'png' })),
    'E_USAGE',
    /--format must be svg or html, got 'png'/,
  );
  await rejectsWith(
    graphCommand(context([ORDER], { theme: 'solarized' })),
    'E_USAGE',
    /--theme must be one of light, dark, high-contrast/,
  );
  await rejectsWith(
    graphCommand(context(['/nonexistent/machine.asl.json'])),
    'E_FILE_NOT_FOUND',
    /does not exist/,
  );
  await rejectsWith(
    graphCommand(context([ORDER], { input: join(EXAMPLE, 'order.input.json'), 'input-json': '{}' })),
    'E_USAGE',
    /either --input or --input-json/,
  );
  const dir = mkdtempSync(join(tmpdir(), 'st-graph-'));
  const broken = join(dir, 'broken.asl.json');
  writeFileSync(broken, '{"StartAt": "A", "States": {');
  await rejectsWith(graphCommand(context([broken])), 'E_PARSE', /./);
  // Missing folders of the output are created; a file standing where a folder should be is a clean error.
  assert.equal(await graphCommand(context([ORDER], { output: join(dir, 'missing-dir', 'x.svg') })), 0);
  assert.match(readFileSync(join(dir, 'missing-dir', 'x.svg'), 'utf8'), /^<\?xml/);
  await rejectsWith(
    graphCommand(context([ORDER], { output: join(broken, 'x.svg') })),
    'E_FILE_WRITE',
    /cannot be written \(a file stands where a folder of its path should be\)/,
  );
  assert.match(GRAPH_USAGE, /-o, --output FILE/);
});
