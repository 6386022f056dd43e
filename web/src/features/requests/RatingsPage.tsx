import { Button, Card, Form, Segmented, Select, Tabs, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Appeal, AppealStatus, Rectification } from '@contracts/ratings';
import { APPEAL_STATUSES, RECTIFICATION_STATUSES } from '@contracts/ratings.enums';
import { ratingsApi } from '../../api/ratings';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ActionModal, type ActionSpec } from './ActionModal';
import { appealSpec } from './rating-actions';
import './requests.css';
import { ProvisionalTag } from '../../components/ProvisionalTag';
import { useClearable } from '../../components/clearable';

/** Satisfaction (好差评): rectifications of bad reviews and appeals of untrue ones. */
export function RatingsPage() {
  const t = useT();
  const [sp, setSp] = useSearchParams();
  const tab = sp.get('tab') === 'appeals' ? 'appeals' : 'rect';
  return (
    <>
      <PageTitle>{t('sat.title')}</PageTitle>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'appeals' ? { tab: 'appeals' } : {}, { replace: true })}
        items={[
          { key: 'rect', label: t('sat.rectifications'), children: <RectificationsTab /> },
          { key: 'appeals', label: t('sat.appeals'), children: <AppealsTab /> },
        ]}
      />
    </>
  );
}

function Subject({ r }: { r: { subjectType: string; subjectId: number; subjectLabel: string } }) {
  return r.subjectType === 'request' ? (
    <Link to={`/requests/${r.subjectId}`} className="qh-mono">
      {r.subjectLabel}
    </Link>
  ) : (
    <span>{r.subjectLabel}</span>
  );
}

