// Tests of the SVG renderer: shapes and icons by state type, names in titles (escaped), overlay
// classes, dashed catch edges, CSP-safe markup (no inline style or script), the standalone documents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../core/json';
import { buildGraphModel } from '../../core/graph/model';
import { layoutGraph, type GraphLayout } from '../../core/graph/layout';
import { OVERLAY_MARKS } from '../../core/graph/overlay';
import { renderSvg, roundedPath } from '../../webview/render/svg';
import { renderHtmlPage } from '../../webview/render/html';
import { escapeXml } from '../../webview/render/shapes';

const ROOT = join(__dirname, '..', '..');
const CSS = readFileSync(join(ROOT, 'webview', 'graph.css'), 'utf8');
const ORDER = JSON.parse(
  readFileSync(join(ROOT, 'examples', 'order', 'order.asl.json'), 'utf8'),
) as JsonObject;

async function layoutOf(definition: unknown): Promise<GraphLayout> {
  return layoutGraph(buildGraphModel(definition as JsonObject));
}

/** The markup of the element whose data-id is `id`, up to the next element with a data-id. */
function groupOf(svg: string, id: string): string {
  const start = svg.indexOf(`data-id="${escapeXml(id)}"`);
  assert.ok(start >= 0, `no element for ${id}`);
  const next = svg.indexOf('data-id="', start + 9);
  return svg.slice(svg.lastIndexOf('<g ', start), next < 0 ? svg.length : next);
}

test('each state type gets its class, shape and icon; Map and Parallel are dashed containers', async () => {
  const svg = renderSvg(await layoutOf(ORDER));
  const opening = (id: string): string => {
    const at = svg.indexOf(`data-id="${id}"`);
    return svg.slice(svg.lastIndexOf('<g ', at), at);
  };
  assert.match(opening('Validate'), /st-node st-state st-type-pass/);
  assert.match(opening('HasLines'), /st-type-choice/);
  assert.match(opening('EmptyOrder'), /st-type-fail/);
  assert.match(opening('WaitForCourier'), /st-type-wait/);
  assert.match(opening('ReserveStock'), /st-node st-container st-type-map/);
  assert.match(opening('ChargeAndNotify'), /st-container st-type-parallel/);
  assert.match(opening('ChargeAndNotify/Branches/0'), /st-branch/);
  assert.match(groupOf(svg, 'HasLines'), /<polygon class="st-shape"/, 'Choice is pointed');
  assert.match(
    groupOf(svg, 'WaitForCourier'),
    /<circle class="st-icon" cx="7" cy="7" r="6"\/>/,
    'Wait has a clock',
  );
  assert.match(groupOf(svg, 'ReserveStock'), /class="st-container-frame"/);
  assert.match(CSS, /\.st-container-frame \{[^}]*stroke-dasharray/);
  assert.match(svg, /class="st-marker st-marker-start" data-id="::start"/);
  assert.match(svg, /class="st-marker st-marker-end" data-id="::end"/);
  assert.match(svg, /<text class="st-detail"[^>]*><tspan[^>]*>1 d<\/tspan>/, 'the Wait duration is shown');
});

test('edges are paths with arrowheads; catch edges are marked for dashing; labels sit on boxes', async () => {
  const svg = renderSvg(await layoutOf(ORDER));
  assert.match(
    svg,
    /<g class="st-edge st-edge-catch" data-id="ReserveStock::catch:0"><title>Catch: States.ALL<\/title><path class="st-edge-line" d="M[^"]+" marker-end="url\(#st-arrow-catch\)"\/>/,
  );
  assert.match(
    svg,
    /<g class="st-edge st-edge-next" data-id="Validate::next"><path class="st-edge-line" d="M[\d. ]+L[\d. ]+" marker-end="url\(#st-arrow\)"\/>/,
  );
  assert.match(svg, /<marker id="st-arrow-catch"/);
  assert.match(CSS, /\.st-edge-catch \.st-edge-line \{[^}]*stroke-dasharray/);
  assert.match(
    svg,
    /class="st-edge-label st-edge-choice" data-edge="HasLines::choice:0"><title>\$\.lineCount &gt; 0<\/title><rect class="st-edge-label-bg"/,
  );
  assert.match(svg, />\$\.lineCount &gt; 0<\/text>/);
});

test('names are escaped, kept whole in <title> when the label is cut, and data attributes carry them', async () => {
  const name = 'Say "hi" & <wave> to the customer who ordered something rather long';
  const svg = renderSvg(await layoutOf({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } }), {
    title: 'a & b',
  });
  assert.ok(!svg.includes('<wave>'));
  assert.ok(svg.includes(`<title>${escapeXml(name)} (Pass)</title>`));
  assert.ok(svg.includes(`data-name="${escapeXml(name)}"`));
  assert.match(svg, /<tspan[^>]*>[^<]*…<\/tspan>/, 'the visible label is shortened');
  assert.ok(svg.includes('aria-label="a &amp; b"'));
});

