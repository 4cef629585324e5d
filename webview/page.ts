// The graph webview's HTML shell, for the extension to set as `webview.html`: the stylesheet and the
// script loaded from the extension's files, and a content security policy that allows nothing else
// (no inline script or style, no network).

import { escapeXml } from './render/shapes';

export interface WebviewPageOptions {
  /** `webview.cspSource`: the origin the webview loads the extension's files from. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of the bundled webview/main.ts. */
  scriptUri: string;
  /** `webview.asWebviewUri(...)` of webview/graph.css. */
  styleUri: string;
  title?: string;
}

/** The policy: only the extension's own scripts, styles, images and fonts. */
export function contentSecurityPolicy(cspSource: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspSource}`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function graphWebviewHtml(options: WebviewPageOptions): string {
  const attr = escapeXml;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(options.cspSource))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<link rel="stylesheet" href="${attr(options.styleUri)}">`,
    `<title>${attr(options.title ?? 'State machine graph')}</title>`,
    '</head>',
    '<body>',
    '<div id="st-toolbar" role="toolbar" aria-label="Graph view">',
    '<button id="st-zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">−</button>',
    '<button id="st-zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>',
    '<button id="st-fit" type="button" title="Fit to window (0)" aria-label="Fit to window">Fit</button>',
    '</div>',
    '<div id="st-banner" role="alert" hidden></div>',
    '<div id="st-viewport"></div>',
    '<div id="st-empty">Waiting for a state machine…</div>',
    `<script src="${attr(options.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