function RectificationsTab() {
  const clearable = useClearable();
  const t = useT();
  const { can } = useSession();
  const [status, setStatus] = useState<Rectification['status'] | undefined>('open');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const pageSize = 20;
  const state = useEndpoint(ratingsApi.rectifications, { query: { status, overdue: overdue || undefined, page, pageSize } });
  return (
    <Card>
      <Typography.Paragraph className="qh-muted">{t('sat.rectHint')}</Typography.Paragraph>
      <Form layout="inline" component="div" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label={t('sat.status')} htmlFor="rect-status">
          <Select
            id="rect-status"
            allowClear={clearable}
            placeholder={t('common.all')}
            value={status}
            onChange={(v?: Rectification['status']) => {
              setStatus(v);
              setPage(1);
            }}
            options={RECTIFICATION_STATUSES.map((s) => ({ value: s, label: labelOf(t, 'sat.rect', s) }))}
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item label={t('req.overdue')}>
          <Segmented<string>
            value={overdue ? 'yes' : 'all'}
            onChange={(v) => {
              setOverdue(v === 'yes');
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'yes', label: t('req.overdue') },
            ]}
          />
        </Form.Item>
      </Form>
      <SectionTitle>{t('common.results')}</SectionTitle>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Rectification>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={{
          current: page,
          pageSize,
          total: state.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
          onChange: setPage,
        }}
        expandable={{
          rowExpandable: (r) => !!r.measures,
          expandedRowRender: (r) => (
            <div className="qh-req-desc">
              <div>
                <strong>{t('sat.measures')}：</strong>
                {r.measures}
              </div>
              <div>
                <strong>{t('sat.callback')}：</strong>
                {r.callbackNote}（{dateTime(r.callbackAt)}）
              </div>
              <div className="qh-muted">
                {r.completedByName} · {dateTime(r.completedAt)}
              </div>
            </div>
          ),
        }}
        columns={[
          { title: t('sat.subject'), key: 'subject', render: (_, r) => <Subject r={r} /> },
          { title: t('sat.org'), dataIndex: 'orgName' },
          { title: t('sat.level'), dataIndex: 'label', render: (v: string) => <Tag className="qh-tag-bad">{v}</Tag> },
          { title: t('sat.comment'), dataIndex: 'comment', ellipsis: true },
          {
            title: t('sat.status'),
            dataIndex: 'status',
            render: (v: string, r) => (
              <>
                <Tag className={v === 'done' ? 'qh-tag-ok' : v === 'void' ? 'qh-tag-archived' : 'qh-req-soon'}>{labelOf(t, 'sat.rect', v)}</Tag>
                {r.overdue ? <Tag className="qh-tag-bad">{t('req.overdue')}</Tag> : null}
                {r.appealStatus ? <Tag>{labelOf(t, 'sat.appealStatus', r.appealStatus)}</Tag> : null}
              </>
            ),
          },
          {
            title: t('sat.due'),
            dataIndex: 'due',
            width: 130,
            render: (v: string, r) => (
              <>
                {v}
                <ProvisionalTag show={r.dueProvisional} />
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_, r) => (
              <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
                {r.appealStatus === null && r.status === 'open' && can('rating.handle') ? (
                  <Button size="small" onClick={() => setSpec(appealSpec(t, r.ratingId))}>
                    {t('sat.appeal')}
                  </Button>
                ) : null}
                {r.status === 'open' && can('rating.handle') ? (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() =>
                      setSpec({
                        send: (b) =>
                          ratingsApi.complete.call({
                            params: { id: r.id },
                            body: { version: r.version, measures: b.measures as string, callbackNote: b.callbackNote as string },
                          }),
                        title: t('sat.complete', { subject: r.subjectLabel }),
                        text: { label: 'sat.measures', key: 'measures', required: true },
                        extraText: { label: 'sat.callbackNote', key: 'callbackNote' },
                        hint: t('sat.completeHint'),
                      })
                    }
                  >
                    {t('sat.completeShort')}
                  </Button>
                ) : null}
              </span>
            ),
          },
        ]}
      />
      {spec ? (
        <ActionModal
          spec={spec}
          onClose={() => setSpec(null)}
          onDone={() => {
            setSpec(null);
            state.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function AppealsTab() {
  const clearable = useClearable();
  const t = useT();
  const { can, me } = useSession();
  const [status, setStatus] = useState<AppealStatus | undefined>('pending');
  const [page, setPage] = useState(1);
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const pageSize = 20;
  const state = useEndpoint(ratingsApi.appeals, { query: { status, page, pageSize } });
  const decide = (a: Appeal, decision: 'upheld' | 'rejected') =>
    setSpec({
      send: (b) => ratingsApi.decide.call({ params: { id: a.id }, body: { version: a.version, decision, note: b.note as string } }),
      title: t(decision === 'upheld' ? 'sat.uphold' : 'sat.reject'),
      text: { label: 'sat.decisionNote', key: 'note', required: true },
      hint: t(decision === 'upheld' ? 'sat.upholdHint' : 'sat.rejectHint'),
      danger: decision === 'rejected',
    });
  return (
    <Card>
      <Typography.Paragraph className="qh-muted">{t('sat.appealsHint')}</Typography.Paragraph>
      <Form layout="inline" component="div" style={{ marginBottom: 12 }}>
        <Form.Item label={t('sat.status')} htmlFor="appeal-status">
          <Select
            id="appeal-status"
            allowClear={clearable}
            placeholder={t('common.all')}
            value={status}
            onChange={(v?: AppealStatus) => {
              setStatus(v);
              setPage(1);
            }}
            options={APPEAL_STATUSES.map((s) => ({ value: s, label: labelOf(t, 'sat.appealStatus', s) }))}
            style={{ width: 140 }}
          />
        </Form.Item>
      </Form>
      <SectionTitle>{t('common.results')}</SectionTitle>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Appeal>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={{
          current: page,
          pageSize,
          total: state.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
          onChange: setPage,
        }}
        columns={[
          { title: t('sat.subject'), key: 'subject', render: (_, r) => <Subject r={r} /> },
          { title: t('sat.org'), dataIndex: 'orgName' },
          { title: t('sat.level'), dataIndex: 'label', render: (v: string) => <Tag className="qh-tag-bad">{v}</Tag> },
          { title: t('sat.appealReason'), dataIndex: 'reason', ellipsis: true },
          { title: t('sat.reviewer'), dataIndex: 'reviewerOrgName' },
          {
            title: t('sat.status'),
            dataIndex: 'status',
            render: (v: string, r) => (
              <>
                <Tag className={v === 'upheld' ? 'qh-tag-ok' : v === 'rejected' ? 'qh-tag-bad' : 'qh-req-soon'}>{labelOf(t, 'sat.appealStatus', v)}</Tag>
                {r.decisionNote ? <div className="qh-muted">{r.decisionNote}</div> : null}
              </>
            ),
          },
          { title: t('sat.createdAt'), dataIndex: 'createdAt', render: (v: string) => dateTime(v), width: 150 },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_, a) =>
              a.status === 'pending' && can('rating.review') && a.reviewerOrgId === me?.orgId ? (
                <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
                  <Button size="small" type="primary" onClick={() => decide(a, 'upheld')}>
                    {t('sat.uphold')}
                  </Button>
                  <Button size="small" danger onClick={() => decide(a, 'rejected')}>
                    {t('sat.reject')}
                  </Button>
                </span>
              ) : null,
          },
        ]}
      />
      {spec ? (
        <ActionModal
          spec={spec}
          onClose={() => setSpec(null)}
          onDone={() => {
            setSpec(null);
            state.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
