import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// `pnpm dev` runs `dotenv -e ../../.env -- vite`, so the root .env arrives in
// process.env; loadEnv with an empty prefix reads it here, in the config only.
// None of it reaches the bundle: Vite exposes only VITE_-prefixed variables to
// the client, and the app needs none (the API is same-origin, under /api).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '');
  const port = Number(env.ADMIN_PORT || 3002);
  const api = `http://127.0.0.1:${env.API_PORT || 3004}`;
  // Same paths as production, where nginx proxies /api and /ws to the API.
  const proxy = {
    '/api': { target: api },
    '/ws': { target: api, ws: true },
  };
  return {
    plugins: [react()],
    envPrefix: 'VITE_',
    // One copy of each stateful library, also when @prixagent/ui brings its own link.
    resolve: { dedupe: ['react', 'react-dom', 'react-router', '@tanstack/react-query'] },
    server: { host: '127.0.0.1', port, strictPort: true, proxy },
    preview: { host: '127.0.0.1', port, strictPort: true, proxy },
    build: { outDir: 'dist', emptyOutDir: true },
  };
});
