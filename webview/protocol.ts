// The messages between the VS Code extension and the graph webview, declared once and imported by
// both ends: discriminated unions on a string `type`, plus guards for what arrives over postMessage.

import type { GraphLayout } from '../core/graph/layout';
import { OVERLAY_MARKS, type GraphOverlay } from '../core/graph/overlay';
import type { GraphTheme } from './render/svg';

export type { GraphLayout, GraphOverlay, GraphTheme };

/** A new picture: the webview replaces its drawing (keeping zoom and pan unless `fit`). */
export interface RenderMessage {
  type: 'render';
  layout: GraphLayout;
  /** Fallback theme; inside VS Code the webview follows the body's theme class. */
  theme?: GraphTheme;
  overlay?: GraphOverlay;
  /** Fit the whole picture in view (first render of a file). */
  fit?: boolean;
  /** Shown as the picture's accessible name. */
  title?: string;
}

/** The document no longer parses or lays out: keep the last good picture and say why. */
export interface RenderErrorMessage {
  type: 'renderError';
  message: string;
}

/** Debug session or test run state; replaces the previous overlay (all fields of GraphOverlay). */
export interface HighlightMessage extends GraphOverlay {
  type: 'highlight';
  /** Scroll the active state into view. */
  reveal?: boolean;
}

/** The editor's cursor moved into a state (or out of all states: undefined). */
export interface SelectMessage {
  type: 'select';
  stateName: string | undefined;
  /** Scroll the selected node into view when it is outside. */
  reveal?: boolean;
}

export interface FitMessage {
  type: 'fit';
}

export type ExtensionToWebviewMessage =
  RenderMessage | RenderErrorMessage | HighlightMessage | SelectMessage | FitMessage;

export interface ReadyMessage {
  type: 'ready';
}

/** A node was clicked: reveal the state in the editor. */
export interface RevealStateMessage {
  type: 'revealState';
  name: string;
  /** The node id (unique even when names repeat in an invalid document). */
  id: string;
  /** The state's path in the definition. */
  path: (string | number)[] | undefined;
}

export interface ToggleBreakpointMessage {
  type: 'toggleBreakpoint';
  name: string;
  id: string;
}

/** Something went wrong inside the webview (a render threw): the extension may log it. */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
}

export type WebviewToExtensionMessage =
  ReadyMessage | RevealStateMessage | ToggleBreakpointMessage | WebviewErrorMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isOverlayShaped(value: Record<string, unknown>): boolean {
  return OVERLAY_MARKS.every(({ field, shape }) => {
    const entry = value[field];
    return entry === undefined || (shape === 'one' ? typeof entry === 'string' : isStringArray(entry));
  });
}

function isLayoutShaped(value: unknown): value is GraphLayout {
  return (
    isRecord(value) &&
    typeof value['width'] === 'number' &&
    typeof value['height'] === 'number' &&
    Array.isArray(value['nodes']) &&
    Array.isArray(value['edges']) &&
    Array.isArray(value['dangling'])
  );
}

/** Checks a message received by the webview (shape only: the layout's nodes are trusted). */
export function isExtensionToWebviewMessage(value: unknown): value is ExtensionToWebviewMessage {
  if (!isRecord(value)) return false;
  switch (value['type']) {
    case 'render':
      return (
        isLayoutShaped(value['layout']) &&
        (value['overlay'] === undefined || (isRecord(value['overlay']) && isOverlayShaped(value['overlay'])))
      );
    case 'renderError':
      return typeof value['message'] === 'string';
    case 'highlight':
      return isOverlayShaped(value);
    case 'select':
      return value['stateName'] === undefined || typeof value['stateName'] === 'string';
    case 'fit':
      return true;
    default:
      return false;
  }
}

/** Checks a message received by the extension from the webview. */
export function isWebviewToExtensionMessage(value: unknown): value is WebviewToExtensionMessage {
  if (!isRecord(value)) return false;
  switch (value['type']) {
    case 'ready':
      return true;
    case 'revealState':
      return typeof value['name'] === 'string' && typeof value['id'] === 'string';
    case 'toggleBreakpoint':
      return typeof value['name'] === 'string' && typeof value['id'] === 'string';
    case 'error':
      return typeof value['message'] === 'string';
    default:
      return false;
  }
}

/** The overlay part of a highlight message. */
export function overlayOf(message: HighlightMessage): GraphOverlay {
  const { type: _type, reveal: _reveal, ...overlay } = message;
  return overlay;
}
