import { Drawer, Grid, Layout } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ProvisionalBanner } from '../calendar/ProvisionalBanner';
import { AppHeader } from './AppHeader';
import { SideMenu } from './SideMenu';

const DRAWER_ID = 'qh-menu-drawer';

/**
 * The signed-in shell: skip link, side navigation, header and the page in <main>. Below the `lg` breakpoint (a
 * narrow window or 200% zoom) the menu moves into a drawer opened by a labelled button in the header.
 */
export function AppLayout() {
  const t = useT();
  const { can } = useSession();
  const loc = useLocation();
  const screens = Grid.useBreakpoint();
  // Before the first measurement `lg` is undefined: treat the window as wide so a desktop never flashes a drawer.
  const narrow = screens.lg === false;
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After client-side navigation, move focus to the new page so keyboard and screen-reader users land on it.
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [loc.pathname]);

  const brand = (
    <div className="qh-brand">
      {t('app.name')}
      <small>{t('app.fullName')}</small>
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }} className="qh-shell">
      <a className="qh-skip-link" href="#main">
        {t('app.skip')}
      </a>
      {narrow ? (
        <Drawer
          id={DRAWER_ID}
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          placement="left"
          size={280}
          title={t('shell.menu')}
          closeIcon={<span aria-label={t('shell.menuClose')}>×</span>}
          rootClassName="qh-menu-drawer"
          styles={{ body: { padding: 0 } }}
        >
          {brand}
          <SideMenu />
        </Drawer>
      ) : (
        <Layout.Sider width={220} trigger={null}>
          {brand}
          <SideMenu />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="qh-header">
          <AppHeader menu={narrow ? { open: menuOpen, toggle: () => setMenuOpen((o) => !o), controls: DRAWER_ID } : null} />
        </Layout.Header>
        <Layout.Content style={{ minWidth: 0 }}>
          <main id="main" ref={mainRef} tabIndex={-1} className="qh-main">
            {can('calendar.write') ? <ProvisionalBanner /> : null}
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
