import { KeyOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useNavigate } from 'react-router-dom';
import { usePrefs } from '../../prefs';
import { useMe, useSession } from '../../session';
import { NotificationBell } from '../notifications/NotificationBell';
import { DisplaySwitches } from './DisplaySwitches';

export type MenuToggle = { open: boolean; toggle: () => void; controls: string };

export function AppHeader({ menu }: { menu: MenuToggle | null }) {
  const { t, lang, setLang } = usePrefs();
  const me = useMe();
  const { logout } = useSession();
  const nav = useNavigate();

  const signOut = async () => {
    // Signed out here whatever the server answers: logout() forgets the session in this page in any case.
    await logout().catch(() => undefined);
    // The server clears site storage on sign-out; the display choices are kept on the account and in this page.
    setLang(lang);
    void nav('/login', { replace: true });
  };

  return (
    <>
      <Flex gap="middle" align="center">
        {menu ? (
          <Button
            className="qh-menu-toggle"
            icon={<MenuOutlined aria-hidden />}
            aria-label={menu.open ? t('shell.menuClose') : t('shell.menuOpen')}
            aria-expanded={menu.open}
            aria-controls={menu.controls}
            onClick={menu.toggle}
          >
            {t('shell.menu')}
          </Button>
        ) : null}
        <div className="qh-header-user">
          <div>
            <span className="qh-muted">
              {t('header.user')}
              {t('common.colon')}
            </span>
            <strong>{me.displayName}</strong>
          </div>
          <div className="qh-org">{me.orgName}</div>
        </div>
      </Flex>
      <Flex gap="middle" align="center" wrap>
        <NotificationBell />
        <Button lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} title={t('header.language')}>
          {lang === 'en' ? t('header.langZh') : t('header.langEn')}
        </Button>
        <DisplaySwitches />
        <Button icon={<KeyOutlined aria-hidden />} onClick={() => nav('/change-password')}>
          {t('header.changePassword')}
        </Button>
        <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void signOut()}>
          {t('header.logout')}
        </Button>
      </Flex>
    </>
  );
}
