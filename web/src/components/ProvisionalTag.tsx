import { Tag, Tooltip } from 'antd';
import { useT } from '../prefs';

/** Marks a deadline counted into a year whose official holiday arrangement is not yet published (预计). */
export function ProvisionalTag({ show }: { show: boolean | undefined }) {
  const t = useT();
  if (!show) return null;
  return (
    <Tooltip title={t('cal.provisionalTip')}>
      <Tag className="qh-tag-provisional" tabIndex={0} aria-label={`${t('cal.provisional')}：${t('cal.provisionalTip')}`} style={{ marginInlineStart: 6 }}>
        {t('cal.provisional')}
      </Tag>
    </Tooltip>
  );
}
