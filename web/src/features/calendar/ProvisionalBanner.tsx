import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../components/use-api';
import { useT } from '../../prefs';
import type { CalendarStatus } from '../../types';

/** For calendar administrators: from October, or all year when it happens, a year whose official arrangement is still missing. */
export function ProvisionalBanner() {
  const t = useT();
  const state = useApi<CalendarStatus>('/api/calendar/status');
  const s = state.data;
  if (!s?.warn) return null;
  const year = s.thisYearOfficial ? s.nextYear : Number(s.today.slice(0, 4));
  return (
    <Alert
      type="warning"
      showIcon
      banner
      title={t('cal.banner', { year })}
      action={<Link to={`/calendar?year=${year}#arrangement`}>{t('cal.bannerAction')}</Link>}
      style={{ marginBottom: 16 }}
    />
  );
}
