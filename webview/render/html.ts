// A standalone HTML page holding the graph: the SVG inline and the stylesheet inlined, no script,
// so it opens offline in any browser and can be attached to a pull request or a wiki.

import type { GraphLayout } from '../../core/graph/layout';
import type { GraphOverlay } from '../../core/graph/overlay';
import { escapeXml } from './shapes';
import { renderSvg, type GraphTheme } from './svg';

export interface HtmlPageOptions {
  /** The content of webview/graph.css (the webview-only rules are left out of the page). */
  css: string;
  theme?: GraphTheme;
  overlay?: GraphOverlay;
  /** The page title and the picture's accessible name. */
  title?: string;
}

const PAGE_SECTION = '/* ---- standalone page';
const CHROME_SECTION = '/* ---- webview chrome';

/**
 * The part of graph.css an exported picture needs: without the webview's toolbar and banner rules,
 * and for a bare SVG file also without the standalone page rules.
 */
export function exportCss(css: string, target: 'svg' | 'html'): string {
  const cut = (text: string, marker: string): string => {
    const at = text.indexOf(marker);
    return at < 0 ? text : text.slice(0, at);
  };
  const picture = cut(css, CHROME_SECTION);
  return `${(target === 'svg' ? cut(picture, PAGE_SECTION) : picture).trimEnd()}\n`;
}

/** Text for a `<style>` element in HTML: it must not close the element early. */
function styleText(css: string): string {
  return css.replace(/<\/style/gi, '<\\/style');
}

export function renderHtmlPage(layout: GraphLayout, options: HtmlPageOptions): string {
  const theme = options.theme ?? 'light';
  const title = options.title ?? 'State machine graph';
  const svg = renderSvg(layout, { theme, overlay: options.overlay, title });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)}</title>`,
    `<style>\n${styleText(exportCss(options.css, 'html'))}</style>`,
    '</head>',
    `<body class="st-standalone st-theme-${theme}">`,
    svg,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
