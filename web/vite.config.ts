import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// The API server listens here in development; the web dev server forwards to it so cookies stay same-origin.
const apiServer = 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  plugins: [svelte()],
  resolve: {
    alias: { $protocol: fileURLToPath(new URL('../protocol/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // livekit-client alone is ~550 kB minified; it is split into the room's lazily loaded chunk.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // The protocol module lives outside web/, beside the server that shares it.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: apiServer },
      '/socket.io': { target: apiServer, ws: true },
    },
  },
});
