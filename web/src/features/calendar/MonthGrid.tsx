import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { isMessageKey } from '../../i18n';
import { useT } from '../../prefs';
import type { CalendarDay } from '@contracts/calendar';

type Props = { year: number; month: number; onMonth: (m: number) => void; days: CalendarDay[] };

const iso = (y: number, m: number, d: number) => `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** A month as a table; holidays and make-up workdays carry a text mark as well as a colour. */
export function MonthGrid({ year, month, onMonth, days }: Props) {
  const t = useT();
  const byDate = new Map(days.map((d) => [d.date, d]));
  const first = new Date(year, month, 1);
  const lead = (first.getDay() + 6) % 7;
  const count = new Date(year, month + 1, 0).getDate();
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: count }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const wd = (n: number, short: boolean) => {
    const k = `cal.${short ? 'wdShort' : 'wd'}${n}`;
    return isMessageKey(k) ? t(k) : '';
  };
  const caption = t('cal.monthCaption', { year, month: month + 1 });

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Button icon={<LeftOutlined aria-hidden />} onClick={() => onMonth((month + 11) % 12)} disabled={month === 0}>
          {t('cal.prevMonth')}
        </Button>
        <strong aria-live="polite">{caption}</strong>
        <Button onClick={() => onMonth((month + 1) % 12)} disabled={month === 11}>
          {t('cal.nextMonth')} <RightOutlined aria-hidden />
        </Button>
      </Flex>
      <table className="qh-month">
        <caption className="qh-sr-only">{caption}</caption>
        <thead>
          <tr>
            {WEEK.map((n) => (
              <th key={n} scope="col">
                <abbr title={wd(n, false)}>{wd(n, true)}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((d, j) => {
                if (d === null) return <td key={j} className="qh-out" />;
                const info = byDate.get(iso(year, month, d));
                const weekend = j >= 5;
                const cls = info ? `qh-${info.kind}` : weekend ? 'qh-weekend' : '';
                return (
                  <td key={j} className={cls}>
                    <span className="qh-day-num">{d}</span>
                    {info ? (
                      <span className={`qh-day-mark qh-${info.kind}`} title={info.kind === 'holiday' ? t('cal.holiday') : t('cal.workday')}>
                        {info.kind === 'holiday' ? t('cal.markHoliday') : t('cal.markWorkday')}
                      </span>
                    ) : null}
                    {info?.name ? <span className="qh-day-name">{info.name}</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="qh-muted" style={{ marginTop: 8 }}>
        {t('cal.legend')}：<span className="qh-day-mark qh-holiday">{t('cal.markHoliday')}</span> {t('cal.holiday')}
        {'  '}
        <span className="qh-day-mark qh-workday">{t('cal.markWorkday')}</span> {t('cal.workday')}
      </p>
    </>
  );
}
