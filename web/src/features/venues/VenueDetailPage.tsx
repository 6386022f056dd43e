import { Button, Card, Descriptions, Empty, Flex, Image, Tabs, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { venuesApi } from '../../api/venues';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { BookingModal } from './BookingModal';
import { VenueBookingsList } from './BookingsPage';
import { useVenueTypes } from './use-venue-types';
import { WeekCalendar } from './WeekCalendar';

/** One venue: rooms, co-builders, hosted projects, opening hours, photos, accessibility, its booking week and the booking form. */
export function VenueDetailPage() {
  const t = useT();
  const { id } = useParams();
  const { can } = useSession();
  const state = useEndpoint(venuesApi.get, { params: { id: Number(id) } });
  const types = useVenueTypes();
  const [booking, setBooking] = useState(false);
  const [tick, setTick] = useState(0);
  const [feed, setFeed] = useState<string | null>(null);
  const getFeed = async () => {
    try {
      const r = await venuesApi.feedToken.call({ body: { kind: 'venue', venueId: Number(id) } });
      setFeed(`${window.location.origin}${r.path}`);
    } catch (err) {
      setFeed(errorMessage(err));
    }
  };
  return (
    <DataState state={state} title={t('venue.title')}>
      {(v) => (
        <>
          <PageTitle
            tags={
              <>
                <Tag color="blue">{types.label(v.typeCode)}</Tag>
                {v.modelLevel ? <Tag>{t(`venue.model.${v.modelLevel}` as never)}</Tag> : null}
              </>
            }
            extra={
              <Flex gap="small">
                {v.canWrite ? (
                  <Link to={`/venues/${v.id}/edit`}>
                    <Button>{t('venue.edit.button')}</Button>
                  </Link>
                ) : null}
                <Button onClick={getFeed}>{t('venue.feed')}</Button>
                {can('venue.book') && v.rooms.length > 0 ? (
                  <Button type="primary" onClick={() => setBooking(true)}>
                    {t('venue.book')}
                  </Button>
                ) : null}
              </Flex>
            }
          >
            {v.name}
          </PageTitle>
          {feed ? (
            <Typography.Paragraph copyable={{ text: feed }} style={{ wordBreak: 'break-all' }}>
              {t('venue.feedCopied', { url: feed })}
            </Typography.Paragraph>
          ) : null}
          <Tabs
            items={[
              {
                key: 'info',
                label: t('venue.tab.info'),
                children: (
                  <Flex vertical gap="middle">
                    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
                      <Descriptions.Item label={t('venue.field.region')}>{v.regionName}</Descriptions.Item>
                      <Descriptions.Item label={t('venue.field.address')}>{v.address || t('common.none')}</Descriptions.Item>
                      <Descriptions.Item label={t('venue.field.manager')}>{v.managingOrgName}</Descriptions.Item>
                      <Descriptions.Item label={t('venue.field.cobuilders')}>
                        {v.cobuilders.map((c) => c.name).join('、') || t('common.none')}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('venue.field.accessibility')}>
                        {v.accessibility.length ? v.accessibility.map((a) => <Tag key={a}>{a}</Tag>) : t('common.none')}
                        {v.accessibilityNote}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('venue.field.quota')}>
                        {v.monthlyQuotaHours ? t('venue.quotaHours', { n: v.monthlyQuotaHours }) : t('venue.noQuota')}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('venue.edit.approvalRequired')}>
                        {v.approvalRequired ? t('venue.edit.approvalYes') : t('venue.edit.approvalNo')}
                      </Descriptions.Item>
                      <Descriptions.Item label={t('venue.serviceAreas')} span={2}>
                        {v.serviceAreas.length ? v.serviceAreas.map((a) => a.name).join('、') : t('venue.serviceAreas.own')}
                      </Descriptions.Item>
                    </Descriptions>
                    <section aria-labelledby="rooms">
                      <SectionTitle id="rooms">{t('venue.rooms')}</SectionTitle>
                      <Table
                        rowKey="id"
                        size="small"
                        pagination={false}
                        dataSource={v.rooms}
                        columns={[
                          { title: t('venue.booking.room'), dataIndex: 'name' },
                          { title: t('venue.room.capacity'), dataIndex: 'capacity' },
                          { title: t('venue.room.facilities'), dataIndex: 'facilities', render: (f: string[]) => f.map((x) => <Tag key={x}>{x}</Tag>) },
                        ]}
                      />
                    </section>
                    <section aria-labelledby="hours">
                      <SectionTitle id="hours">{t('venue.hours')}</SectionTitle>
                      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 4 }}>
                        {[1, 2, 3, 4, 5, 6, 7].map((d) => {
                          const h = v.weekly.filter((w) => w.weekday === d);
                          return (
                            <Descriptions.Item key={d} label={t(`venue.weekday.${d}` as never)}>
                              {h.length ? h.map((w) => `${w.opens}–${w.closes}`).join(', ') : t('venue.hours.closed')}
                            </Descriptions.Item>
                          );
                        })}
                        <Descriptions.Item label={t('venue.hours.holidays')}>
                          {v.openOnHolidays ? t('venue.hours.openHolidays') : t('venue.hours.closedHolidays')}
                        </Descriptions.Item>
                      </Descriptions>
                      {v.exceptions.length ? (
                        <Typography.Paragraph style={{ marginTop: 8 }}>
                          {t('venue.hours.exceptions')}:{' '}
                          {v.exceptions
                            .map((e) => `${e.day} ${e.closed ? t('venue.hours.closed') : `${e.opens}–${e.closes}`}${e.note ? `（${e.note}）` : ''}`)
                            .join('；')}
                        </Typography.Paragraph>
                      ) : null}
                    </section>
                    <section aria-labelledby="photos">
                      <SectionTitle id="photos">{t('venue.photos')}</SectionTitle>
                      {v.photos.length ? (
                        <Image.PreviewGroup>
                          <Flex gap="small" wrap>
                            {v.photos.map((p) => (
                              <Image key={p.id} width={160} src={venuesApi.photo.path({ params: { id: v.id, photoId: p.id } })} alt={p.name} />
                            ))}
                          </Flex>
                        </Image.PreviewGroup>
                      ) : (
                        <Empty description={t('venue.noPhotos')} />
                      )}
                    </section>
                  </Flex>
                ),
              },
              {
                key: 'calendar',
                label: t('venue.tab.calendar'),
                children: (
                  <Card>
                    <WeekCalendar venueId={v.id} rooms={v.rooms} reloadKey={tick} />
                  </Card>
                ),
              },
              ...(v.canWrite ? [{ key: 'bookings', label: t('venue.tab.bookings'), children: <VenueBookingsList venueId={v.id} /> }] : []),
              {
                key: 'projects',
                label: t('venue.tab.projects'),
                children: (
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={v.projects}
                    columns={[
                      { title: t('venue.project.service'), dataIndex: 'service' },
                      { title: t('venue.project.org'), dataIndex: 'orgName' },
                      { title: t('venue.project.schedule'), dataIndex: 'schedule' },
                      { title: t('venue.project.period'), key: 'p', render: (_, p) => `${p.startsOn} – ${p.endsOn ?? ''}` },
                    ]}
                  />
                ),
              },
            ]}
          />
          <BookingModal venue={v} open={booking} onClose={() => setBooking(false)} onBooked={() => setTick((n) => n + 1)} />
        </>
      )}
    </DataState>
  );
}
