import { App, Button, Card, Empty, Flex, Form, Input, List, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Navigate } from 'react-router-dom';
import { errorMessage } from '../../api';
import { skillLabel, VOLUNTEER_SKILLS } from '../../components/skills';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { volunteersApi } from '../../api/volunteers';
import { citizenCall, useCitizen, useCitizenEndpoint, when } from '../activities/citizen';
import { TAG } from '../activities/tags';

/** Volunteer sign-up, open needs to apply for, my hours ledger and certificates. */
export function PortalVolunteerPage() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const { me } = useCitizen();
  const mine = useCitizenEndpoint(volunteersApi.portalMe, me ? {} : null);
  const needs = useCitizenEndpoint(volunteersApi.portalNeeds, { query: { pageSize: 20 } });
  const [form] = Form.useForm<{ skills: string[]; availability: string }>();
  const [saving, setSaving] = useState(false);
  if (me === null) return <Navigate to="/portal/sign-in?next=/portal/volunteers" replace />;
  if (mine.error) return <ErrorState error={mine.error} onRetry={mine.reload} />;
  if (!me || mine.loading || !mine.data) return <LoadingState />;
  const v = mine.data.volunteer;

  const save = async (values: { skills: string[]; availability: string }) => {
    setSaving(true);
    try {
      await citizenCall(volunteersApi.portalSignUp, lang, { body: { skills: values.skills ?? [], availability: values.availability ?? '' } });
      void message.success(t('portal.volunteers.saved'));
      mine.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const apply = async (needId: number) => {
    try {
      await citizenCall(volunteersApi.portalApply, lang, { params: { id: needId }, body: {} });
      void message.success(t('portal.volunteers.applied'));
      mine.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  const appliedTo = new Set(mine.data.applications.map((a) => a.needId));

  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.volunteers.title')}
      </Typography.Title>
      {v ? (
        <Typography.Paragraph strong>{t('portal.volunteers.total', { h: v.confirmedHours })}</Typography.Paragraph>
      ) : (
        <Typography.Paragraph className="qh-muted">{t('portal.volunteers.signUpHint')}</Typography.Paragraph>
      )}
      <Card
        size="small"
        title={
          <Typography.Title level={2} style={{ fontSize: '1.15em', margin: 0 }}>
            {v ? t('portal.volunteers.profile') : t('portal.volunteers.signUp')}
          </Typography.Title>
        }
      >
        <Form form={form} layout="vertical" initialValues={{ skills: v?.skills ?? [], availability: v?.availability ?? '' }} onFinish={save}>
          <Form.Item name="skills" label={t('portal.volunteers.skills')}>
            <Select
              mode="tags"
              maxCount={12}
              options={VOLUNTEER_SKILLS.map((s) => ({ value: s, label: skillLabel(t, s) }))}
              aria-label={t('portal.volunteers.skills')}
            />
          </Form.Item>
          <Form.Item name="availability" label={t('portal.volunteers.availability')}>
            <Input maxLength={200} placeholder={t('portal.volunteers.availabilityPlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={saving}>
            {v ? t('common.save') : t('portal.volunteers.signUp')}
          </Button>
        </Form>
      </Card>

      <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 20 }}>
        {t('portal.volunteers.needs')}
      </Typography.Title>
      {needs.error ? (
        <ErrorState error={needs.error} onRetry={needs.reload} />
      ) : !needs.data ? (
        <LoadingState />
      ) : needs.data.items.length === 0 ? (
        <Empty description={t('portal.volunteers.noNeeds')} />
      ) : (
        <Flex vertical gap="small">
          {needs.data.items.map((n) => (
            <Card key={n.id} size="small">
              <Typography.Text strong>{n.role}</Typography.Text>
              <div className="qh-muted">
                {n.orgName}
                {n.activityTitle ? ` · ${n.activityTitle}` : ''}
              </div>
              <div className="qh-muted">{`${when(n.startsAt, lang)} – ${when(n.endsAt, lang)}`}</div>
              <div>{t('portal.volunteers.headcount', { c: n.confirmed, n: n.headcount })}</div>
              <Button
                style={{ marginTop: 8 }}
                block
                disabled={!v || appliedTo.has(n.id)}
                onClick={() => void apply(n.id)}
                aria-describedby={!v ? `need-${n.id}-why` : undefined}
              >
                {appliedTo.has(n.id) ? t('portal.volunteers.alreadyApplied') : t('portal.volunteers.apply')}
              </Button>
              {/* A disabled button says why: sign up as a volunteer first (the form above). */}
              {!v ? (
                <div id={`need-${n.id}-why`} className="qh-muted" style={{ marginTop: 4 }}>
                  {t('portal.volunteers.applyNeedsSignUp')}
                </div>
              ) : null}
            </Card>
          ))}
        </Flex>
      )}

      {v ? (
        <>
          <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 20 }}>
            {t('portal.volunteers.myApplications')}
          </Typography.Title>
          <List
            bordered
            size="small"
            dataSource={mine.data.applications}
            locale={{ emptyText: <span className="qh-muted">{t('common.empty')}</span> }}
            renderItem={(a) => (
              <List.Item>
                <Flex justify="space-between" style={{ width: '100%' }} gap="small" wrap>
                  <span>
                    {a.role} · {a.orgName}
                  </span>
                  <Tag>{t(`vol.app.status.${a.status}` as never)}</Tag>
                </Flex>
              </List.Item>
            )}
          />
          <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 20 }}>
            {t('portal.volunteers.ledger')}
          </Typography.Title>
          <List
            bordered
            size="small"
            dataSource={mine.data.hours}
            locale={{ emptyText: <span className="qh-muted">{t('common.empty')}</span> }}
            renderItem={(h) => (
              <List.Item>
                <Flex vertical style={{ width: '100%' }}>
                  <Flex justify="space-between" gap="small">
                    <span>
                      {h.serviceDate} · {t('portal.volunteers.hours', { h: h.hours })}
                    </span>
                    <Tag style={h.status === 'confirmed' ? TAG.ok : TAG.muted}>{t(`vol.hours.status.${h.status}` as never)}</Tag>
                  </Flex>
                  <span className="qh-muted">
                    {h.orgName} · {h.role ? `${h.role}：` : ''}
                    {h.content}
                  </span>
                </Flex>
              </List.Item>
            )}
          />
          {mine.data.certifiers.length ? (
            <>
              <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 20 }}>
                {t('portal.volunteers.certificates')}
              </Typography.Title>
              <Flex vertical gap="small">
                {mine.data.certifiers.map((c) => (
                  <Button key={c.orgId} block href={volunteersApi.portalCertificate.path({ query: { orgId: c.orgId } })}>
                    {t('portal.volunteers.download', { org: c.orgName })}
                  </Button>
                ))}
              </Flex>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
