import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  SolutionOutlined,
  CalendarOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  IdcardOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { AlertOutlined, FormOutlined, LikeOutlined, LineChartOutlined, ProfileOutlined, SendOutlined } from '@ant-design/icons';
import { CarryOutOutlined, FundOutlined, QrcodeOutlined, SmileOutlined } from '@ant-design/icons';
import { AppstoreOutlined, GiftOutlined } from '@ant-design/icons';
import { DashboardOutlined, FileTextOutlined } from '@ant-design/icons';
import { BankOutlined, CheckSquareOutlined, RadarChartOutlined } from '@ant-design/icons';
import { TrophyOutlined } from '@ant-design/icons';
import { ApiOutlined, BellOutlined, ScheduleOutlined, ProjectOutlined } from '@ant-design/icons';
import { ReadOutlined } from '@ant-design/icons';
import { CustomerServiceOutlined } from '@ant-design/icons';
import { Menu } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { MessageKey } from '../../i18n';
import { useT } from '../../prefs';
import { useSession } from '../../session';

type Entry = { path: string; label: MessageKey; icon: ReactNode; permission?: string };

const ENTRIES: Entry[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined aria-hidden /> },
  { path: '/dashboard', label: 'dashboard.nav', icon: <DashboardOutlined aria-hidden />, permission: 'dashboard.read' },
  { path: '/annual-reports', label: 'annual.nav', icon: <FileTextOutlined aria-hidden />, permission: 'dashboard.read' },
  { path: '/regions', label: 'nav.regions', icon: <EnvironmentOutlined aria-hidden /> },
  { path: '/calendar', label: 'nav.calendar', icon: <CalendarOutlined aria-hidden /> },
  { path: '/orgs', label: 'nav.orgs', icon: <ApartmentOutlined aria-hidden />, permission: 'org.read' },
  { path: '/leadership', label: 'nav.leadership', icon: <TeamOutlined aria-hidden />, permission: 'staff.read' },
  { path: '/people', label: 'nav.people', icon: <IdcardOutlined aria-hidden />, permission: 'people.read' },
  { path: '/disputes', label: 'nav.disputes', icon: <SolutionOutlined aria-hidden />, permission: 'dispute.read' },
  { path: '/dispute-invitations', label: 'nav.disputesInvited', icon: <SolutionOutlined aria-hidden />, permission: 'dispute.partner' },
  { path: '/dispute-figures', label: 'nav.disputesFigures', icon: <BarChartOutlined aria-hidden />, permission: 'dispute.read' },
  { path: '/requests', label: 'req.nav.inbox', icon: <FormOutlined aria-hidden />, permission: 'request.read' },
  { path: '/request-dispatch', label: 'req.nav.dispatch', icon: <SendOutlined aria-hidden />, permission: 'request.dispatch' },
  { path: '/request-supervision', label: 'req.nav.supervision', icon: <AlertOutlined aria-hidden />, permission: 'request.supervise' },
  { path: '/ratings', label: 'req.nav.ratings', icon: <LikeOutlined aria-hidden />, permission: 'rating.read' },
  { path: '/rating-indices', label: 'req.nav.indices', icon: <LineChartOutlined aria-hidden />, permission: 'rating.read' },
  { path: '/request-catalogue', label: 'req.nav.catalogue', icon: <ProfileOutlined aria-hidden />, permission: 'category.write' },
  { path: '/activities', label: 'act.nav.list', icon: <CarryOutOutlined aria-hidden />, permission: 'activity.read' },
  { path: '/activity-check-in', label: 'act.nav.checkIn', icon: <QrcodeOutlined aria-hidden />, permission: 'activity.checkin' },
  { path: '/activity-totals', label: 'act.nav.totals', icon: <FundOutlined aria-hidden />, permission: 'activity.read' },
  { path: '/volunteers', label: 'act.nav.volunteers', icon: <SmileOutlined aria-hidden />, permission: 'volunteer.read' },
  { path: '/venues', label: 'venue.nav.list', icon: <BankOutlined aria-hidden />, permission: 'venue.read' },
  { path: '/venue-approvals', label: 'venue.nav.approvals', icon: <CheckSquareOutlined aria-hidden />, permission: 'venue.approve' },
  { path: '/venue-coverage', label: 'venue.nav.coverage', icon: <RadarChartOutlined aria-hidden />, permission: 'venue.read' },
  { path: '/venue-bookings', label: 'venue.nav.mine', icon: <CheckSquareOutlined aria-hidden />, permission: 'venue.book' },
  { path: '/campaigns', label: 'act.nav.campaigns', icon: <FundOutlined aria-hidden />, permission: 'activity.read' },
  { path: '/venue-types', label: 'venue.nav.types', icon: <BankOutlined aria-hidden />, permission: 'venue.type.write' },
  { path: '/honours', label: 'nav.honours', icon: <TrophyOutlined aria-hidden />, permission: 'honour.read' },
  { path: '/honours', label: 'nav.honours', icon: <TrophyOutlined aria-hidden />, permission: 'honour.vet' },
  { path: '/members', label: 'nav.members', icon: <IdcardOutlined aria-hidden />, permission: 'member.read' },
  { path: '/meetings', label: 'nav.meetings', icon: <ScheduleOutlined aria-hidden />, permission: 'meeting.read' },
  { path: '/projects', label: 'nav.projects', icon: <ProjectOutlined aria-hidden />, permission: 'meeting.read' },
  { path: '/social-orgs', label: 'nav.socialorgs', icon: <TeamOutlined aria-hidden />, permission: 'sorg.read' },
  { path: '/social-orgs', label: 'nav.socialorgs', icon: <TeamOutlined aria-hidden />, permission: 'sorg.self' },
  { path: '/catalogue', label: 'nav.catalogue', icon: <AppstoreOutlined aria-hidden />, permission: 'catalogue.read' },
  { path: '/talent', label: 'nav.talent', icon: <ReadOutlined aria-hidden />, permission: 'talent.read' },
  { path: '/societies', label: 'nav.societies', icon: <CustomerServiceOutlined aria-hidden />, permission: 'society.read' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined aria-hidden />, permission: 'audit.read' },
  { path: '/accounts', label: 'nav.accounts', icon: <UserSwitchOutlined aria-hidden />, permission: 'account.read' },
  { path: '/notifications', label: 'nav.notifications', icon: <BellOutlined aria-hidden /> },
  { path: '/webhooks', label: 'nav.webhooks', icon: <ApiOutlined aria-hidden />, permission: 'webhook.manage' },
  { path: '/webhooks', label: 'nav.webhooks', icon: <ApiOutlined aria-hidden />, permission: 'webhook.approve_personal' },
  { path: '/jobs', label: 'nav.jobs', icon: <ScheduleOutlined aria-hidden />, permission: 'jobs.read' },
  { path: '/benefits', label: 'nav.benefits', icon: <GiftOutlined aria-hidden />, permission: 'benefit.read' },
  { path: '/benefits', label: 'nav.benefits', icon: <GiftOutlined aria-hidden />, permission: 'benefit.redeem' },
  { path: '/benefit-redeem', label: 'nav.benefitRedeem', icon: <QrcodeOutlined aria-hidden />, permission: 'benefit.redeem' },
];

/** The menu shows only what the account's permissions open. */
export function SideMenu() {
  const t = useT();
  const nav = useNavigate();
  const loc = useLocation();
  const { can, me } = useSession();
  if (me?.mustChangePassword) return null;
  const items = ENTRIES.filter((e) => !e.permission || can(e.permission));
  const selected = items.filter((e) => (e.path === '/' ? loc.pathname === '/' : loc.pathname.startsWith(e.path))).map((e) => e.path);
  return (
    <nav aria-label={t('nav.menu')}>
      <Menu
        theme="dark"
        mode="inline"
        selectedKeys={selected}
        onClick={(info) => nav(info.key)}
        items={items.map((e) => ({ key: e.path, icon: e.icon, label: t(e.label) }))}
      />
    </nav>
  );
}
