// Build of the renderer page. This file runs in Node (Vite loads it), so it is
// outside the DOM-only renderer project: see tsconfig.node.json.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the page is loaded from a custom protocol in Electron
  // and from `wgdesk serve` over HTTP; neither serves it at a fixed origin path.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP is script-src 'self': no inline module preload polyfill.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // One bundle of ~620 kB (190 kB gzipped), loaded from disk or loopback:
    // splitting it would only add requests. Warn if it grows well past that.
    chunkSizeWarningLimit: 900,
    target: 'es2022',
  },
});
