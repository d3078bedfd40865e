import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is plain web code: no Node, no Electron. It is loaded from app:// in Electron
// and from the loopback web shell in a browser, so every asset path is relative.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2023',
  },
});
