import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Forbidden, NotFound } from './components/ResultPages';
import { LoadingState } from './components/states';
import { AppLayout } from './features/layout/AppLayout';
import { LoginPage } from './features/auth/LoginPage';
import { useSession } from './session';

const named = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const ChangePasswordPage = named(() => import('./features/auth/ChangePasswordPage'), 'ChangePasswordPage');
const HomePage = named(() => import('./features/home/HomePage'), 'HomePage');
const RegionsPage = named(() => import('./features/regions/RegionsPage'), 'RegionsPage');
const CalendarPage = named(() => import('./features/calendar/CalendarPage'), 'CalendarPage');
const OrgsPage = named(() => import('./features/orgs/OrgsPage'), 'OrgsPage');
const OrgDetailPage = named(() => import('./features/orgs/OrgDetailPage'), 'OrgDetailPage');
const LeadershipPage = named(() => import('./features/leadership/LeadershipPage'), 'LeadershipPage');
const PeoplePage = named(() => import('./features/people/PeoplePage'), 'PeoplePage');
const PersonDetailPage = named(() => import('./features/people/PersonDetailPage'), 'PersonDetailPage');
const AuditPage = named(() => import('./features/audit/AuditPage'), 'AuditPage');
const AccountsPage = named(() => import('./features/accounts/AccountsPage'), 'AccountsPage');
const PortalLayout = named(() => import('./portal/PortalLayout'), 'PortalLayout');
const PortalHome = named(() => import('./portal/PortalHome'), 'PortalHome');

function RequireSignIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const loc = useLocation();
  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'anonymous') return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (state.me.mustChangePassword && loc.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <Forbidden />;
}

const page = (el: ReactNode, permission?: string) => (
  <Suspense fallback={<LoadingState />}>{permission ? <RequirePermission permission={permission}>{el}</RequirePermission> : el}</Suspense>
);

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* The public portal: no sign-in; citizen pages that need one ask for it themselves. */}
      <Route path="/portal" element={page(<PortalLayout />)}>
        <Route index element={page(<PortalHome />)} />
      </Route>
      <Route
        element={
          <RequireSignIn>
            <AppLayout />
          </RequireSignIn>
        }
      >
        <Route index element={page(<HomePage />)} />
        <Route path="change-password" element={page(<ChangePasswordPage />)} />
        <Route path="regions" element={page(<RegionsPage />)} />
        <Route path="calendar" element={page(<CalendarPage />)} />
        <Route path="orgs" element={page(<OrgsPage />, 'org.read')} />
        <Route path="orgs/:id" element={page(<OrgDetailPage />, 'org.read')} />
        <Route path="leadership" element={page(<LeadershipPage />, 'staff.read')} />
        <Route path="people" element={page(<PeoplePage />, 'people.read')} />
        <Route path="people/:id" element={page(<PersonDetailPage />, 'people.read')} />
        <Route path="audit" element={page(<AuditPage />, 'audit.read')} />
        <Route path="accounts" element={page(<AccountsPage />, 'account.read')} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
