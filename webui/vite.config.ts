import { defineConfig } from 'vite';

// The Manager serves dist/ as its web root and answers /api/v1/ itself.
// During `npm run dev`, API calls are proxied to a running Manager
// (PW_MANAGER_URL, default https://127.0.0.1:8443; its certificate comes from
// the Manager's own CA, hence secure: false).
const managerUrl = process.env.PW_MANAGER_URL ?? 'https://127.0.0.1:8443';

/** recharts and the packages only it depends on (antd shares none of them). */
const CHART_PACKAGES =
  /node_modules\/(recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)\//;

export default defineConfig({
  base: '/',
  // No @vitejs/plugin-react: esbuild compiles JSX with the automatic runtime.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      onwarn(warning, warn) {
        // antd ships "use client" directives for React Server Components; irrelevant here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use client')) return;
        warn(warning);
      },
      output: {
        // Third-party code changes less often than the app: a separate chunk caches better.
        // The chart library and what only it uses form a chunk of their own, loaded with the
        // first chart (the details page's counters) rather than with the console.
        manualChunks: (id) => {
          if (!id.includes('node_modules')) return undefined;
          return CHART_PACKAGES.test(id) ? 'charts' : 'vendor';
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: managerUrl, changeOrigin: false, secure: false },
    },
  },
});
