import { CheckOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { Enrolment, Session, SessionInput } from '@contracts/talent';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { talentApi } from '../../api/talent';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { PersonPicker } from '../../components/PersonFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import { TalentStatusTag } from './TalentPage';
import { DateField } from '../../components/DateField';
import { dateTimeValue, instantOf } from '../../components/date-values';

const when = (iso: string, lang: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });

type Assessing = { enrolment: Enrolment; score: number; passed: boolean };

/** One talent programme: its sessions (training activities), participants, attendance, assessment and certificates. */
export function TalentProgrammePage() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const { can } = useSession();
  const id = Number(useParams().id);
  const p = useEndpoint(talentApi.get, { params: { id } });
  const enrolments = useEndpoint(talentApi.enrolments, { params: { id } });
  const [sessionOpen, setSessionOpen] = useState(false);
  const [enrolOpen, setEnrolOpen] = useState(false);
  const [assessing, setAssessing] = useState<Assessing | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [sessionForm] = Form.useForm<SessionInput>();
  const [enrolForm] = Form.useForm<{ personId: number }>();
  const manage = can('talent.manage');

  if (p.error) return <ErrorState error={p.error} onRetry={p.reload} />;
  if (!p.data) return <LoadingState />;
  const prog = p.data;
  const reload = () => {
    p.reload();
    enrolments.reload();
  };

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      void message.success(ok);
      reload();
      return true;
    } catch (e) {
      void message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const addSession = async (v: SessionInput) => {
    setBusy(true);
    setFormError(null);
    try {
      await talentApi.addSession.call({ params: { id }, body: { ...v, startsAt: instantOf(v.startsAt), endsAt: instantOf(v.endsAt) } });
      setSessionOpen(false);
      sessionForm.resetFields();
      reload();
    } catch (e) {
      setFormError(applyFormError(sessionForm, e));
    } finally {
      setBusy(false);
    }
  };
  const enrol = async (v: { personId: number }) => {
    setBusy(true);
    setFormError(null);
    try {
      await talentApi.enrol.call({ params: { id }, body: { personId: v.personId } });
      setEnrolOpen(false);
      enrolForm.resetFields();
      reload();
    } catch (e) {
      setFormError(applyFormError(enrolForm, e));
    } finally {
      setBusy(false);
    }
  };

  const sessionCols = [
    { title: t('talent.course'), dataIndex: 'course', render: (v: string, s: Session) => <Link to={`/activities/${s.activityId}`}>{v}</Link> },
    { title: t('talent.startsAt'), dataIndex: 'startsAt', render: (v: string) => when(v, lang) },
    { title: t('talent.venue'), dataIndex: 'venueName' },
    { title: t('talent.attendedCount'), dataIndex: 'attended', width: 100, align: 'right' as const },
  ];

  return (
    <>
      <PageTitle
        tags={<TalentStatusTag status={prog.status} />}
        extra={
          manage ? (
            <Button
              loading={busy}
              onClick={() =>
                void run(
                  () => talentApi.setStatus.call({ params: { id }, body: { status: prog.status === 'open' ? 'closed' : 'open', version: prog.version } }),
                  t('talent.saved'),
                )
              }
            >
              {prog.status === 'open' ? t('talent.close') : t('talent.reopen')}
            </Button>
          ) : null
        }
      >
        {prog.name}
      </PageTitle>
      <Card>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'org', label: t('talent.org'), children: prog.orgName },
            { key: 'district', label: t('talent.district'), children: prog.districtName ?? t('talent.cityLevel') },
            { key: 'kind', label: t('talent.kindLabel'), children: labelOf(t, 'talent.kind', prog.kind) },
            { key: 'el', label: t('talent.eligibilityLabel'), children: labelOf(t, 'talent.eligibility', prog.eligibility) },
            { key: 'req', label: t('talent.requiredSessions'), children: prog.requiredSessions },
            { key: 'cap', label: t('talent.capacity'), children: prog.capacity },
            { key: 'en', label: t('talent.enrolled'), children: prog.enrolled },
            { key: 'co', label: t('talent.completed'), children: prog.completed },
            ...(prog.description ? [{ key: 'desc', label: t('talent.description'), children: prog.description }] : []),
          ]}
        />
      </Card>

      <SectionTitle>{t('talent.sessions')}</SectionTitle>
      <Card
        extra={
          manage ? (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => (setFormError(null), setSessionOpen(true))}>
              {t('talent.addSession')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph className="qh-muted">{t('talent.sessionHint')}</Typography.Paragraph>
        <Table<Session>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={prog.sessions}
          columns={sessionCols}
          locale={{ emptyText: <EmptyState /> }}
          scroll={{ x: 640 }}
        />
      </Card>

      <SectionTitle>{t('talent.enrolments')}</SectionTitle>
      <Card
        extra={
          manage ? (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => (setFormError(null), setEnrolOpen(true))}>
              {t('talent.enrol')}
            </Button>
          ) : null
        }
      >
        {enrolments.error ? <ErrorState error={enrolments.error} onRetry={enrolments.reload} /> : null}
        <Table<Enrolment>
          rowKey="id"
          size="small"
          loading={enrolments.loading}
          pagination={false}
          dataSource={enrolments.data?.items ?? []}
          locale={{ emptyText: enrolments.loading ? ' ' : <EmptyState /> }}
          scroll={{ x: 960 }}
          columns={[
            { title: t('talent.person'), dataIndex: 'personName' },
            { title: t('talent.phone'), dataIndex: 'phoneMasked', width: 130 },
            { title: t('talent.source'), dataIndex: 'source', width: 150, render: (v: string) => labelOf(t, 'talent.source', v) },
            {
              title: t('talent.attendance'),
              key: 'att',
              render: (_: unknown, e) => (
                <Space wrap size={4}>
                  {prog.sessions.map((s) =>
                    e.attendedSessionIds.includes(s.id) ? (
                      <Tag key={s.id} className="qh-tag-ok" icon={<CheckOutlined aria-hidden />}>
                        {s.course}
                      </Tag>
                    ) : manage && e.status === 'enrolled' ? (
                      <Button
                        key={s.id}
                        size="small"
                        disabled={busy}
                        aria-label={t('talent.checkInAt', { course: `${s.course}（${e.personName}）` })}
                        onClick={() => void run(() => talentApi.attend.call({ params: { id: e.id }, body: { sessionId: s.id } }), t('talent.checkedIn'))}
                      >
                        {t('talent.checkInAt', { course: s.course })}
                      </Button>
                    ) : (
                      <Tag key={s.id}>{s.course}</Tag>
                    ),
                  )}
                </Space>
              ),
            },
            {
              title: t('talent.statusLabel'),
              dataIndex: 'status',
              width: 100,
              render: (v: string) => <Tag className={v === 'completed' ? 'qh-tag-ok' : ''}>{labelOf(t, 'talent.enrolmentStatus', v)}</Tag>,
            },
            { title: t('talent.score'), dataIndex: 'score', width: 90, align: 'right' },
            {
              title: t('common.actions'),
              key: 'act',
              width: 170,
              render: (_: unknown, e) =>
                e.status === 'completed' ? (
                  <Button
                    size="small"
                    icon={<DownloadOutlined aria-hidden />}
                    href={talentApi.certificate.path({ params: { id: e.id } })}
                    aria-label={`${t('talent.certificate')}（${e.personName}）`}
                  >
                    {t('talent.certificate')}
                  </Button>
                ) : manage && e.status === 'enrolled' ? (
                  <Button
                    size="small"
                    onClick={() => setAssessing({ enrolment: e, score: 80, passed: true })}
                    aria-label={`${t('talent.assess')}（${e.personName}）`}
                  >
                    {t('talent.assess')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Modal
        title={t('talent.addSession')}
        open={sessionOpen}
        onCancel={() => setSessionOpen(false)}
        onOk={() => sessionForm.submit()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={formError} />
        <Form
          form={sessionForm}
          layout="vertical"
          onFinish={(v) => void addSession(v)}
          initialValues={{
            startsAt: dateTimeValue(new Date(Date.now() + 86_400_000).toISOString()),
            endsAt: dateTimeValue(new Date(Date.now() + 86_400_000 + 7_200_000).toISOString()),
          }}
        >
          <Form.Item
            name="course"
            label={t('talent.course')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('talent.course') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="startsAt" label={t('talent.startsAt')} rules={[{ required: true, message: t('common.required', { field: t('talent.startsAt') }) }]}>
            <DateField kind="datetime" />
          </Form.Item>
          <Form.Item name="endsAt" label={t('talent.endsAt')} rules={[{ required: true, message: t('common.required', { field: t('talent.endsAt') }) }]}>
            <DateField kind="datetime" />
          </Form.Item>
          <Form.Item
            name="venueName"
            label={t('talent.venue')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('talent.venue') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="address" label={t('talent.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={t('talent.enrol')}
        open={enrolOpen}
        onCancel={() => setEnrolOpen(false)}
        onOk={() => enrolForm.submit()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={formError} />
        <Form form={enrolForm} layout="vertical" onFinish={(v) => void enrol(v)}>
          <Form.Item name="personId" label={t('talent.person')} rules={[{ required: true, message: t('common.required', { field: t('talent.person') }) }]}>
            <PersonPicker />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={`${t('talent.assess')}${assessing ? `：${assessing.enrolment.personName}` : ''}`}
        open={assessing !== null}
        onCancel={() => setAssessing(null)}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={async () => {
          if (!assessing) return;
          const ok = await run(
            () =>
              talentApi.assess.call({
                params: { id: assessing.enrolment.id },
                body: { score: assessing.score, passed: assessing.passed, version: assessing.enrolment.version },
              }),
            t('talent.saved'),
          );
          if (ok) setAssessing(null);
        }}
      >
        {assessing ? (
          <Space direction="vertical">
            <label htmlFor="talent-score">{t('talent.score')}</label>
            <InputNumber id="talent-score" min={0} max={100} value={assessing.score} onChange={(v) => setAssessing({ ...assessing, score: v ?? 0 })} />
            <Checkbox checked={assessing.passed} onChange={(e) => setAssessing({ ...assessing, passed: e.target.checked })}>
              {t('talent.passed')}
            </Checkbox>
          </Space>
        ) : null}
      </Modal>
    </>
  );
}
