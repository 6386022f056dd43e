import { Button, Flex, Select, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Room } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { ErrorState, LoadingState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { addDays, chinaInstant, chinaLabel, chinaToday, mondayOf } from './types';

const START_HOUR = 8;
const END_HOUR = 21;
const HOUR_PX = 40;
const STATUS_COLOR: Record<string, string> = { confirmed: '#0958d9', pending: '#ad4e00' };

/** A week of bookings of one room or all rooms of a venue, hour rows × weekday columns (China time). */
export function WeekCalendar({ venueId, rooms, reloadKey }: { venueId: number; rooms: Room[]; reloadKey: number }) {
  const t = useT();
  const [monday, setMonday] = useState(mondayOf(chinaToday()));
  const [roomId, setRoomId] = useState<number | undefined>();
  const from = chinaInstant(monday, '00:00');
  const to = chinaInstant(addDays(monday, 7), '00:00');
  const list = useEndpoint(venuesApi.bookings, { params: { id: venueId }, query: { from, to, roomId, includePending: true } });
  // A booking made elsewhere on the page bumps reloadKey: fetch the week again.
  const seen = useRef(reloadKey);
  const { reload } = list;
  useEffect(() => {
    if (seen.current !== reloadKey) {
      seen.current = reloadKey;
      reload();
    }
  }, [reloadKey, reload]);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const roomName = rooms.find((r) => r.id === roomId)?.name ?? t('venue.calendar.allRooms');
  return (
    <>
      <Flex gap="small" wrap align="center" style={{ marginBottom: 12 }}>
        <Button onClick={() => setMonday(addDays(monday, -7))}>{t('venue.calendar.prev')}</Button>
        <Button onClick={() => setMonday(mondayOf(chinaToday()))}>{t('venue.calendar.thisWeek')}</Button>
        <Button onClick={() => setMonday(addDays(monday, 7))}>{t('venue.calendar.next')}</Button>
        <Typography.Text strong>
          {monday} – {addDays(monday, 6)}
        </Typography.Text>
        <Select
          aria-label={t('venue.booking.room')}
          value={roomId ?? 0}
          onChange={(v) => setRoomId(v === 0 ? undefined : v)}
          style={{ minWidth: 160 }}
          options={[{ value: 0, label: t('venue.calendar.allRooms') }, ...rooms.map((r) => ({ value: r.id, label: r.name }))]}
        />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.loading && !list.data ? (
        <LoadingState />
      ) : (
        <div role="table" aria-label={t('venue.calendar.label', { room: roomName })} style={{ overflowX: 'auto' }}>
          <div role="row" style={{ display: 'grid', gridTemplateColumns: `56px repeat(7, minmax(110px, 1fr))`, minWidth: 830 }}>
            <div role="columnheader" />
            {days.map((d, i) => (
              <div role="columnheader" key={d} style={{ textAlign: 'center', fontWeight: 600, padding: 4, borderBottom: '1px solid #d9d9d9' }}>
                {t(`venue.weekday.${i + 1}` as never)} {d.slice(5)}
              </div>
            ))}
          </div>
          <div role="row" style={{ display: 'grid', gridTemplateColumns: `56px repeat(7, minmax(110px, 1fr))`, minWidth: 830, position: 'relative' }}>
            <div role="rowheader">
              {Array.from({ length: END_HOUR - START_HOUR }, (_, h) => (
                <div key={h} style={{ height: HOUR_PX, fontSize: 12, color: '#595959', borderTop: '1px solid #f0f0f0' }}>
                  {String(START_HOUR + h).padStart(2, '0')}:00
                </div>
              ))}
            </div>
            {days.map((d) => {
              const items = (list.data?.items ?? []).filter((b) => chinaLabel(b.start).slice(0, 10) === d);
              return (
                <div
                  role="cell"
                  key={d}
                  style={{
                    position: 'relative',
                    borderLeft: '1px solid #f0f0f0',
                    height: (END_HOUR - START_HOUR) * HOUR_PX,
                    background: 'repeating-linear-gradient(#fff 0, #fff 39px, #f0f0f0 39px, #f0f0f0 40px)',
                  }}
                >
                  {items.map((b) => {
                    const s = chinaLabel(b.start).slice(11);
                    const e = chinaLabel(b.end).slice(11);
                    const top = (Number(s.slice(0, 2)) + Number(s.slice(3)) / 60 - START_HOUR) * HOUR_PX;
                    const height = Math.max(18, ((new Date(b.end).getTime() - new Date(b.start).getTime()) / 3_600_000) * HOUR_PX - 2);
                    return (
                      <div
                        key={b.id}
                        tabIndex={0}
                        aria-label={`${s}–${e} ${b.roomName} ${b.orgName} ${b.purpose} ${t(`venue.booking.${b.status}` as never)}`}
                        title={`${s}–${e} ${b.roomName}\n${b.orgName}\n${b.purpose}`}
                        style={{
                          position: 'absolute',
                          top: Math.max(0, top),
                          left: 2,
                          right: 2,
                          height,
                          overflow: 'hidden',
                          borderRadius: 4,
                          padding: '2px 4px',
                          fontSize: 12,
                          color: '#fff',
                          background: STATUS_COLOR[b.status] ?? '#595959',
                        }}
                      >
                        {s}–{e} {roomId ? '' : `${b.roomName} · `}
                        {b.orgName}
                        <br />
                        {b.purpose}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
          {(list.data?.items.length ?? 0) === 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('venue.calendar.empty')}
            </Typography.Paragraph>
          ) : null}
          <Flex gap="small" style={{ marginTop: 8 }}>
            <Tag color={STATUS_COLOR.confirmed}>{t('venue.booking.confirmed')}</Tag>
            <Tag color={STATUS_COLOR.pending}>{t('venue.booking.pending')}</Tag>
          </Flex>
        </div>
      )}
    </>
  );
}
