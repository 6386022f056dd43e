import { App, Button, Card, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { RequestDetail } from '@contracts/requests';
import { errorMessage } from '../../api';
import { requestsApi } from '../../api/requests';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { usePrefs } from '../../prefs';
import { CategoryFields, cleanFields } from './CategoryFields';
import './requests.css';
import { useCategories, useCategoryOptions } from './shared';
import { ProvisionalTag } from '../../components/ProvisionalTag';

type Values = {
  channel: 'phone' | 'walk_in';
  categoryCode: string;
  description: string;
  regionCode: string;
  address?: string;
  contactName: string;
  contactPhone: string;
  fields?: Record<string, string | number>;
};

/** Staff enter a request on behalf of a caller (phone) or a visitor (walk-in). */
export function IntakePage() {
  const { t, lang } = usePrefs();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const cats = useCategories();
  const options = useCategoryOptions(cats.items);
  const code = Form.useWatch('categoryCode', form);
  const cat = cats.items?.find((c) => c.code === code);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RequestDetail | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await requestsApi.submit.call({
        body: {
          channel: v.channel,
          categoryCode: v.categoryCode,
          description: v.description.trim(),
          regionCode: v.regionCode,
          address: v.address?.trim() || undefined,
          contactName: v.contactName.trim(),
          contactPhone: v.contactPhone.trim(),
          fields: cleanFields(v.fields),
        },
      });
      setDone(r);
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  const markDuplicate = async (ofId: number) => {
    if (!done) return;
    try {
      await requestsApi.duplicate.call({ params: { id: done.id }, body: { ofId } });
      const of = done.duplicateCandidates?.find((d) => d.id === ofId);
      setDone({ ...done, duplicateOf: of ? { id: of.id, number: of.number } : null });
      void message.success(t('common.done'));
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  if (done)
    return (
      <>
        <PageTitle>{t('req.intake')}</PageTitle>
        <Card>
          <Result
            status="success"
            title={t('req.intakeDone', { number: done.number })}
            subTitle={
              <>
                {t('req.intakeRouted', { org: done.handlerOrgName, due: done.resolveDue })}
                <ProvisionalTag show={done.dueProvisional} />
              </>
            }
            extra={[
              done.access !== 'receipt' ? (
                <Button key="open" type="primary" onClick={() => nav(`/requests/${done.id}`)}>
                  {t('req.openDetail')}
                </Button>
              ) : null,
              <Button
                key="again"
                onClick={() => {
                  setDone(null);
                  form.resetFields();
                }}
              >
                {t('req.intakeAnother')}
              </Button>,
            ]}
          >
            {done.duplicateCandidates?.length ? (
              <div>
                <Typography.Paragraph strong>{t('req.duplicateCandidates')}</Typography.Paragraph>
                <ul>
                  {done.duplicateCandidates.map((d) => (
                    <li key={d.id}>
                      <Link to={`/requests/${d.id}`} className="qh-mono">
                        {d.number}
                      </Link>{' '}
                      {d.samePerson ? t('req.samePerson') : t('req.similarText')}{' '}
                      {done.duplicateOf?.id === d.id ? (
                        <span>{t('req.markedDuplicate')}</span>
                      ) : (
                        <Button size="small" onClick={() => void markDuplicate(d.id)}>
                          {t('req.markDuplicate')}
                        </Button>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Result>
        </Card>
      </>
    );

  return (
    <>
      <PageTitle extra={<Link to="/requests">{t('req.backToInbox')}</Link>}>{t('req.intake')}</PageTitle>
      <Card style={{ maxWidth: 880 }}>
        <FormAlert message={error} />
        <Form<Values> form={form} name="request-intake" layout="vertical" initialValues={{ channel: 'phone' }} onFinish={(v) => void submit(v)}>
          <SectionTitle>{t('req.intakeCaller')}</SectionTitle>
          <Form.Item label={t('req.channel')} name="channel">
            <Radio.Group
              options={[
                { value: 'phone', label: t('req.channel.phone') },
                { value: 'walk_in', label: t('req.channel.walk_in') },
              ]}
            />
          </Form.Item>
          <Form.Item
            label={t('req.contactName')}
            name="contactName"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('req.contactName') }) }]}
          >
            <Input maxLength={60} autoComplete="off" />
          </Form.Item>
          <Form.Item
            label={t('req.contactPhone')}
            name="contactPhone"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('req.contactPhone') }) }]}
          >
            <Input maxLength={30} autoComplete="off" inputMode="tel" />
          </Form.Item>
          <SectionTitle>{t('req.intakeMatter')}</SectionTitle>
          <Form.Item label={t('req.category')} name="categoryCode" rules={[{ required: true, message: t('common.required', { field: t('req.category') }) }]}>
            <Select
              options={options}
              showSearch={{ optionFilterProp: 'label' }}
              loading={!cats.items && !cats.error}
              onChange={() => form.setFieldValue('fields', {})}
            />
          </Form.Item>
          {cat && (lang === 'en' ? cat.descriptionEn : cat.description) ? (
            <Typography.Paragraph className="qh-muted">{lang === 'en' ? cat.descriptionEn : cat.description}</Typography.Paragraph>
          ) : null}
          {cat ? <CategoryFields defs={cat.fields} /> : null}
          <Form.Item
            label={t('req.description')}
            name="description"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('req.description') }) }]}
          >
            <Input.TextArea rows={5} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item
            label={t('req.communityOrStreet')}
            name="regionCode"
            extra={t('req.regionHint')}
            rules={[{ required: true, message: t('common.required', { field: t('req.communityOrStreet') }) }]}
          >
            <RegionSelect />
          </Form.Item>
          <Form.Item label={t('req.address')} name="address">
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
