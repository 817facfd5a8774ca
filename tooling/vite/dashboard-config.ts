// The dev/preview server and build settings both dashboards share; each app's
// vite.config.ts calls dashboardConfig() with its own port variable.
//
// Vite bundles a config file together with the relative files it imports, so
// this file needs no package of its own. Its bare imports, though, are resolved
// from here: `vite` is a root devDependency, but @vitejs/plugin-react is linked
// into the apps only, so each app passes its plugins in (React and Tailwind).
import { defineConfig, loadEnv, type PluginOption, type UserConfigFnObject } from 'vite';
import { strictCspBuild } from './strict-csp-build.ts';

export interface DashboardConfigOptions {
  /** The variable in the root .env that holds this dashboard's port, e.g. CLIENT_PORT. */
  portVariable: string;
  defaultPort: number;
  plugins: PluginOption[];
}

// `pnpm dev` runs `dotenv -e ../../.env -- vite`, so the root .env arrives in
// process.env; loadEnv with an empty prefix reads it here, in the config only.
// None of it reaches the bundle: Vite exposes only VITE_-prefixed variables to
// the client, and the app needs none (the API is same-origin, under /api).
export function dashboardConfig({ portVariable, defaultPort, plugins }: DashboardConfigOptions): UserConfigFnObject {
  return defineConfig(({ mode }) => {
    const env = loadEnv(mode, process.cwd(), '');
    const port = Number(env[portVariable] || defaultPort);
    const api = `http://127.0.0.1:${env.API_PORT || 3004}`;
    // Same paths as production, where nginx proxies /api and /ws to the API.
    const proxy = {
      '/api': { target: api },
      '/ws': { target: api, ws: true },
    };
    return {
      plugins: [...plugins, strictCspBuild()],
      envPrefix: 'VITE_',
      // One copy of each stateful library, also when @prixagent/ui brings its own link.
      resolve: { dedupe: ['react', 'react-dom', 'react-router', '@tanstack/react-query'] },
      server: { host: '127.0.0.1', port, strictPort: true, proxy },
      preview: { host: '127.0.0.1', port, strictPort: true, proxy },
      build: { outDir: 'dist', emptyOutDir: true },
    };
  });
}
