import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The operator console and the pages for people, built into web/dist, which every app serves
// (src/platform/site/web.ts): the HTML at /console and /app, everything else under /web/.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/web/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or styles: the pages' CSP allows this origin's files only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { console: `${root}console.html`, fitmate: `${root}fitmate.html`, mindpause: `${root}mindpause.html` },
    },
  },
});
