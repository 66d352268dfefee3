import { defineConfig } from 'vite';

/**
 * `npm run build -w client` → client/dist, served by the game server (`npm start`).
 * `npm run dev` runs this dev server with hot reload, proxying the API and the room to the game
 * server on GAME_SERVER (default http://localhost:2567).
 */
const target = process.env.GAME_SERVER ?? 'http://localhost:2567';

export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: {
      '/api': target,
      '/matchmake': target,
      '^/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$': { target, ws: true, bypass: (req) => (req.headers.upgrade ? undefined : req.url) },
    },
  },
});
