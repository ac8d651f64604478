import { defineConfig } from 'vitest/config';

// Browser tests: Node drives Debian's Chromium through playwright-core against
// the real Manager and Agent binaries (see e2e/README in webui/README.md).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    pool: 'forks',
    // expect.poll waits for the real Manager's answer and React's render: 1 s (vitest's
    // default) is too tight for a 200-row page on a busy 2-core machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
