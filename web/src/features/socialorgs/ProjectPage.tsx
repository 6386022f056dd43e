import { App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Progress, Space, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { Milestone, ProjectDetail } from '@contracts/socialorgs';
import { errorMessage } from '../../api';
import { socialorgsApi } from '../../api/socialorgs';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

/** A purchased-service project: deliverables counted from recorded activities, milestones with payment, evaluation. */
export function ProjectPage() {
  const t = useT();
  const { id } = useParams();
  const { can } = useSession();
  const { message } = App.useApp();
  const state = useEndpoint(socialorgsApi.project, { params: { id: Number(id) } });
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState('');
  const [activityId, setActivityId] = useState<number | null>(null);
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await f();
      void message.success(t('common.done'));
      state.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const self = can('sorg.self');
  return (
    <DataState state={state}>
      {(p: ProjectDetail) => (
        <>
          <PageTitle tags={<Tag>{labelOf(t, 'sorg.project.status', p.status)}</Tag>}>{p.title}</PageTitle>
          <Flex vertical gap="middle">
            <Card>
              <Descriptions column={{ xs: 1, md: 3 }} size="small">
                <Descriptions.Item label={t('sorg.name')}>{p.sorgName}</Descriptions.Item>
                <Descriptions.Item label={t('sorg.project.amount')}>{p.amount}</Descriptions.Item>
                <Descriptions.Item label={t('sorg.project.paid')}>{p.paid}</Descriptions.Item>
                <Descriptions.Item label={t('sorg.award.period')}>{`${p.startsOn} ~ ${p.endsOn}`}</Descriptions.Item>
                <Descriptions.Item label={t('sorg.project.userRatings')}>
                  {p.userRatings.rated === 0
                    ? t('sorg.project.noRatings')
                    : t('sorg.project.ratingsLine', {
                        rate: `${Math.round((p.userRatings.satisfactionRate ?? 0) * 1000) / 10}%`,
                        rated: p.userRatings.rated,
                        bad: p.userRatings.bad,
                      })}
                </Descriptions.Item>
                {p.evaluationScore !== null ? <Descriptions.Item label={t('sorg.evaluation.score')}>{p.evaluationScore}</Descriptions.Item> : null}
              </Descriptions>
            </Card>
            <Card>
              <SectionTitle>{t('sorg.project.deliverables')}</SectionTitle>
              {p.deliverables.map((d) => (
                <div key={d.key} style={{ marginBottom: 8 }}>
                  <span>{`${d.label}：${d.achieved} / ${d.target}`}</span>
                  <Progress percent={Math.min(100, Math.round((d.achieved / d.target) * 100))} aria-label={d.label} />
                </div>
              ))}
              <SectionTitle level={3}>{t('sorg.project.activities')}</SectionTitle>
              <ul>
                {p.activities.map((a) => (
                  <li key={a.id}>{`${a.title}（${a.personTimes}）`}</li>
                ))}
              </ul>
              {self && p.status !== 'evaluated' ? (
                <Space wrap>
                  <InputNumber
                    aria-label={t('sorg.project.link')}
                    placeholder={t('sorg.project.link')}
                    min={1}
                    value={activityId}
                    onChange={(v) => setActivityId(v)}
                    style={{ width: 220 }}
                  />
                  <Button
                    disabled={!activityId}
                    loading={busy}
                    onClick={() => void run(() => socialorgsApi.linkActivity.call({ params: { id: p.id }, body: { activityId: activityId! } }))}
                  >
                    {t('common.submit')}
                  </Button>
                </Space>
              ) : null}
            </Card>
            <Card>
              <SectionTitle>{t('sorg.project.milestones')}</SectionTitle>
              <Table<Milestone>
                rowKey="id"
                dataSource={p.milestones}
                pagination={false}
                scroll={{ x: 800 }}
                columns={[
                  { title: '#', dataIndex: 'seq', width: 50 },
                  { title: t('sorg.call.title'), dataIndex: 'title' },
                  { title: t('sorg.call.deadline'), dataIndex: 'dueOn', width: 120 },
                  { title: t('sorg.project.amount'), dataIndex: 'payment', width: 110 },
                  { title: t('sorg.call.status'), dataIndex: 'status', width: 100, render: (v: string) => <Tag>{labelOf(t, 'sorg.milestone.status', v)}</Tag> },
                  {
                    title: '',
                    key: 'act',
                    render: (_: unknown, m) =>
                      self && (m.status === 'planned' || m.status === 'returned') ? (
                        <Space wrap>
                          <Input
                            aria-label={t('sorg.milestone.report')}
                            placeholder={t('sorg.milestone.report')}
                            value={report}
                            onChange={(e) => setReport(e.target.value)}
                          />
                          <Button
                            size="small"
                            disabled={!report.trim()}
                            loading={busy}
                            onClick={() => void run(() => socialorgsApi.reportMilestone.call({ params: { id: m.id }, body: { report } }))}
                          >
                            {t('common.submit')}
                          </Button>
                        </Space>
                      ) : !self && can('sorg.manage') && m.status === 'reported' ? (
                        <Space wrap>
                          <span>{m.report}</span>
                          <Button
                            size="small"
                            type="primary"
                            loading={busy}
                            onClick={() => void run(() => socialorgsApi.acceptMilestone.call({ params: { id: m.id }, body: { accept: true } }))}
                          >
                            {t('sorg.milestone.accept')}
                          </Button>
                          <Button
                            size="small"
                            loading={busy}
                            onClick={() => void run(() => socialorgsApi.acceptMilestone.call({ params: { id: m.id }, body: { accept: false } }))}
                          >
                            {t('sorg.milestone.return')}
                          </Button>
                        </Space>
                      ) : (
                        (m.paidOn ?? m.report)
                      ),
                  },
                ]}
              />
            </Card>
            {!self && can('sorg.manage') && p.status !== 'evaluated' && p.milestones.every((m) => m.status === 'accepted') ? (
              <Card>
                <SectionTitle>{t('sorg.evaluate')}</SectionTitle>
                <Form
                  layout="vertical"
                  onFinish={(v: { score: number; note: string }) =>
                    void run(() => socialorgsApi.evaluate.call({ params: { id: p.id }, body: { version: p.version, ...v } }))
                  }
                >
                  <Form.Item name="score" label={t('sorg.evaluation.score')} rules={[{ required: true }]}>
                    <InputNumber min={0} max={100} />
                  </Form.Item>
                  <Form.Item name="note" label={t('sorg.evaluation.note')} rules={[{ required: true }]}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy}>
                    {t('common.submit')}
                  </Button>
                </Form>
              </Card>
            ) : null}
          </Flex>
        </>
      )}
    </DataState>
  );
}
