import { it } from 'vitest';
import { createSession, joinDirect, newPage, startHarness, type Harness } from './harness.ts';

it('debug', async () => {
  const h = await startHarness() as Harness;
  const { code, facilitatorKey } = await createSession(h);
  const fac = await newPage(h.browser, { viewport: { width: 390, height: 844 } });
  await fac.page.goto(`${h.server.url}/facilitate/${code}#key=${facilitatorKey}`);
  await fac.page.getByRole('button', { name: 'Start game' }).waitFor();
  const ana = await joinDirect(h.browser, h.server.url, code, 'Ana', 'DEU', { viewport: { width: 390, height: 844 }, dpr: 2 });
  await fac.page.locator('.players-console').waitFor();
  console.log(await fac.page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 15).join('\n')));
  await fac.page.getByRole('button', { name: 'Start game' }).click();
  for (let y = 0; y < 3000; y += 800) {
    await ana.page.evaluate((yy) => window.scrollTo(0, yy), y);
    await ana.page.screenshot({ path: `/tmp/ana-${y}.png` });
  }
  await ana.page.locator('#stage').screenshot({ path: '/tmp/ana-stage.png' });
  await h.close();
}, 120_000);
