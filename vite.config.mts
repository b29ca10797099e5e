import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served by two hosts (Electron's custom protocol and the browser host), so every
// asset URL stays relative.
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)),
        media: fileURLToPath(new URL('./src-renderer/media.html', import.meta.url)),
      },
    },
  },
});
