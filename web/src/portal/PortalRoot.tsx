import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { PrefsProvider, usePrefs } from '../prefs';
import { buildTheme } from '../theme';
import { PortalRoutes } from './routes';
import './portal-light.css';

function Themed() {
  const { lang, largeFont } = usePrefs();
  const theme = useMemo(() => buildTheme(largeFont), [largeFont]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <PortalRoutes />
    </ConfigProvider>
  );
}

/** The public portal's own application: preferences, theme and the portal's routes, none of the console's code. */
export function PortalRoot() {
  return (
    <PrefsProvider>
      <Themed />
    </PrefsProvider>
  );
}
