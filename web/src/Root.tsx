import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { AppRoutes } from './routes';
import { PrefsProvider, usePrefs } from './prefs';
import { SessionProvider } from './session';
import { buildTheme } from './theme';

function Themed() {
  const { lang, largeFont } = usePrefs();
  const theme = useMemo(() => buildTheme(largeFont), [largeFont]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <PrefsProvider>
      <Themed />
    </PrefsProvider>
  );
}
