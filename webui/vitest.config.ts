import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

// Unit tests: jsdom + Testing Library. Browser tests live in e2e/ and use
// vitest.browser.config.ts instead.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/test/setup.ts'],
      css: false,
      testTimeout: 60_000,
      restoreMocks: true,
    },
  }),
);
