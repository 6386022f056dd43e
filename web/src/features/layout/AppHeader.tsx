import { KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Flex, Switch } from 'antd';
import { useNavigate } from 'react-router-dom';
import { usePrefs } from '../../prefs';
import { useMe, useSession } from '../../session';
import { NotificationBell } from '../notifications/NotificationBell';

export function AppHeader() {
  const { t, lang, setLang, largeFont, setLargeFont } = usePrefs();
  const me = useMe();
  const { logout } = useSession();
  const nav = useNavigate();

  const signOut = async () => {
    await logout();
    // The server clears site storage on sign-out; keep the language and font choices.
    setLang(lang);
    setLargeFont(largeFont);
    void nav('/login', { replace: true });
  };

  return (
    <>
      <div className="qh-header-user">
        <div>
          <span className="qh-muted">{t('header.user')}
            {t('common.colon')}</span>
          <strong>{me.displayName}</strong>
        </div>
        <div className="qh-org">{me.orgName}</div>
      </div>
      <Flex gap="middle" align="center" wrap>
        <NotificationBell />
        <Button
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
          title={t('header.language')}
        >
          {lang === 'en' ? t('header.langZh') : t('header.langEn')}
        </Button>
        <Flex gap="small" align="center">
          <label htmlFor="qh-large-font">{t('header.largeFont')}</label>
          <Switch id="qh-large-font" checked={largeFont} onChange={setLargeFont} />
        </Flex>
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
