import { existsSync } from 'node:fs';
import { chromium as pw, type Browser } from 'playwright-core';

/**
 * Real headless Chromium for browser tests, from Debian's /usr/bin/chromium when installed, else the
 * npm package @sparticuz/chromium (a binary that ships inside the package, so `npm install` is enough
 * on a fresh machine). Flags keep it off the network.
 */
export const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-default-apps', '--disable-extensions', '--disable-dev-shm-usage'];

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
  // Two test files may unpack the packaged Chromium into /tmp at once: a second try settles that race.
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const { default: chromium } = await import('@sparticuz/chromium');
      // Its Lambda-oriented --single-process makes closing a page close the browser: leave it out.
      const args = chromium.args.filter((a) => a !== '--single-process');
      return await pw.launch({ executablePath: await chromium.executablePath(), args: [...args, ...QUIET] });
    } catch (error) {
      if (attempt === 2) reasons.push(`@sparticuz/chromium: ${(error as Error).message.split('\n')[0]}`);
      else await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
  throw new Error(`no Chromium could be launched: ${reasons.join('; ') || 'none found'}`);
}

/** Browser tests skip with a printed reason on a laptop without Chromium; CI makes that a failure. */
export function mustRun(): boolean {
  return process.env.ASPF_REQUIRE_SERVICES === '1';
}
