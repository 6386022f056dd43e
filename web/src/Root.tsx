import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo } from 'react';
import { AppRoutes } from './routes';
import { PrefsProvider, usePrefs } from './prefs';
import { SessionProvider } from './session';
import { buildTheme } from './theme';
import { PrefsSync } from './features/layout/PrefsSync';

function Themed() {
  const { lang, largeFont, elder, contrast, reducedMotion } = usePrefs();
  const theme = useMemo(() => buildTheme({ largeFont, elder, contrast, reducedMotion }), [largeFont, elder, contrast, reducedMotion]);
  // The date library follows the page's language too; loaded apart, as the first page shows no date picker.
  useEffect(() => {
    void import('./date-locale').then((m) => m.applyDateLocale(lang));
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <PrefsSync />
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
