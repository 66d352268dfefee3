import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/app.ts';
import { testConfig } from '../../server/src/config.ts';
import { DIST, builtClient } from '../support/client-build.ts';
import { launchChromium, mustRun } from './chromium.ts';

/**
 * A real server and a real Chromium for one browser test file, and the checks issue #14 asks of
 * every screen: no sideways scroll, no overlapping key elements, axe clean.
 */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export interface Harness { server: RunningServer; browser: Browser; close(): Promise<void> }

/** Starts both, or returns the reason to skip (no Chromium on a laptop; CI makes that a failure). */
export async function startHarness(): Promise<Harness | string> {
  await builtClient();
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    if (mustRun()) throw error;
    return (error as Error).message;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'aspf-screens-'));
  const server = await startServer(testConfig({ dataDir, staticDir: DIST, botPacing: { minMs: 40, maxMs: 120 } }));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server, browser,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'projector', width: 1920, height: 1080 },
] as const;

/** Waits on an observable condition, patiently: the machine may be busy (never a fixed sleep). */
export const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

export async function newPage(browser: Browser, opts: { viewport?: { width: number; height: number }; locale?: 'en' | 'fr'; dpr?: number; reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const locale = opts.locale ?? 'en';
  const ctx = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 768 }, locale: locale === 'fr' ? 'fr-FR' : 'en-GB', deviceScaleFactor: opts.dpr ?? 1, reducedMotion: opts.reducedMotion ?? 'no-preference' });
  await ctx.addInitScript((l) => { if (!sessionStorage.getItem('aspf.test.boot')) { sessionStorage.setItem('aspf.test.boot', '1'); localStorage.setItem('aspf.locale', l); } }, locale);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { ctx, page, errors };
}

/** A Quick demo session; `slow`: phases wait for the facilitator (an hour each), so screenshots show one phase. */
export async function createSession(h: Harness, slow = false): Promise<{ code: string; facilitatorKey: string }> {
  const timers = { briefing: 3600, pledging: 3600, proposals: 3600, negotiation: 3600, voting: 3600 };
  const response = await fetch(`${h.server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'quick-demo', ...(slow ? { options: { timers } } : {}) }) });
  return response.json() as Promise<{ code: string; facilitatorKey: string }>;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${axeSource};0`);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** The key elements of a screen whose boxes must not overlap (a card, the picture, the header, the banner…). */
const KEY = '.topbar, .guide, .stage, .card, .join-banner, .ticker, .stage-legend';

/** Pairs of visible key elements (neither inside the other) whose boxes overlap, at the top of the page. */
export async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate((key) => {
    const els = [...document.querySelectorAll<HTMLElement>(key)].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    });
    const name = (e: HTMLElement) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}${e.id ? `#${e.id}` : ''}`;
    const out: string[] = [];
    els.forEach((a, i) => els.slice(i + 1).forEach((b) => {
      if (a.contains(b) || b.contains(a)) return;
      const p = a.getBoundingClientRect();
      const q = b.getBoundingClientRect();
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 1 && y > 1) out.push(`${name(a)} × ${name(b)}`);
    }));
    return out;
  }, KEY);
}

export const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The elements that stick out on the right (to name them when a page scrolls sideways). */
export const wideElements = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('body *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`).slice(0, 6).join(', '));
export const verticalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);

/** Moves the facilitator's game on by one phase and waits until the page shows it. */
export async function nextPhase(page: Page): Promise<void> {
  const before = await page.locator('.phase-name').innerText();
  await page.getByRole('button', { name: /^(Next phase|Phase suivante)$/ }).click();
  await poll(() => page.locator('.phase-name').innerText()).not.toBe(before);
}

/** Seats a player straight on the play page, as the join form would (the form has its own tests). */
export async function joinDirect(browser: Browser, url: string, code: string, name: string, member: string, opts: Parameters<typeof newPage>[1] = {}) {
  const c = await newPage(browser, opts);
  await c.ctx.addInitScript(([k, v]) => { if (!sessionStorage.getItem(k!)) sessionStorage.setItem(k!, v!); }, [`aspf.join.${code}`, JSON.stringify({ role: 'member', name, member })]);
  await c.page.goto(`${url}/play/${code}`);
  await c.page.getByRole('heading', { name: new RegExp(`\\(${member}\\)`) }).first().waitFor();
  return c;
}
