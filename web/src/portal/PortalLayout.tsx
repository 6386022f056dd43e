import { Button, Flex, Switch } from 'antd';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { usePrefs } from '../prefs';
import { PORTAL_NAV } from './nav';

/**
 * The public portal's shell, phone-first: a compact header (language, large font, staff sign-in), the page in
 * <main>, and a navigation bar fixed to the bottom of a phone screen.
 */
export function PortalLayout() {
  const { t, lang, setLang, largeFont, setLargeFont } = usePrefs();
  const loc = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    document.title = t('portal.title');
  }, [t]);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [loc.pathname]);

  return (
    <div className="qh-portal">
      <a className="qh-skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="qh-portal-header">
        <Link to="/portal" className="qh-portal-brand">
          {t('app.name')}
        </Link>
        <Flex gap="small" align="center" wrap>
          <Button size="small" lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} title={t('header.language')}>
            {lang === 'en' ? t('header.langZh') : t('header.langEn')}
          </Button>
          <Flex gap={4} align="center">
            <label htmlFor="qh-portal-large-font">{t('header.largeFont')}</label>
            <Switch size="small" id="qh-portal-large-font" checked={largeFont} onChange={setLargeFont} />
          </Flex>
        </Flex>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="qh-portal-main">
        <Outlet />
      </main>
      <nav className="qh-portal-nav" aria-label={t('portal.nav')}>
        {PORTAL_NAV.filter((e) => e.bar).map((e) => (
          <NavLink key={e.path} to={e.path} end={e.path === '/portal'} className={({ isActive }) => (isActive ? 'qh-portal-nav-item active' : 'qh-portal-nav-item')}>
            {e.icon}
            <span>{t(e.label)}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
