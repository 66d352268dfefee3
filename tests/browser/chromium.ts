import { existsSync } from 'node:fs';
import { chromium as pw, type Browser } from 'playwright-core';

/**
 * Real headless Chromium for browser tests, from the npm package @sparticuz/chromium (a binary that
 * ships inside the package, so `npm install` is enough on a fresh machine), or Debian's
 * /usr/bin/chromium. Flags keep it off the network (TECH_NOTES).
 */
export const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export async function launchChromium(): Promise<Browser> {
  const reasons: string[] = [];
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (!existsSync(path)) continue;
    try {
      return await pw.launch({ executablePath: path, args: QUIET });
    } catch (error) {
      reasons.push(`${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return await pw.launch({ executablePath: await chromium.executablePath(), args: [...chromium.args, ...QUIET] });
  } catch (error) {
    reasons.push(`@sparticuz/chromium: ${(error as Error).message.split('\n')[0]}`);
  }
  throw new Error(`no Chromium could be launched: ${reasons.join('; ')}`);
}

/** Browser tests skip with a printed reason on a laptop without Chromium; CI makes that a failure. */
export function mustRun(): boolean {
  return process.env.ASPF_REQUIRE_SERVICES === '1';
}
