import { ApartmentOutlined, AuditOutlined, CalendarOutlined, EnvironmentOutlined, HomeOutlined, IdcardOutlined, TeamOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Menu } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { MessageKey } from '../../i18n';
import { useT } from '../../prefs';
import { useSession } from '../../session';

type Entry = { path: string; label: MessageKey; icon: ReactNode; permission?: string };

const ENTRIES: Entry[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined aria-hidden /> },
  { path: '/regions', label: 'nav.regions', icon: <EnvironmentOutlined aria-hidden /> },
  { path: '/calendar', label: 'nav.calendar', icon: <CalendarOutlined aria-hidden /> },
  { path: '/orgs', label: 'nav.orgs', icon: <ApartmentOutlined aria-hidden />, permission: 'org.read' },
  { path: '/leadership', label: 'nav.leadership', icon: <TeamOutlined aria-hidden />, permission: 'staff.read' },
  { path: '/people', label: 'nav.people', icon: <IdcardOutlined aria-hidden />, permission: 'people.read' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined aria-hidden />, permission: 'audit.read' },
  { path: '/accounts', label: 'nav.accounts', icon: <UserSwitchOutlined aria-hidden />, permission: 'account.read' },
];

/** The menu shows only what the account's permissions open. */
export function SideMenu() {
  const t = useT();
  const nav = useNavigate();
  const loc = useLocation();
  const { can, me } = useSession();
  if (me?.mustChangePassword) return null;
  const items = ENTRIES.filter((e) => !e.permission || can(e.permission));
  const selected = items
    .filter((e) => (e.path === '/' ? loc.pathname === '/' : loc.pathname.startsWith(e.path)))
    .map((e) => e.path);
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
