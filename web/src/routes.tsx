import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Forbidden, NotFound } from './components/ResultPages';
import { LoadingState } from './components/states';
import { AppLayout } from './features/layout/AppLayout';
import { LoginPage } from './features/auth/LoginPage';
import { PartnerLanding } from './features/disputes/PartnerLanding';
import { useSession } from './session';
import { FullPageLoad } from './components/FullPageLoad';

const named = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) => lazy(async () => ({ default: (await load())[name] }));

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
const DisputesPage = named(() => import('./features/disputes/DisputesPage'), 'DisputesPage');
const InvitedDisputesPage = named(() => import('./features/disputes/DisputesPage'), 'InvitedDisputesPage');
const DisputeDetailPage = named(() => import('./features/disputes/DisputeDetailPage'), 'DisputeDetailPage');
const DisputeCreatePage = named(() => import('./features/disputes/DisputeCreatePage'), 'DisputeCreatePage');
const DisputeFiguresPage = named(() => import('./features/disputes/DisputeFiguresPage'), 'DisputeFiguresPage');
const RequestsPage = named(() => import('./features/requests/RequestsPage'), 'RequestsPage');
const RequestDetailPage = named(() => import('./features/requests/RequestDetailPage'), 'RequestDetailPage');
const IntakePage = named(() => import('./features/requests/IntakePage'), 'IntakePage');
const DispatchPage = named(() => import('./features/requests/DispatchPage'), 'DispatchPage');
const SupervisionPage = named(() => import('./features/requests/SupervisionPage'), 'SupervisionPage');
const CategoriesPage = named(() => import('./features/requests/CategoriesPage'), 'CategoriesPage');
const RatingsPage = named(() => import('./features/requests/RatingsPage'), 'RatingsPage');
const IndicesPage = named(() => import('./features/requests/IndicesPage'), 'IndicesPage');
const DashboardPage = named(() => import('./features/dashboard/DashboardPage'), 'DashboardPage');
const AnnualReportPage = named(() => import('./features/dashboard/AnnualReportPage'), 'AnnualReportPage');
const ActivitiesPage = named(() => import('./features/activities/ActivitiesPage'), 'ActivitiesPage');
const ActivityDetailPage = named(() => import('./features/activities/ActivityDetailPage'), 'ActivityDetailPage');
const CheckInPage = named(() => import('./features/activities/CheckInPage'), 'CheckInPage');
const ActivityTotalsPage = named(() => import('./features/activities/ActivityTotalsPage'), 'ActivityTotalsPage');
const VolunteersPage = named(() => import('./features/activities/VolunteersPage'), 'VolunteersPage');
const VenuesPage = named(() => import('./features/venues/VenuesPage'), 'VenuesPage');
const VenueDetailPage = named(() => import('./features/venues/VenueDetailPage'), 'VenueDetailPage');
const VenueApprovalsPage = named(() => import('./features/venues/ApprovalsPage'), 'ApprovalsPage');
const VenueCoveragePage = named(() => import('./features/venues/CoveragePage'), 'CoveragePage');
const VenueEditPage = named(() => import('./features/venues/VenueEditPage'), 'VenueEditPage');
const VenueTypesPage = named(() => import('./features/venues/VenueTypesPage'), 'VenueTypesPage');
const CampaignsPage = named(() => import('./features/activities/CampaignsPage'), 'CampaignsPage');
const MyBookingsPage = named(() => import('./features/venues/BookingsPage'), 'MyBookingsPage');
const HonoursPage = named(() => import('./features/honours/HonoursPage'), 'HonoursPage');
const HonourCreatePage = named(() => import('./features/honours/ProgrammeCreatePage'), 'ProgrammeCreatePage');
const HonourProgrammePage = named(() => import('./features/honours/ProgrammePage'), 'ProgrammePage');
const HonourNominationPage = named(() => import('./features/honours/NominationPage'), 'NominationPage');
const NotificationsPage = named(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage');
const JobsPage = named(() => import('./features/notifications/JobsPage'), 'JobsPage');
const WebhooksPage = named(() => import('./features/webhooks/WebhooksPage'), 'WebhooksPage');
const MembersPage = named(() => import('./features/members/MembersPage'), 'MembersPage');
const MeetingsPage = named(() => import('./features/meetings/MeetingsPage'), 'MeetingsPage');
const MeetingOccurrencePage = named(() => import('./features/meetings/OccurrencePage'), 'OccurrencePage');
const ActionItemPage = named(() => import('./features/meetings/ItemPage'), 'ItemPage');
const ProjectsPage = named(() => import('./features/meetings/ProjectsPage'), 'ProjectsPage');
const ProjectPage = named(() => import('./features/meetings/ProjectsPage'), 'ProjectPage');
const SocialOrgsPage = named(() => import('./features/socialorgs/SocialOrgsPage'), 'SocialOrgsPage');
const SorgCallPage = named(() => import('./features/socialorgs/CallPage'), 'CallPage');
const SorgProjectPage = named(() => import('./features/socialorgs/ProjectPage'), 'ProjectPage');
const CataloguePage = named(() => import('./features/catalogue/CataloguePage'), 'CataloguePage');
const TalentPage = named(() => import('./features/talent/TalentPage'), 'TalentPage');
const TalentProgrammePage = named(() => import('./features/talent/TalentProgrammePage'), 'TalentProgrammePage');
const SocietiesPage = named(() => import('./features/societies/SocietiesPage'), 'SocietiesPage');
const SocietyPage = named(() => import('./features/societies/SocietyPage'), 'SocietyPage');
const BenefitsPage = named(() => import('./features/benefits/BenefitsPage'), 'BenefitsPage');
const BenefitRedeemPage = named(() => import('./features/benefits/RedeemPage'), 'RedeemPage');

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
      {/* The public portal is its own web entry (portal.html, web/src/portal/routes.tsx); the server serves it. */}
      <Route path="/portal/*" element={<FullPageLoad />} />
      <Route
        element={
          <RequireSignIn>
            <AppLayout />
          </RequireSignIn>
        }
      >
        <Route index element={page(<PartnerLanding home={<HomePage />} />)} />
        <Route path="change-password" element={page(<ChangePasswordPage />)} />
        <Route path="activities" element={page(<ActivitiesPage />, 'activity.read')} />
        <Route path="activities/:id" element={page(<ActivityDetailPage />, 'activity.read')} />
        <Route path="activity-check-in" element={page(<CheckInPage />, 'activity.checkin')} />
        <Route path="activity-totals" element={page(<ActivityTotalsPage />, 'activity.read')} />
        <Route path="volunteers" element={page(<VolunteersPage />, 'volunteer.read')} />
        <Route path="venues" element={page(<VenuesPage />, 'venue.read')} />
        <Route path="venues/new" element={page(<VenueEditPage />, 'venue.write')} />
        <Route path="venues/:id/edit" element={page(<VenueEditPage />, 'venue.write')} />
        <Route path="campaigns" element={page(<CampaignsPage />, 'activity.read')} />
        <Route path="venue-types" element={page(<VenueTypesPage />, 'venue.type.write')} />
        <Route path="venue-bookings" element={page(<MyBookingsPage />, 'venue.book')} />
        <Route path="venues/:id" element={page(<VenueDetailPage />, 'venue.read')} />
        <Route path="venue-approvals" element={page(<VenueApprovalsPage />, 'venue.approve')} />
        <Route path="venue-coverage" element={page(<VenueCoveragePage />, 'venue.read')} />
        <Route path="regions" element={page(<RegionsPage />)} />
        <Route path="calendar" element={page(<CalendarPage />)} />
        <Route path="orgs" element={page(<OrgsPage />, 'org.read')} />
        <Route path="orgs/:id" element={page(<OrgDetailPage />, 'org.read')} />
        <Route path="leadership" element={page(<LeadershipPage />, 'staff.read')} />
        <Route path="people" element={page(<PeoplePage />, 'people.read')} />
        <Route path="people/:id" element={page(<PersonDetailPage />, 'people.read')} />
        <Route path="audit" element={page(<AuditPage />, 'audit.read')} />
        <Route path="accounts" element={page(<AccountsPage />, 'account.read')} />
        <Route path="disputes" element={page(<DisputesPage />, 'dispute.read')} />
        <Route path="dispute-invitations" element={page(<InvitedDisputesPage />, 'dispute.partner')} />
        <Route path="disputes/new" element={page(<DisputeCreatePage />, 'dispute.manage')} />
        <Route path="dispute-figures" element={page(<DisputeFiguresPage />, 'dispute.read')} />
        <Route path="disputes/:id" element={page(<DisputeDetailPage />)} />
        <Route path="requests" element={page(<RequestsPage />, 'request.read')} />
        <Route path="requests/new" element={page(<IntakePage />, 'request.handle')} />
        <Route path="request-dispatch" element={page(<DispatchPage />, 'request.dispatch')} />
        <Route path="request-supervision" element={page(<SupervisionPage />, 'request.supervise')} />
        <Route path="requests/:id" element={page(<RequestDetailPage />, 'request.read')} />
        <Route path="request-catalogue" element={page(<CategoriesPage />, 'category.write')} />
        <Route path="ratings" element={page(<RatingsPage />, 'rating.read')} />
        <Route path="rating-indices" element={page(<IndicesPage />, 'rating.read')} />
        <Route path="honours" element={page(<HonoursPage />)} />
        <Route path="honours/new" element={page(<HonourCreatePage />, 'honour.manage')} />
        <Route path="honours/:id" element={page(<HonourProgrammePage />)} />
        <Route path="honour-nominations/:id" element={page(<HonourNominationPage />)} />
        <Route path="members" element={page(<MembersPage />, 'member.read')} />
        <Route path="meetings" element={page(<MeetingsPage />, 'meeting.read')} />
        <Route path="meeting-occurrences/:id" element={page(<MeetingOccurrencePage />, 'meeting.read')} />
        <Route path="action-items/:id" element={page(<ActionItemPage />, 'meeting.read')} />
        <Route path="projects" element={page(<ProjectsPage />, 'meeting.read')} />
        <Route path="projects/:id" element={page(<ProjectPage />, 'meeting.read')} />
        <Route path="social-orgs" element={page(<SocialOrgsPage />)} />
        <Route path="social-orgs/calls/:id" element={page(<SorgCallPage />)} />
        <Route path="social-orgs/projects/:id" element={page(<SorgProjectPage />)} />
        <Route path="catalogue" element={page(<CataloguePage />, 'catalogue.read')} />
        <Route path="dashboard" element={page(<DashboardPage />, 'dashboard.read')} />
        <Route path="annual-reports" element={page(<AnnualReportPage />, 'dashboard.read')} />
        <Route path="notifications" element={page(<NotificationsPage />)} />
        <Route path="jobs" element={page(<JobsPage />, 'jobs.read')} />
        {/* Its administrators manage the subscriptions; the security administrator approves personal fields there. */}
        <Route path="webhooks" element={page(<WebhooksPage />)} />
        <Route path="talent" element={page(<TalentPage />, 'talent.read')} />
        <Route path="talent/:id" element={page(<TalentProgrammePage />, 'talent.read')} />
        <Route path="societies" element={page(<SocietiesPage />, 'society.read')} />
        <Route path="societies/:id" element={page(<SocietyPage />, 'society.read')} />
        <Route path="benefits" element={page(<BenefitsPage />)} />
        <Route path="benefit-redeem" element={page(<BenefitRedeemPage />, 'benefit.redeem')} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
