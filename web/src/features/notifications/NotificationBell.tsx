import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { notificationsApi } from '../../api/notifications';
import { useT } from '../../prefs';

/** Reloads the count this often, and whenever the page changes (reading a notification changes it). */
const POLL_MS = 30_000;

/** The bell in the console header: the unread count, a click opens the notification centre. */
export function NotificationBell() {
  const t = useT();
  const nav = useNavigate();
  const loc = useLocation();
  const [unread, setUnread] = useState(0);
  // Loads overlap (a page change and a read both reload): only the newest answer is shown, never an older one after it.
  const latest = useRef(0);
  useEffect(() => {
    let live = true;
    const load = () => {
      const id = ++latest.current;
      return notificationsApi.unread
        .call()
        .then((r) => live && id === latest.current && setUnread(r.unread))
        .catch(() => {});
    };
    void load();
    const h = setInterval(() => void load(), POLL_MS);
    const onChange = () => void load();
    window.addEventListener('qh-notifications-changed', onChange);
    return () => {
      live = false;
      clearInterval(h);
      window.removeEventListener('qh-notifications-changed', onChange);
    };
  }, [loc.pathname]);
  return (
    <Badge count={unread} size="small" overflowCount={99}>
      <Button
        icon={<BellOutlined aria-hidden />}
        aria-label={t('notifications.bell', { n: unread })}
        title={t('notifications.bell', { n: unread })}
        onClick={() => nav('/notifications')}
        data-testid="notification-bell"
      />
    </Badge>
  );
}
