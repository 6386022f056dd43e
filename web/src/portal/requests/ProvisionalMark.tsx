import { useT } from '../../prefs';
import { Tag } from '../ui';

/** Marks a deadline counted into a year whose official holiday arrangement is not yet published (预计), with the reason read out. */
export function ProvisionalMark({ show }: { show: boolean | undefined }) {
  const t = useT();
  if (!show) return null;
  return (
    <span className="qh-portal-provisional" title={t('cal.provisionalTip')}>
      <Tag tone="wait">{t('cal.provisional')}</Tag>
      <span className="qh-sr-only">：{t('cal.provisionalTip')}</span>
    </span>
  );
}
