// One Chromium page per test file, and what a failing test leaves behind: a screenshot and the
// page's console next to the test report, under test-results/designer/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot } from '@signalbox/tools/infra';
import { launchChromium } from '../../scripts/chromium.mjs';
import { startStack, type Stack } from './stack';

export const RESULTS_DIR = path.join(repoRoot(), 'test-results', 'designer');
const STEPS_DIR = path.join(RESULTS_DIR, 'steps');

/** A browser test waits on real runs (up to 90 s each on a busy machine): more than Vitest's default. */
export const BROWSER_TEST_TIMEOUT = 300_000;

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

export interface Session {
  readonly stack: Stack;
  readonly page: Page;
  /** A screenshot of this step, for reading the flow afterwards (test-results/designer/steps/). */
  shot(name: string): Promise<void>;
}

/**
 * Starts the stack and Chromium before the file's tests and stops them after; before each test,
 * a fresh console log; after a failed one, `<file>--<test>.png` and `.log` in RESULTS_DIR.
 */
export function useBrowserSession(file: string): Session {
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page | undefined;
  let consoleLines: string[] = [];

  beforeAll(async () => {
    mkdirSync(STEPS_DIR, { recursive: true });
    stack = await startStack();
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(30_000);
    const stamp = () => new Date().toISOString().slice(11, 23);
    page.on('console', (m) => consoleLines.push(`${stamp()} [${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`${stamp()} [pageerror] ${e.stack ?? e.message}`));
    page.on('requestfailed', (r) => consoleLines.push(`${stamp()} [requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  }, 300_000);

  beforeEach(async () => {
    consoleLines = [];
    await page?.setViewportSize({ width: 1280, height: 800 }); // whatever size the last test left
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return;
    const base = path.join(RESULTS_DIR, `${file}--${slug(ctx.task.name)}`);
    await page.screenshot({ path: `${base}.png`, fullPage: true }).catch((e: Error) => consoleLines.push(`(no screenshot: ${e.message})`));
    const errors = (ctx.task.result.errors ?? []).map((e) => e.stack ?? e.message).join('\n\n');
    writeFileSync(
      `${base}.log`,
      [`test: ${ctx.task.name}`, `url: ${page.url()}`, '', '== error', errors, '', '== browser console', ...consoleLines, '', '== stack (last lines)', stack?.logs().split('\n').slice(-80).join('\n') ?? ''].join('\n'),
    );
    console.error(`[${file}] "${ctx.task.name}" failed: screenshot and console log in ${path.relative(repoRoot(), base)}.{png,log}`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (beforeAll failed?)`);
    return value;
  };
  return {
    get stack() {
      return need(stack, 'the stack');
    },
    get page() {
      return need(page, 'the browser');
    },
    shot: async (name) => {
      await need(page, 'the browser').screenshot({ path: path.join(STEPS_DIR, `${file}-${name}.png`) });
    },
  };
}

/** Signs out if someone is signed in: the sign-in screen is showing afterwards. */
export async function signOut(page: Page, designerUrl: string): Promise<void> {
  await page.goto(`${designerUrl}/#/workflows`);
  const signOutButton = page.getByRole('button', { name: 'Sign out' });
  const apiKey = page.getByLabel('API key');
  await signOutButton.or(apiKey).first().waitFor();
  if (await signOutButton.isVisible()) await signOutButton.click();
  await apiKey.waitFor();
}

/** Signs in with `key` through the sign-in screen and waits until the shell shows `role`. */
export async function signIn(page: Page, designerUrl: string, key: string, role: string): Promise<void> {
  await signOut(page, designerUrl);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.nav-footer .pill').filter({ hasText: role }).waitFor();
}
