import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { calendarApi } from '../../api/calendar';

/** For calendar administrators: from October, or all year when it happens, a year whose official arrangement is still missing. */
export function ProvisionalBanner() {
  const t = useT();
  const state = useEndpoint(calendarApi.status);
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
