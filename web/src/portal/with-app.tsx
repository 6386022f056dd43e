import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, type ReactNode } from 'react';
import { usePrefs } from '../prefs';
import { buildTheme } from '../theme';

/**
 * The component library's theme, locale and App (message, modal) around a portal page, loaded with the first page
 * that uses the library rather than with the portal's shell and home page.
 */
export function WithAntd({ children, app }: { children: ReactNode; app: boolean }) {
  const { lang, largeFont, elder, contrast } = usePrefs();
  const theme = useMemo(() => buildTheme({ largeFont, elder, contrast, portal: true }), [largeFont, elder, contrast]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      {app ? <AntApp component={false}>{children}</AntApp> : children}
    </ConfigProvider>
  );
}