test('the markup is CSP-safe: no style attributes, no scripts, no event handlers, no inline <style> unless asked', async () => {
  const layout = await layoutOf(ORDER);
  const svg = renderSvg(layout, {
    interactive: true,
    overlay: { visited: ['Validate'], active: ['HasLines'] },
  });
  assert.doesNotMatch(svg, /\sstyle=/);
  assert.doesNotMatch(svg, /<style|<script|\son[a-z]+=/i);
  assert.match(
    svg,
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="st-graph st-theme-light st-interactive"/,
  );
  const standalone = renderSvg(layout, { embeddedCss: CSS, theme: 'dark' });
  assert.match(standalone, /<style><!\[CDATA\[\n\/\* Styles of the state machine graph/);
  assert.match(standalone, /class="st-graph st-theme-dark"/);
});

test('overlay sets become classes on nodes and edges', async () => {
  const layout = await layoutOf(ORDER);
  const svg = renderSvg(layout, {
    overlay: {
      visited: ['Validate', 'HasLines'],
      active: ['HasLines'],
      failed: ['EmptyOrder'],
      caught: ['ReserveStock'],
      retrying: ['ReserveLine'],
      uncovered: ['Ship'],
      breakpoints: ['WaitForCourier'],
      selected: 'OutOfStock',
      pathEdges: ['::start::start', 'Validate::next'],
      lastEdge: 'Validate::next',
    },
  });
  const classesOf = (id: string): string => {
    const at = svg.indexOf(`data-id="${id}"`);
    return /class="([^"]*)"/.exec(svg.slice(svg.lastIndexOf('<g ', at), at))?.[1] ?? '';
  };
  assert.equal(classesOf('Validate'), 'st-node st-state st-type-pass st-visited');
  assert.equal(classesOf('HasLines'), 'st-node st-state st-type-choice st-active st-visited');
  assert.equal(classesOf('EmptyOrder'), 'st-node st-state st-type-fail st-failed');
  assert.equal(classesOf('ReserveStock'), 'st-node st-container st-type-map st-caught');
  assert.equal(
    classesOf('ReserveStock/ItemProcessor/ReserveLine'),
    'st-node st-state st-type-task st-retrying',
  );
  assert.equal(classesOf('Ship'), 'st-node st-state st-type-pass st-uncovered');
  assert.equal(classesOf('WaitForCourier'), 'st-node st-state st-type-wait st-breakpoint');
  assert.equal(classesOf('OutOfStock'), 'st-node st-state st-type-pass st-selected');
  assert.equal(classesOf('::start::start'), 'st-edge st-edge-start st-path');
  assert.equal(classesOf('Validate::next'), 'st-edge st-edge-next st-path st-last');
  assert.equal(classesOf('HasLines::default'), 'st-edge st-edge-default');
  for (const { className } of OVERLAY_MARKS) {
    assert.match(CSS, new RegExp(`\\.${className}\\b`), `graph.css styles ${className}`);
  }
});

test('dangling transitions put a warning badge and the reason on the node', async () => {
  const svg = renderSvg(await layoutOf({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } }));
  assert.match(svg, /st-dangling" data-id="A"/);
  assert.match(svg, /next → &#39;Missing&#39; is not a state in this scope/);
  assert.match(svg, /class="st-dangling-badge"/);
});

test('theme variables: VS Code colours first, with light, dark and high-contrast fallbacks', () => {
  assert.match(CSS, /\.st-graph \{[^}]*--st-fg: var\(--vscode-editor-foreground, #1f2328\)/);
  assert.match(CSS, /\.st-graph\.st-theme-dark \{[^}]*--st-bg: var\(--vscode-editor-background, #1e1e1e\)/);
  assert.match(
    CSS,
    /\.st-graph\.st-theme-high-contrast \{[^}]*--st-node-border: var\(--vscode-contrastBorder, #6fc3df\)/,
  );
});

test('rounded paths cut corners with quadratic curves and keep straight lines straight', () => {
  assert.equal(
    roundedPath([
      { x: 0, y: 0 },
      { x: 0, y: 10 },
    ]),
    'M0 0 L0 10',
  );
  assert.equal(
    roundedPath([
      { x: 0, y: 0 },
      { x: 0, y: 20 },
      { x: 20, y: 20 },
    ]),
    'M0 0 L0 14 Q0 20 6 20 L20 20',
  );
  assert.equal(roundedPath([]), '');
});

test('the HTML page inlines the stylesheet and the SVG, with no script', async () => {
  const html = renderHtmlPage(await layoutOf(ORDER), {
    css: CSS,
    theme: 'high-contrast',
    title: 'order <1>',
  });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<title>order &lt;1&gt;<\/title>/);
  assert.match(html, /<body class="st-standalone st-theme-high-contrast">\n<svg /);
  assert.ok(html.includes(CSS.trim().slice(0, 200)));
  assert.doesNotMatch(html, /<script/i);
});
