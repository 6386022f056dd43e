import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { FullPageLoad } from '../components/FullPageLoad';
import { useT } from '../prefs';

/**
 * A page loaded on first visit, in its own chunk. `antd`: the page uses the component library, so its theme provider
 * (and, with 'app', antd's App for message and modal) loads with it; the shell and the home page go without.
 */
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, antd: 'app' | 'plain' | false = 'app') =>
  lazy(async () => {
    const [mod, wrap] = await Promise.all([load(), antd ? import('./with-app') : null]);
    const Page: ComponentType = mod[name];
    return {
      default: wrap
        ? () => (
            <wrap.WithAntd app={antd === 'app'}>
              <Page />
            </wrap.WithAntd>
          )
        : Page,
    };
  });

const PortalLayout = named(() => import('./PortalLayout'), 'PortalLayout', false);

/**
 * The portal's pages under /portal. A new portal page is one line here; the bundle budget check
 * (scripts/check-bundle-budgets.ts) then measures its chunk with the others.
 */
export const PORTAL_PAGES: { path: string; page: ComponentType }[] = [
  { path: '', page: named(() => import('./PortalHome'), 'PortalHome', false) },
  { path: 'requests/new', page: named(() => import('./requests/PortalSubmitPage'), 'PortalSubmitPage', 'plain') },
  { path: 'requests/submitted', page: named(() => import('./requests/PortalSubmittedPage'), 'PortalSubmittedPage', 'plain') },
  { path: 'requests/track', page: named(() => import('./requests/PortalTrackPage'), 'PortalTrackPage') },
  { path: 'sign-in', page: named(() => import('./activities/SignInPage'), 'SignInPage', 'plain') },
  { path: 'activities', page: named(() => import('./activities/ActivitiesPage'), 'PortalActivitiesPage', 'plain') },
  { path: 'activities/:id', page: named(() => import('./activities/ActivityDetailPage'), 'PortalActivityDetailPage') },
  { path: 'me/activities', page: named(() => import('./activities/MyActivitiesPage'), 'MyActivitiesPage') },
  { path: 'volunteers', page: named(() => import('./volunteers/VolunteerPage'), 'PortalVolunteerPage') },
  { path: 'venues', page: named(() => import('./venues/VenuesNearMePage'), 'VenuesNearMePage', 'plain') },
  { path: 'honours', page: named(() => import('./honours/NoticesPage'), 'PortalNoticesPage') },
  { path: 'honours/verify', page: named(() => import('./honours/VerifyPage'), 'PortalVerifyPage') },
  { path: 'honours/:id', page: named(() => import('./honours/NoticePage'), 'PortalNoticePage') },
  { path: 'me/notifications', page: named(() => import('./notifications/PortalNotificationsPage'), 'PortalNotificationsPage') },
  { path: 'members', page: named(() => import('./members/MembershipPage'), 'PortalMembershipPage') },
  { path: 'services', page: named(() => import('./catalogue/DirectoryPage'), 'PortalDirectoryPage') },
  { path: 'services/:id', page: named(() => import('./catalogue/ServicePage'), 'PortalServicePage') },
  { path: 'services/:id/venues/:venueId', page: named(() => import('./catalogue/ServicePage'), 'PortalServiceVenuePage') },
  { path: 'talent', page: named(() => import('./talent/TalentPage'), 'PortalTalentPage') },
  { path: 'talent/verify', page: named(() => import('./talent/VerifyPage'), 'PortalTalentVerifyPage') },
  { path: 'benefits', page: named(() => import('./benefits/BenefitsPage'), 'PortalBenefitsPage') },
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

export function PortalRoutes() {
  return (
    <Routes>
      <Route path="/portal" element={page(<PortalLayout />)}>
        {PORTAL_PAGES.map(({ path, page: Page }) =>
          path ? <Route key={path} path={path} element={page(<Page />)} /> : <Route key="index" index element={page(<Page />)} />,
        )}
      </Route>
      {/* Anything else (the console, its sign-in page) is served by the server as the console's page. */}
      <Route path="*" element={<FullPageLoad />} />
    </Routes>
  );
}
