import { Button, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useConfirm } from '../../components/confirm';
import { weekdayOf } from '../../components/labels';
import { EmptyState } from '../../components/states';
import { useT } from '../../prefs';
import type { CalendarDay } from '@contracts/calendar';
import { calendarApi } from '../../api/calendar';

export function DaysTable({ days, writable, onChanged }: { days: CalendarDay[]; writable: boolean; onChanged: () => void }) {
  const t = useT();
  const confirm = useConfirm();
  return (
    <Table<CalendarDay>
      rowKey="date"
      size="small"
      dataSource={days}
      pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState /> }}
      columns={[
        { title: t('common.date'), dataIndex: 'date', render: (v: string) => <span className="qh-mono">{v}</span> },
        { title: t('cal.weekday'), key: 'wd', render: (_: unknown, d) => weekdayOf(t, d.date) },
        {
          title: t('cal.kind'),
          dataIndex: 'kind',
          render: (k: string) => (
            <Tag className={k === 'holiday' ? 'qh-tag-holiday' : 'qh-tag-workday'}>{k === 'holiday' ? t('cal.holiday') : t('cal.workday')}</Tag>
          ),
        },
        { title: t('cal.name'), dataIndex: 'name', render: (v: string | null) => v || t('common.none') },
        {
          title: t('cal.source'),
          dataIndex: 'source',
          render: (s: string) => (s === 'override' ? t('cal.sourceOverride') : s === 'statutory' ? t('cal.sourceStatutory') : t('cal.sourceReference')),
        },
        ...(writable
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, d: CalendarDay) =>
                  d.source === 'override' ? (
                    <Button
                      size="small"
                      danger
                      aria-label={`${t('cal.removeOverride')}：${d.date}`}
                      onClick={() =>
                        confirm({
                          title: t('cal.removeConfirm', { date: d.date }),
                          danger: true,
                          okText: t('cal.removeOverride'),
                          successText: t('common.deleted'),
                          onOk: async () => {
                            await calendarApi.removeOverride.call({ params: { day: d.date } });
                            onChanged();
                          },
                        })
                      }
                    >
                      {t('cal.removeOverride')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}
