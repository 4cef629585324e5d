// Drives a VS Code workbench (code-server in Debian's Chromium, through Playwright): opening files,
// running palette commands, moving the cursor, reading the views. Every wait is on a UI condition.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const UI_TIMEOUT_MS = 30_000;

export interface Workbench {
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser profile on the workbench of `folder`; resolves once the workbench is drawn. */
export async function openWorkbench(url: string, folder: string): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), 'stepthrough-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.statusbar').waitFor();
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the palette on `title` and waits for the command's entry. The palette lists the commands enabled
 * when it opens, so while the extension is still activating it is closed and opened again.
 */
async function paletteEntry(page: Page, title: string): Promise<Locator> {
  const input = page.locator('.quick-input-widget input');
  // The entry must be the focused row, the one Enter runs: while the list still filters, another row can
  // hold the focus (under load the palette lags behind the typed text).
  const entry = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first();
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await entry.waitFor({ timeout: 3_000 });
      return input;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await page.keyboard.press('Escape');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }
  }
}

/**
 * Runs a command from the palette by its title (F1, type, Enter on the matching entry). With `opensInput`
 * the command shows a quick input of its own (Go to File, Go to Line): wait for that one instead.
 */
export async function runCommand(page: Page, title: string, opensInput = false): Promise<void> {
  const input = await paletteEntry(page, title);
  await input.press('Enter');
  if (opensInput) {
    await page.waitForFunction("!document.querySelector('.quick-input-widget input')?.value.startsWith('>')");
  } else await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Waits until the palette offers a command (VS Code ignores some keybindings until it does). */
export async function waitForCommand(page: Page, title: string): Promise<void> {
  await paletteEntry(page, title);
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file with Quick Open and waits for its editor tab to be active. */
export async function openFile(page: Page, name: string): Promise<Locator> {
  await runCommand(page, 'Go to File...', true);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await input.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
  const editor = activeEditor(page);
  await editor.locator('.view-lines').waitFor();
  return editor;
}

/** The focused text editor's root element. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor:not(.mac)').first();
}

/** Puts the cursor at a 1-based line and column (Go to Line). */
export async function goToPosition(page: Page, line: number, column: number): Promise<void> {
  await runCommand(page, 'Go to Line/Column...', true);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
}

/** 1-based line and column of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
export function positionIn(
  text: string,
  needle: string,
  delta = 0,
  nth = 0,
): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (#${nth}) is not in the text`);
  }
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, column };
}

/** The graph webview's document. */
export function graphFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
}

/** A view's pane body, found by its header title (e.g. 'Variables', 'Call Stack'). */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.pane', {
    has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }),
  });
}
