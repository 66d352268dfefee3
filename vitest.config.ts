import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'shared/src/**/*.test.ts', 'server/src/**/*.test.ts'],
    testTimeout: 30_000,
    // Closing a browser or a server process can take seconds on a busy machine.
    hookTimeout: 60_000,
    // expect.poll waits on what a page shows; on a busy 2-core machine a change can take seconds to
    // show, so a poll gives up only after 15 s (it returns as soon as the condition holds).
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
