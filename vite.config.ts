import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { bundleStats } from './scripts/bundle-stats.js';
import { portalPages } from './scripts/portal-pages.js';
import { portalServiceWorker } from './scripts/portal-sw.js';
import { precompress } from './scripts/precompress.js';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const projectRoot = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
const backend = process.env.QUNHUB_API_URL ?? 'http://localhost:3000';

/** The dev server answers /portal and /portal/* with the portal's page, as the production server does. */
function portalPageInDev(): Plugin {
  return {
    name: 'qunhub-portal-page',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        if (/^\/portal(\/[^.]*)?(\?.*)?$/.test(url)) req.url = '/portal.html';
        next();
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  root: webRoot,
  plugins: [
    react(),
    portalPageInDev(),
    bundleStats(projectRoot),
    portalServiceWorker(`${webRoot}/src/portal/offline/portal-sw.js`, [
      /\/portal\/requests\/PortalSubmitPage\.tsx$/,
      /\/portal\/requests\/PortalSubmittedPage\.tsx$/,
      /\/portal\/PortalHome\.tsx$/,
    ]),
    portalPages(`${webRoot}/src/portal/routes.tsx`),
    precompress(),
  ],
  resolve: {
    // react-router's package exports name only its development build; the production build drops its dev checks.
    alias:
      command === 'build'
        ? [
            { find: /^react-router$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url)) },
            { find: /^react-router\/dom$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/dom-export.mjs', import.meta.url)) },
          ]
        : [],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // Two pages: the staff console and the citizens' portal, sharing the API client, messages and theme.
      input: { index: `${webRoot}/index.html`, portal: `${webRoot}/portal.html` },
    },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/docs': { target: backend, changeOrigin: false },
    },
  },
}));
