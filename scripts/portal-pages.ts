import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { portalChunks } from './portal-bundle.js';

/** One portal page as the server sees it: the paths it answers (a regular expression) and the scripts it will load. */
export type PortalPageFiles = { pattern: string; files: string[] };
export const PORTAL_PAGES_FILE = 'portal-pages.json';

/** The pages of the portal's route table (`{ path: 'requests/new', ...named(() => import('./requests/PortalSubmitPage'), …) }`). */
export function portalRoutes(routesSource: string): { path: string; module: string }[] {
  return [...routesSource.matchAll(/\{ path: '([^']*)', \.\.\.named\(\(\) => import\('(\.\/[^']+)'\)/g)].map((m) => ({ path: m[1]!, module: m[2]! }));
}

/** The regular expression of a route path of the portal (`activities/:id` → `^/portal/activities/[^/]+/?$`). */
export function routePattern(routePath: string): string {
  const rest = routePath
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return `^/portal${rest ? `/${rest}` : ''}/?$`;
}

/**
 * Emits portal-pages.json: for each page of the portal's route table, the script of its chunk and the scripts that
 * chunk imports beyond the portal entry's own. The server names them as modulepreload links in the portal page it
 * answers for that path, so a page opened directly (a shared link) downloads beside the shell instead of after it.
 * A page of the route table that the build did not emit as a chunk fails the build.
 */
export function portalPages(routesFile: string): Plugin {
  return {
    name: 'qunhub-portal-pages',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const portal = portalChunks(bundle);
        if (!portal) return;
        const shell = portal.reachable([portal.entry.fileName]);
        const pages: PortalPageFiles[] = portalRoutes(readFileSync(routesFile, 'utf8')).map((r) => {
          const source = path.resolve(path.dirname(routesFile), r.module);
          const chunk = portal.chunks.find((c) => c.facadeModuleId?.replace(/\.tsx?$/, '') === source);
          if (!chunk) throw new Error(`portal page ${r.module} (${r.path || 'home'}) has no chunk of its own`);
          const files = [...portal.reachable([chunk.fileName])].filter((f) => !shell.has(f)).map((f) => `/${f}`);
          return { pattern: routePattern(r.path), files };
        });
        this.emitFile({ type: 'asset', fileName: PORTAL_PAGES_FILE, source: JSON.stringify(pages) });
      },
    },
  };
}
