import { HomeOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n';

export type PortalNavEntry = { path: string; label: MessageKey; icon: ReactNode };

/** The portal's bottom navigation on a phone (a top row on wider screens); each feature adds its entry here. */
export const PORTAL_NAV: PortalNavEntry[] = [{ path: '/portal', label: 'portal.home', icon: <HomeOutlined aria-hidden /> }];
