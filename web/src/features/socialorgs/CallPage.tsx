import { App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Application, CallDetail } from '@contracts/socialorgs';
import { errorMessage } from '../../api';
import { socialorgsApi } from '../../api/socialorgs';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { AwardModal } from './CallForms';
import { CallStatusTag } from './SocialOrgsPage';

function useAct(reload: () => void) {
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    run: async (f: () => Promise<unknown>) => {
      setBusy(true);
      try {
        await f();
        void message.success(t('common.done'));
        reload();
      } catch (e) {
        void message.error(errorMessage(e));
      } finally {
        setBusy(false);
      }
    },
  };
}

function ApplyForm({ call, reload }: { call: CallDetail; reload: () => void }) {
  const t = useT();
  const act = useAct(reload);
  const [form] = Form.useForm<{ title: string; proposal: string; amount: number; documents?: string }>();
  return (
    <Card>
      <SectionTitle>{t('sorg.apply')}</SectionTitle>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          void act.run(() =>
            socialorgsApi.apply.call({
              params: { id: call.id },
              body: {
                title: v.title,
                proposal: v.proposal,
                amount: v.amount,
                documents: (v.documents ?? '')
                  .split(/[,，]/)
                  .map((x) => x.trim())
                  .filter(Boolean),
              },
            }),
          )
        }
      >
        <Form.Item name="title" label={t('sorg.call.title')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="proposal" label={t('sorg.apply.proposal')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="amount" label={t('sorg.apply.amount')} rules={[{ required: true }]}>
          <InputNumber min={1} max={call.budget} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="documents" label={t('sorg.apply.documents')}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ReviewCell({ call, a, reload }: { call: CallDetail; a: Application; reload: () => void }) {
  const t = useT();
  const act = useAct(reload);
  const [scores, setScores] = useState<Record<string, number>>(Object.fromEntries(a.myScores.map((s) => [s.criterion, s.score])));
  if (a.myConflict === null)
    return (
      <Space wrap>
        <Button
          size="small"
          loading={act.busy}
          onClick={() => void act.run(() => socialorgsApi.declare.call({ params: { id: a.id }, body: { conflict: false } }))}
        >
          {t('sorg.declare.none')}
        </Button>
        <Button
          size="small"
          danger
          loading={act.busy}
          onClick={() => void act.run(() => socialorgsApi.declare.call({ params: { id: a.id }, body: { conflict: true } }))}
        >
          {t('sorg.declare.conflict')}
        </Button>
      </Space>
    );
  if (a.myConflict) return <Tag>{t('sorg.declared.conflict')}</Tag>;
  return (
    <Space wrap>
      {call.criteria.map((c) => (
        <InputNumber
          key={c.key}
          size="small"
          min={0}
          max={100}
          aria-label={`${c.label} (${c.weight}%)`}
          placeholder={c.label}
          value={scores[c.key]}
          onChange={(v) => setScores((s) => ({ ...s, [c.key]: v ?? 0 }))}
        />
      ))}
      <Button
        size="small"
        type="primary"
        loading={act.busy}
        onClick={() =>
          void act.run(() =>
            socialorgsApi.score.call({ params: { id: a.id }, body: { scores: call.criteria.map((c) => ({ criterion: c.key, score: scores[c.key] ?? 0 })) } }),
          )
        }
      >
        {t('sorg.score.submit')}
      </Button>
    </Space>
  );
}

function Panel({ call, reload }: { call: CallDetail; reload: () => void }) {
  const t = useT();
  const act = useAct(reload);
  const cands = useEndpoint(socialorgsApi.panelCandidates, { params: { id: call.id } });
  const [ids, setIds] = useState<number[]>(call.reviewers.map((r) => r.accountId));
  return (
    <Flex gap="small" wrap align="center">
      <Select
        mode="multiple"
        aria-label={t('sorg.call.panel')}
        style={{ minWidth: 320 }}
        value={ids}
        onChange={setIds}
        options={(cands.data?.items ?? []).map((c) => ({ value: c.accountId, label: c.name }))}
        optionFilterProp="label"
      />
      <Button loading={act.busy} onClick={() => void act.run(() => socialorgsApi.setPanel.call({ params: { id: call.id }, body: { accountIds: ids } }))}>
        {t('sorg.call.setPanel')}
      </Button>
    </Flex>
  );
}

/** One call for proposals: publish, panel, review with declarations and scores, award and contract; or apply. */
export function CallPage() {
  const t = useT();
  const { id } = useParams();
  const { can } = useSession();
  const state = useEndpoint(socialorgsApi.call, { params: { id: Number(id) } });
  const act = useAct(state.reload);
  const [awarding, setAwarding] = useState<Application | null>(null);
  return (
    <DataState state={state}>
      {(c) => {
        const owner = can('sorg.manage') && c.reviewers !== undefined && !can('sorg.self');
        return (
          <>
            <PageTitle tags={<CallStatusTag status={c.status} />}>{c.title}</PageTitle>
            <Flex vertical gap="middle">
              <Card>
                <Descriptions column={{ xs: 1, md: 3 }} size="small">
                  <Descriptions.Item label={t('sorg.call.budget')}>{c.budget}</Descriptions.Item>
                  <Descriptions.Item label={t('sorg.call.area')}>{c.areaName}</Descriptions.Item>
                  <Descriptions.Item label={t('sorg.call.deadline')}>{c.deadline}</Descriptions.Item>
                  <Descriptions.Item label={t('sorg.call.criteria')}>{c.criteria.map((k) => `${k.label} ${k.weight}`).join(' · ')}</Descriptions.Item>
                  <Descriptions.Item label={t('sorg.call.panel')}>{c.reviewers.map((r) => r.name).join('、') || t('common.none')}</Descriptions.Item>
                </Descriptions>
                {c.description ? <Typography.Paragraph>{c.description}</Typography.Paragraph> : null}
                {owner ? (
                  <Space wrap style={{ marginTop: 8 }}>
                    {c.status === 'draft' ? (
                      <Button
                        type="primary"
                        loading={act.busy}
                        onClick={() => void act.run(() => socialorgsApi.publishCall.call({ params: { id: c.id }, body: { version: c.version } }))}
                      >
                        {t('sorg.call.publish')}
                      </Button>
                    ) : null}
                    {c.status === 'draft' || c.status === 'open' ? <Panel call={c} reload={state.reload} /> : null}
                    {c.status === 'open' ? (
                      <Button
                        loading={act.busy}
                        onClick={() => void act.run(() => socialorgsApi.closeCall.call({ params: { id: c.id }, body: { version: c.version } }))}
                      >
                        {t('sorg.call.startReview')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null}
              </Card>
              {can('sorg.self') && c.status === 'open' && c.applications.length === 0 ? <ApplyForm call={c} reload={state.reload} /> : null}
              <Card>
                <SectionTitle>{t('sorg.call.applications')}</SectionTitle>
                {c.status === 'review' && owner ? <Typography.Paragraph className="qh-muted">{t('sorg.award.hint')}</Typography.Paragraph> : null}
                <Table<Application>
                  rowKey="id"
                  dataSource={c.applications}
                  pagination={false}
                  scroll={{ x: 900 }}
                  columns={[
                    { title: t('sorg.name'), dataIndex: 'sorgName' },
                    {
                      title: t('sorg.call.title'),
                      dataIndex: 'title',
                      render: (v: string, r) => (r.projectId ? <Link to={`/social-orgs/projects/${r.projectId}`}>{v}</Link> : v),
                    },
                    { title: t('sorg.apply.amount'), dataIndex: 'amount', width: 120 },
                    { title: t('sorg.score.total'), dataIndex: 'totalScore', width: 100, render: (v: number | null) => v ?? t('common.none') },
                    { title: t('sorg.call.status'), dataIndex: 'status', width: 100 },
                    {
                      title: '',
                      key: 'act',
                      render: (_: unknown, a) => (
                        <Space wrap>
                          {c.status === 'review' && c.onPanel ? <ReviewCell call={c} a={a} reload={state.reload} /> : null}
                          {c.status === 'review' && owner && a.totalScore !== null ? (
                            <Button type="primary" size="small" onClick={() => setAwarding(a)}>
                              {t('sorg.award')}
                            </Button>
                          ) : null}
                        </Space>
                      ),
                    },
                  ]}
                />
              </Card>
            </Flex>
            {awarding ? <AwardModal application={awarding} budget={c.budget} onClose={() => setAwarding(null)} /> : null}
          </>
        );
      }}
    </DataState>
  );
}
