// Tests of the webview pieces that need no browser: message guards, the HTML shell and its content
// security policy, zoom/pan/fit arithmetic, and that the webview script never touches inline styles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExtensionToWebviewMessage, isWebviewToExtensionMessage, overlayOf } from '../../webview/protocol';
import { contentSecurityPolicy, graphWebviewHtml } from '../../webview/page';
import {
  fitView,
  isDrag,
  MAX_SCALE,
  MIN_SCALE,
  panBy,
  revealBox,
  viewBoxOf,
  zoomAt,
} from '../../webview/viewport';

const LAYOUT = { width: 100, height: 50, nodes: [], edges: [], dangling: [] };

test('messages to the webview are recognised by type and shape', () => {
  assert.ok(isExtensionToWebviewMessage({ type: 'render', layout: LAYOUT }));
  assert.ok(
    isExtensionToWebviewMessage({
      type: 'render',
      layout: LAYOUT,
      overlay: { visited: ['A'] },
      theme: 'dark',
      fit: true,
    }),
  );
  assert.ok(isExtensionToWebviewMessage({ type: 'renderError', message: 'Unexpected token' }));
  assert.ok(
    isExtensionToWebviewMessage({
      type: 'highlight',
      active: ['A'],
      visited: ['A', 'B'],
      pathEdges: ['A::next'],
    }),
  );
  assert.ok(isExtensionToWebviewMessage({ type: 'select', stateName: 'A' }));
  assert.ok(isExtensionToWebviewMessage({ type: 'select', stateName: undefined }));
  assert.ok(isExtensionToWebviewMessage({ type: 'fit' }));
  assert.ok(!isExtensionToWebviewMessage({ type: 'render', layout: { nodes: [] } }));
  assert.ok(!isExtensionToWebviewMessage({ type: 'render', layout: LAYOUT, overlay: { visited: 'A' } }));
  assert.ok(!isExtensionToWebviewMessage({ type: 'highlight', active: [1] }));
  assert.ok(!isExtensionToWebviewMessage({ type: 'select', stateName: 3 }));
  assert.ok(!isExtensionToWebviewMessage({ type: 'revealState', name: 'A', id: 'A' }));
  assert.ok(!isExtensionToWebviewMessage(null));
  assert.ok(!isExtensionToWebviewMessage('render'));
});

test('messages from the webview are recognised by type and shape', () => {
  assert.ok(isWebviewToExtensionMessage({ type: 'ready' }));
  assert.ok(
    isWebviewToExtensionMessage({
      type: 'revealState',
      name: 'A',
      id: 'P/Branches/0/A',
      path: ['States', 'A'],
    }),
  );
  assert.ok(isWebviewToExtensionMessage({ type: 'toggleBreakpoint', name: 'A', id: 'A' }));
  assert.ok(isWebviewToExtensionMessage({ type: 'error', message: 'x' }));
  assert.ok(!isWebviewToExtensionMessage({ type: 'revealState', name: 'A' }));
  assert.ok(!isWebviewToExtensionMessage({ type: 'render', layout: LAYOUT }));
  assert.ok(!isWebviewToExtensionMessage([]));
});

test('a highlight message carries exactly an overlay', () => {
  assert.deepEqual(overlayOf({ type: 'highlight', reveal: true, active: ['A'], lastEdge: 'A::next' }), {
    active: ['A'],
    lastEdge: 'A::next',
  });
});

test('the webview shell loads only its own script and stylesheet under a strict policy', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';
  const html = graphWebviewHtml({
    cspSource: source,
    scriptUri: `${source}/webview/main.js`,
    styleUri: `${source}/webview/graph.css`,
  });
  assert.equal(
    contentSecurityPolicy(source),
    `default-src 'none'; script-src ${source}; style-src ${source}; img-src ${source} data:; font-src ${source}`,
  );
  assert.ok(
    html.includes(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src ${source};`,
    ),
  );
  assert.ok(html.includes(`<script src="${source}/webview/main.js"></script>`));
  assert.ok(html.includes(`<link rel="stylesheet" href="${source}/webview/graph.css">`));
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=|<script>/i);
  assert.doesNotMatch(contentSecurityPolicy(source), /unsafe-inline|unsafe-eval/);
  for (const id of [
    'st-toolbar',
    'st-fit',
    'st-zoom-in',
    'st-zoom-out',
    'st-banner',
    'st-viewport',
    'st-empty',
  ]) {
    assert.ok(html.includes(`id="${id}"`), id);
  }
});

test('the webview script sets no inline styles and no HTML from strings outside the renderer', () => {
  const script = readFileSync(join(__dirname, '..', '..', 'webview', 'main.ts'), 'utf8');
  assert.doesNotMatch(script, /\.style\b|innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function/);
  assert.match(script, /postMessage\(\{ type: 'ready' \}\)/);
  assert.match(script, /type: 'revealState'/);
  assert.match(script, /type: 'toggleBreakpoint'/);
});

test('fit centres the picture and never enlarges beyond 1:1', () => {
  const small = fitView({ width: 100, height: 50 }, { width: 400, height: 300 });
  assert.equal(small.scale, 1);
  assert.equal(viewBoxOf(small, { width: 400, height: 300 }), '-150 -125 400 300');
  const big = fitView({ width: 2000, height: 1000 }, { width: 432, height: 332 }, 16);
  assert.equal(big.scale, 0.2);
  assert.equal(big.x + 432 / (2 * big.scale), 1000, 'centred horizontally');
  const huge = fitView({ width: 1e6, height: 1e6 }, { width: 100, height: 100 });
  assert.equal(huge.scale, MIN_SCALE);
});

test('zoom keeps the point under the cursor fixed and clamps the scale; pan moves by screen pixels', () => {
  const view = { x: 10, y: 20, scale: 1 };
  const zoomed = zoomAt(view, 2, 100, 50);
  assert.equal(zoomed.scale, 2);
  assert.equal(zoomed.x + 100 / zoomed.scale, view.x + 100 / view.scale);
  assert.equal(zoomed.y + 50 / zoomed.scale, view.y + 50 / view.scale);
  assert.equal(zoomAt(view, 1000, 0, 0).scale, MAX_SCALE);
  assert.equal(zoomAt(view, 0.0001, 0, 0).scale, MIN_SCALE);
  assert.deepEqual(panBy({ x: 0, y: 0, scale: 2 }, 20, -10), { x: -10, y: 5, scale: 2 });
  assert.ok(!isDrag(2, 2));
  assert.ok(isDrag(5, 0));
});

test('reveal moves the view only when the box is outside it', () => {
  const view = { x: 0, y: 0, scale: 1 };
  const viewport = { width: 200, height: 100 };
  assert.equal(revealBox(view, viewport, { x: 10, y: 10, width: 20, height: 20 }), view);
  assert.deepEqual(revealBox(view, viewport, { x: 500, y: 300, width: 20, height: 20 }), {
    x: 410,
    y: 260,
    scale: 1,
  });
});
