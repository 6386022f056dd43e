import { AppstoreOutlined, HomeOutlined } from '@ant-design/icons';
import { EnvironmentOutlined } from '@ant-design/icons';
import { FormOutlined, SearchOutlined } from '@ant-design/icons';
import { CalendarOutlined, HeartOutlined, QrcodeOutlined, TrophyOutlined } from '@ant-design/icons';
import { BellOutlined, IdcardOutlined, ReadOutlined } from '@ant-design/icons';
import { GiftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n';

export type PortalNavEntry = {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** In the bottom bar too (at most five fit a 390 px phone with the large font); every entry is a tile on the home page. */ bar?: boolean;
};

/** The portal's services: tiles on the home page, the most used also in the bottom bar; each feature adds its entry here. */
export const PORTAL_NAV: PortalNavEntry[] = [
  { path: '/portal', bar: true, label: 'portal.home', icon: <HomeOutlined aria-hidden /> },
  { path: '/portal/requests/new', bar: true, label: 'portal.requests.nav.submit', icon: <FormOutlined aria-hidden /> },
  { path: '/portal/requests/track', bar: true, label: 'portal.requests.nav.track', icon: <SearchOutlined aria-hidden /> },
  { path: '/portal/activities', bar: true, label: 'portal.activities.nav', icon: <CalendarOutlined aria-hidden /> },
  { path: '/portal/me/activities', bar: true, label: 'portal.me.nav', icon: <QrcodeOutlined aria-hidden /> },
  { path: '/portal/volunteers', label: 'portal.volunteers.nav', icon: <HeartOutlined aria-hidden /> },
  { path: '/portal/venues', label: 'portal.venues.nav', icon: <EnvironmentOutlined aria-hidden /> },
  { path: '/portal/honours', label: 'portal.honours.nav', icon: <TrophyOutlined aria-hidden /> },
  { path: '/portal/me/notifications', label: 'portal.notifications.nav', icon: <BellOutlined aria-hidden /> },
  { path: '/portal/members', label: 'portal.members.nav', icon: <IdcardOutlined aria-hidden /> },
  { path: '/portal/services', label: 'portal.catalogue.nav', icon: <AppstoreOutlined aria-hidden /> },
  { path: '/portal/talent', label: 'portal.talent.nav', icon: <ReadOutlined aria-hidden /> },
  { path: '/portal/benefits', label: 'portal.benefits.nav', icon: <GiftOutlined aria-hidden /> },
];
