import { HomeOutlined } from '@ant-design/icons';
import { EnvironmentOutlined } from '@ant-design/icons';
import { FormOutlined, SearchOutlined } from '@ant-design/icons';
import { CalendarOutlined, HeartOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n';

export type PortalNavEntry = { path: string; label: MessageKey; icon: ReactNode };

/** The portal's bottom navigation on a phone (a top row on wider screens); each feature adds its entry here. */
export const PORTAL_NAV: PortalNavEntry[] = [
  { path: '/portal', label: 'portal.home', icon: <HomeOutlined aria-hidden /> },
  { path: '/portal/requests/new', label: 'portal.requests.nav.submit', icon: <FormOutlined aria-hidden /> },
  { path: '/portal/requests/track', label: 'portal.requests.nav.track', icon: <SearchOutlined aria-hidden /> },
  { path: '/portal/activities', label: 'portal.activities.nav', icon: <CalendarOutlined aria-hidden /> },
  { path: '/portal/me/activities', label: 'portal.me.nav', icon: <QrcodeOutlined aria-hidden /> },
  { path: '/portal/volunteers', label: 'portal.volunteers.nav', icon: <HeartOutlined aria-hidden /> },
  { path: '/portal/venues', label: 'portal.venues.nav', icon: <EnvironmentOutlined aria-hidden /> },
];
