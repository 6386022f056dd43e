import { App, Button, Card, Descriptions, Flex, Form, Input, Segmented, Space, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { Registration, RegistrationStatus } from '@contracts/activities';
import { errorMessage } from '../../api';
import { activitiesApi } from '../../api/activities';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { useConfirm } from '../../components/confirm';
import { dateTime } from '../../components/labels';
import { DataState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ActivityFormModal } from './ActivityFormModal';

/** One activity: details, publish/cancel, registrations with the waitlist and approvals, walk-ins. */
export function ActivityDetailPage() {
  const t = useT();
  const { id } = useParams();
  const { can } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const detail = useEndpoint(activitiesApi.get, { params: { id: Number(id) } });
  const [status, setStatus] = useState<RegistrationStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const regs = useEndpoint(activitiesApi.registrations, {
    params: { id: Number(id) },
    query: { status: status === 'all' ? undefined : status, page, pageSize: 20 },
  });
  const [editing, setEditing] = useState(false);
  const [walkForm] = Form.useForm<{ phone: string; name?: string }>();
  const reload = () => {
    detail.reload();
    regs.reload();
  };

  const decide = (r: Registration, decision: 'approve' | 'reject') => {
    const run = () => activitiesApi.decide.call({ params: { id: Number(id), registrationId: r.id }, body: { decision } }).then(reload);
    if (decision === 'reject') confirm({ title: t('act.rejectConfirm'), danger: true, onOk: run });
    else
      run().then(
        () => message.success(t('common.done')),
        (e: unknown) => message.error(errorMessage(e)),
      );
  };

  const walkIn = async (v: { phone: string; name?: string }) => {
    try {
      const r = await activitiesApi.walkIn.call({ params: { id: Number(id) }, body: { phone: v.phone, ...(v.name ? { name: v.name } : {}) } });
      void message.success(t(`act.checkIn.${r.status}`, { name: r.personName, n: r.personTimes }));
      walkForm.resetFields();
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <DataState state={detail} title={t('act.title')}>
      {(a) => (
        <>
          <PageTitle
            tags={
              <Tag className={a.status === 'published' ? 'qh-tag-ok' : a.status === 'cancelled' ? 'qh-tag-bad' : 'qh-tag-archived'}>
                {t(`act.status.${a.status}` as never)}
              </Tag>
            }
            extra={
              can('activity.write') ? (
                <Space wrap>
                  {a.status !== 'cancelled' ? <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button> : null}
                  {a.status === 'draft' ? (
                    <Button
                      type="primary"
                      onClick={() =>
                        confirm({
                          title: t('act.publishConfirm'),
                          onOk: () => activitiesApi.publish.call({ params: { id: a.id }, body: { version: a.version } }).then(reload),
                        })
                      }
                    >
                      {t('act.publish')}
                    </Button>
                  ) : null}
                  {a.status !== 'cancelled' ? (
                    <Button
                      danger
                      onClick={() =>
                        confirm({
                          title: t('act.cancelConfirm'),
                          danger: true,
                          onOk: () => activitiesApi.cancel.call({ params: { id: a.id }, body: { version: a.version } }).then(reload),
                        })
                      }
                    >
                      {t('act.cancel')}
                    </Button>
                  ) : null}
                </Space>
              ) : null
            }
          >
            {a.title}
          </PageTitle>
          <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
            <Descriptions.Item label={t('act.field.type')}>{t(`act.type.${a.type}` as never)}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.campaign')}>{a.campaignName ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.host')}>{a.hostOrgName}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.cohosts')}>{a.cohosts.map((c) => c.name).join('、') || t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.time')}>{`${dateTime(a.startsAt)} – ${dateTime(a.endsAt)}`}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.regWindow')}>{`${dateTime(a.regOpensAt)} – ${dateTime(a.regClosesAt)}`}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.place')}>
              {a.type === 'online' ? a.onlineUrl : [a.venueName, a.address].filter(Boolean).join(' · ') || t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('act.field.region')}>{a.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.registered')}>{`${a.registeredCount} / ${a.capacity}`}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.waitlisted')}>{a.waitlistedCount}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.pending')}>{a.pendingCount}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.personTimes')}>{a.personTimes}</Descriptions.Item>
            <Descriptions.Item label={t('act.field.ratings')}>
              {a.ratings.rated > 0
                ? t('act.ratingsSummary', { n: a.ratings.rated, rate: Math.round((a.ratings.satisfactionRate ?? 0) * 1000) / 10, bad: a.ratings.bad })
                : t('act.noRatings')}
            </Descriptions.Item>
          </Descriptions>
          {a.description ? <p style={{ marginTop: 12 }}>{a.description}</p> : null}

          {can('activity.checkin') && a.status === 'published' && a.type !== 'online' ? (
            <Card size="small" style={{ marginTop: 16 }} title={<SectionTitle>{t('act.walkIn')}</SectionTitle>}>
              <Form form={walkForm} layout="inline" onFinish={walkIn}>
                <Form.Item name="phone" label={t('act.walkInPhone')} rules={[{ required: true }]}>
                  <Input inputMode="tel" maxLength={20} autoComplete="off" />
                </Form.Item>
                <Form.Item name="name" label={t('act.walkInName')}>
                  <Input maxLength={40} autoComplete="off" />
                </Form.Item>
                <Button htmlType="submit">{t('common.submit')}</Button>
              </Form>
            </Card>
          ) : null}

          <SectionTitle>{t('act.registrations')}</SectionTitle>
          <Flex style={{ marginBottom: 12 }}>
            <Segmented
              aria-label={t('act.field.status')}
              value={status}
              onChange={(v) => {
                setStatus(v as RegistrationStatus | 'all');
                setPage(1);
              }}
              options={(['all', 'registered', 'waitlisted', 'pending', 'cancelled', 'rejected'] as const).map((s) => ({
                value: s,
                label: s === 'all' ? t('common.all') : t(`act.reg.${s}` as never),
              }))}
            />
          </Flex>
          {regs.error ? (
            <ErrorState error={regs.error} onRetry={regs.reload} />
          ) : (
            <Table<Registration>
              rowKey="id"
              loading={regs.loading}
              dataSource={regs.data?.items ?? []}
              scroll={{ x: 700 }}
              pagination={{ current: page, pageSize: 20, total: regs.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: setPage }}
              columns={[
                { title: t('act.seq'), dataIndex: 'seq', width: 90 },
                { title: t('act.person'), dataIndex: 'personName' },
                { title: t('act.phone'), dataIndex: 'phoneMasked' },
                { title: t('act.field.status'), dataIndex: 'status', render: (v: string) => t(`act.reg.${v}` as never) },
                { title: t('act.position'), dataIndex: 'position', render: (v: number | null) => v ?? t('common.none') },
                { title: t('act.checkedInAt'), dataIndex: 'checkedInAt', render: (v: string | null) => (v ? dateTime(v) : t('common.none')) },
                {
                  title: t('common.actions'),
                  key: 'act',
                  render: (_, r) =>
                    r.status === 'pending' && can('activity.write') ? (
                      <Space>
                        <Button size="small" type="primary" onClick={() => decide(r, 'approve')}>
                          {t('act.approve')}
                        </Button>
                        <Button size="small" danger onClick={() => decide(r, 'reject')}>
                          {t('act.reject')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]}
            />
          )}
          <ActivityFormModal
            open={editing}
            activity={a}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              reload();
            }}
          />
        </>
      )}
    </DataState>
  );
}
