/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  // Relative asset URLs: Tauri serves the bundle from its own scheme, not from a web root.
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    // WebKitGTK (Linux), WKWebView (macOS) and WebView2 (Windows).
    target: ['es2022', 'safari15', 'chrome105'],
    outDir: 'dist',
    emptyOutDir: true,
  },
  // Under Vitest, Node's conditions would pick Svelte's server build, which cannot `mount`.
  resolve: mode === 'test' ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/tests/setup.ts'],
    restoreMocks: true,
  },
}));
