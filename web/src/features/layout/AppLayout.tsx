import { Layout } from 'antd';
import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ProvisionalBanner } from '../calendar/ProvisionalBanner';
import { AppHeader } from './AppHeader';
import { SideMenu } from './SideMenu';

/** The signed-in shell: skip link, side navigation, header and the page in <main>. */
export function AppLayout() {
  const t = useT();
  const { can } = useSession();
  const loc = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After client-side navigation, move focus to the new page so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [loc.pathname]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="qh-skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Sider width={220} breakpoint="lg" collapsedWidth={0} trigger={null}>
        <div className="qh-brand">
          {t('app.name')}
          <small>{t('app.fullName')}</small>
        </div>
        <SideMenu />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="qh-header">
          <AppHeader />
        </Layout.Header>
        <Layout.Content>
          <main id="main" ref={mainRef} tabIndex={-1} className="qh-main">
            {can('calendar.write') ? <ProvisionalBanner /> : null}
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
