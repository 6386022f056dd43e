import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portalRoutes, routePattern } from './portal-pages.js';

describe('the portal pages named for preloading', () => {
  it('reads every page of the portal route table', () => {
    const source = readFileSync(new URL('../web/src/portal/routes.tsx', import.meta.url), 'utf8');
    const routes = portalRoutes(source);
    // Each page line of the table is read: a line written another way would leave its page without preloads.
    expect(routes).toHaveLength(source.match(/^\s*\{ path: '/gm)?.length ?? -1);
    expect(routes.find((r) => r.path === 'requests/new')?.module).toBe('./requests/PortalSubmitPage');
    expect(routes[0]).toEqual({ path: '', module: './PortalHome' });
  });

  it('turns route paths into patterns of whole paths', () => {
    const home = new RegExp(routePattern(''));
    expect(home.test('/portal')).toBe(true);
    expect(home.test('/portal/')).toBe(true);
    expect(home.test('/portal/activities')).toBe(false);
    const detail = new RegExp(routePattern('activities/:id'));
    expect(detail.test('/portal/activities/42')).toBe(true);
    expect(detail.test('/portal/activities/42/more')).toBe(false);
    expect(detail.test('/portal/activities')).toBe(false);
    const venue = new RegExp(routePattern('services/:id/venues/:venueId'));
    expect(venue.test('/portal/services/3/venues/9')).toBe(true);
  });
});
