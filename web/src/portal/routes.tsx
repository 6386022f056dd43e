import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { matchPath, Route, Routes } from 'react-router-dom';
import { FullPageLoad } from '../components/FullPageLoad';
import { useT } from '../prefs';
import { PortalLayout } from './PortalLayout';

type PortalPage = { path: string; page: ComponentType; load: () => Promise<unknown> };

/** A page loaded on first visit, in its own chunk; `load` fetches the chunk ahead of its first render. */
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): Omit<PortalPage, 'path'> => ({
  page: lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] })),
  load,
});

/**
 * The portal's pages under /portal. A new portal page is one line here; the bundle budget check
 * (scripts/check-bundle-budgets.ts) then measures its chunk with the others.
 */
export const PORTAL_PAGES: PortalPage[] = [
  { path: '', ...named(() => import('./PortalHome'), 'PortalHome') },
  { path: 'requests/new', ...named(() => import('./requests/PortalSubmitPage'), 'PortalSubmitPage') },
  { path: 'requests/submitted', ...named(() => import('./requests/PortalSubmittedPage'), 'PortalSubmittedPage') },
  { path: 'requests/track', ...named(() => import('./requests/PortalTrackPage'), 'PortalTrackPage') },
  { path: 'sign-in', ...named(() => import('./activities/SignInPage'), 'SignInPage') },
  { path: 'activities', ...named(() => import('./activities/ActivitiesPage'), 'PortalActivitiesPage') },
  { path: 'activities/:id', ...named(() => import('./activities/ActivityDetailPage'), 'PortalActivityDetailPage') },
  { path: 'me/activities', ...named(() => import('./activities/MyActivitiesPage'), 'MyActivitiesPage') },
  { path: 'volunteers', ...named(() => import('./volunteers/VolunteerPage'), 'PortalVolunteerPage') },
  { path: 'venues', ...named(() => import('./venues/VenuesNearMePage'), 'VenuesNearMePage') },
  { path: 'honours', ...named(() => import('./honours/NoticesPage'), 'PortalNoticesPage') },
  { path: 'honours/verify', ...named(() => import('./honours/VerifyPage'), 'PortalVerifyPage') },
  { path: 'honours/:id', ...named(() => import('./honours/NoticePage'), 'PortalNoticePage') },
  { path: 'me/notifications', ...named(() => import('./notifications/PortalNotificationsPage'), 'PortalNotificationsPage') },
  { path: 'members', ...named(() => import('./members/MembershipPage'), 'PortalMembershipPage') },
  { path: 'services', ...named(() => import('./catalogue/DirectoryPage'), 'PortalDirectoryPage') },
  { path: 'services/:id', ...named(() => import('./catalogue/ServicePage'), 'PortalServicePage') },
  { path: 'services/:id/venues/:venueId', ...named(() => import('./catalogue/ServicePage'), 'PortalServiceVenuePage') },
  { path: 'talent', ...named(() => import('./talent/TalentPage'), 'PortalTalentPage') },
  { path: 'talent/verify', ...named(() => import('./talent/VerifyPage'), 'PortalTalentVerifyPage') },
  { path: 'benefits', ...named(() => import('./benefits/BenefitsPage'), 'PortalBenefitsPage') },
];

/** While a page's chunk loads: text only, no spinner component in the first load. */
function Loading() {
  const t = useT();
  return (
    <p role="status" className="qh-portal-loading">
      {t('common.loading')}
    </p>
  );
}

const page = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

/**
 * Starts the download of the page at `pathname` at once, beside the shell's own: opened directly (a shared link, a
 * bookmark, the home screen icon), the page does not wait for the shell to render before its chunk is asked for.
 */
export function preloadPortalPage(pathname: string): void {
  const hit = PORTAL_PAGES.find((p) => matchPath({ path: p.path ? `/portal/${p.path}` : '/portal', end: true }, pathname));
  void hit?.load().catch(() => undefined);
}

export function PortalRoutes() {
  return (
    <Routes>
      <Route path="/portal" element={<PortalLayout />}>
        {PORTAL_PAGES.map(({ path, page: Page }) =>
          path ? <Route key={path} path={path} element={page(<Page />)} /> : <Route key="index" index element={page(<Page />)} />,
        )}
      </Route>
      {/* Anything else (the console, its sign-in page) is served by the server as the console's page. */}
      <Route path="*" element={<FullPageLoad />} />
    </Routes>
  );
}
