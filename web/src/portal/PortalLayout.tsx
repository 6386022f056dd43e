import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { usePrefs } from '../prefs';
import { PORTAL_NAV } from './nav';
import { FeedbackProvider } from './ui/feedback';
import './ui/ui.css';

/**
 * The public portal's shell, phone-first: a compact header (language, large font, staff sign-in), the page in
 * <main>, and a navigation bar fixed to the bottom of a phone screen. Plain elements, no component library: the shell
 * is part of the portal's first download.
 */
export function PortalLayout() {
  const { t, lang, setLang, largeFont, setLargeFont, elder, setElder, contrast, setContrast } = usePrefs();
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
        <div className="qh-portal-tools">
          <button
            type="button"
            className="qh-portal-lang"
            lang={lang === 'en' ? 'zh-CN' : 'en'}
            onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
            title={t('header.language')}
          >
            {lang === 'en' ? t('header.langZh') : t('header.langEn')}
          </button>
          <label className="qh-portal-switch" htmlFor="qh-portal-large-font">
            <span>{t('header.largeFont')}</span>
            <input
              type="checkbox"
              role="switch"
              id="qh-portal-large-font"
              checked={largeFont || elder}
              disabled={elder}
              aria-checked={largeFont || elder}
              onChange={(e) => setLargeFont(e.target.checked)}
            />
          </label>
          <label className="qh-portal-switch" htmlFor="qh-portal-elder">
            <span>{t('shell.elder')}</span>
            <input type="checkbox" role="switch" id="qh-portal-elder" checked={elder} aria-checked={elder} onChange={(e) => setElder(e.target.checked)} />
          </label>
          <label className="qh-portal-switch" htmlFor="qh-portal-contrast">
            <span>{t('shell.contrast')}</span>
            <input
              type="checkbox"
              role="switch"
              id="qh-portal-contrast"
              checked={contrast}
              aria-checked={contrast}
              onChange={(e) => setContrast(e.target.checked)}
            />
          </label>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="qh-portal-main">
        <FeedbackProvider>
          <Outlet />
        </FeedbackProvider>
      </main>
      <nav className="qh-portal-nav" aria-label={t('portal.nav')}>
        {PORTAL_NAV.filter((e) => e.bar).map((e) => (
          <NavLink
            key={e.path}
            to={e.path}
            end={e.path === '/portal'}
            className={({ isActive }) => (isActive ? 'qh-portal-nav-item active' : 'qh-portal-nav-item')}
          >
            {e.icon}
            <span>{t(e.label)}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
