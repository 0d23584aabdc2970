// Builds the admin app from web/ into web/dist, which the admin server serves; shared/ is bundled in.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
