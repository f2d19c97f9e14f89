// Builds the single-page UI into web/dist, which the query tier serves (src/http/web-ui.ts).
// Run from the repository root as `vite build web` (npm run build) or `vite web` (npm run web:dev,
// proxying the API to a siptrail on 127.0.0.1:8080).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Nothing inlined as data: URLs, so the Content-Security-Policy can stay 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
