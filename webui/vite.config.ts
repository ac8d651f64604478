import { defineConfig } from 'vite';

// The Manager serves dist/ as its web root and answers /api/v1/ itself.
// During `npm run dev`, API calls are proxied to a running Manager
// (PW_MANAGER_URL, default https://127.0.0.1:8443; its certificate comes from
// the Manager's own CA, hence secure: false).
const managerUrl = process.env.PW_MANAGER_URL ?? 'https://127.0.0.1:8443';

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
        manualChunks: (id) => (id.includes('node_modules') ? 'vendor' : undefined),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: managerUrl, changeOrigin: false, secure: false },
    },
  },
});
