import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Steps, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PortalView } from '@contracts/requests';
import { ApiError, errorMessage } from '../../api';
import { requestsApi } from '../../api/requests';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { dateTime, labelOf } from '../../components/labels';
import { uploadFile } from '../../features/requests/shared';
import { usePrefs } from '../../prefs';
import { RatingCard } from '../RatingCard';
import './portal.css';
import { ProvisionalTag } from '../../components/ProvisionalTag';

const NUMBER_RE = /^QH-[0-9]{4}-[0-9]{6,9}$/;
const STEP_OF: Record<string, number> = { dispatched: 0, returned: 0, accepted: 1, in_progress: 1, resolved: 2, closed: 3 };

/** Follow a request by its number and the phone given at submission; add information; rate it once closed. */
export function PortalTrackPage() {
  const { t } = usePrefs();
  const [sp] = useSearchParams();
  const [form] = Form.useForm<{ number: string; phone: string }>();
  const [query, setQuery] = useState<{ number: string; phone: string } | null>(null);
  const [view, setView] = useState<PortalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (q: { number: string; phone: string }) => {
    setBusy(true);
    setError(null);
    try {
      const v = await requestsApi.portalView.call({ params: { number: q.number }, query: { phone: q.phone } });
      setQuery(q);
      setView(v);
    } catch (err) {
      setView(null);
      setError(err instanceof ApiError && err.status === 404 ? t('portal.requests.notFound') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.requests.trackTitle')}
      </Typography.Title>
      <Card className="qh-portal-card">
        <FormAlert message={error} />
        <Form
          form={form}
          name="portal-track"
          layout="vertical"
          className="qh-portal-form"
          initialValues={{ number: sp.get('number') ?? '' }}
          onFinish={(v) => void load({ number: v.number.trim().toUpperCase(), phone: v.phone.trim() })}
        >
          <Form.Item
            label={t('portal.requests.number')}
            name="number"
            rules={[
              { required: true, whitespace: true, message: t('common.required', { field: t('portal.requests.number') }) },
              {
                validator: (_, v: string) =>
                  !v || NUMBER_RE.test(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error(t('portal.requests.numberFormat'))),
              },
            ]}
          >
            <Input size="large" placeholder="QH-2026-000123" autoComplete="off" autoCapitalize="characters" className="qh-mono" />
          </Form.Item>
          <Form.Item
            label={t('portal.requests.contactPhone')}
            name="phone"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('portal.requests.contactPhone') }) }]}
          >
            <Input size="large" inputMode="tel" autoComplete="tel" maxLength={30} />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" block loading={busy}>
            {t('portal.requests.query')}
          </Button>
        </Form>
      </Card>
      {view && query ? <ViewCard view={view} query={query} reload={() => void load(query)} /> : null}
    </>
  );
}

function ViewCard({ view, query, reload }: { view: PortalView; query: { number: string; phone: string }; reload: () => void }) {
  const { t } = usePrefs();
  const step = STEP_OF[view.status] ?? 0;
  return (
    <>
      <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.statusOf', { number: view.number })}</h2>}>
        <Steps
          orientation="vertical"
          size="small"
          current={step}
          status={view.status === 'closed' ? 'finish' : 'process'}
          items={[
            { title: t('portal.requests.step.submitted') },
            { title: t('portal.requests.step.handling') },
            { title: t('portal.requests.step.resolved') },
            { title: t('portal.requests.step.closed') },
          ]}
        />
        <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('portal.requests.status')}>
            <Tag className={view.status === 'closed' || view.status === 'resolved' ? 'qh-portal-tag-ok' : 'qh-portal-tag-open'}>
              {labelOf(t, 'portal.requests.st', view.status)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('portal.requests.category')}>{view.categoryName}</Descriptions.Item>
          <Descriptions.Item label={t('portal.requests.handler')}>{view.handlerOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('portal.requests.submittedAt')}>{dateTime(view.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('portal.requests.due')}>
            {view.resolveDue}
            <ProvisionalTag show={view.dueProvisional} />
          </Descriptions.Item>
        </Descriptions>
        {view.reply ? (
          <Alert type="success" style={{ marginTop: 12 }} title={t('portal.requests.reply')} description={<div className="qh-portal-desc">{view.reply}</div>} />
        ) : null}
      </Card>
      <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.progress')}</h2>}>
        <Timeline
          items={view.events.map((e, i) => ({
            key: i,
            content: (
              <div>
                <strong>{labelOf(t, 'portal.requests.ev', e.kind)}</strong>
                <div className="qh-muted">{dateTime(e.at)}</div>
                {e.note ? <div className="qh-portal-desc">{e.note}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
      {view.canRate ? (
        <RatingCard
          name="portal-rate"
          hint={t('portal.requests.rateHint')}
          send={(v) => requestsApi.portalRate.call({ params: { number: view.number }, body: { phone: query.phone, ...v } })}
          onDone={reload}
        />
      ) : null}
      {view.rating ? (
        <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.yourRating')}</h2>}>
          <Tag className={view.rating.level >= 4 ? 'qh-portal-tag-bad' : 'qh-portal-tag-ok'} style={{ fontSize: '1em', padding: '4px 8px' }}>
            {view.rating.label}
          </Tag>
          {view.rating.comment ? <p className="qh-portal-desc">{view.rating.comment}</p> : null}
        </Card>
      ) : null}
      {view.status !== 'closed' ? <AddInfoCard number={view.number} phone={query.phone} onDone={reload} /> : null}
    </>
  );
}

function AddInfoCard({ number, phone, onDone }: { number: string; phone: string; onDone: () => void }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const submit = async (v: { text: string }) => {
    setBusy(true);
    setError(null);
    try {
      await requestsApi.portalInfo.call({ params: { number }, body: { phone, text: v.text.trim() } });
      void message.success(t('portal.requests.infoAdded'));
      form.resetFields();
      onDone();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadFile(requestsApi.portalAttach.path({ params: { number } }), file, null, lang, { phone });
      void message.success(t('portal.requests.fileAdded', { name: file.name }));
      onDone();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };
  return (
    <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.addInfo')}</h2>}>
      <FormAlert message={error} />
      <Form form={form} name="portal-info" layout="vertical" className="qh-portal-form" onFinish={(v) => void submit(v)}>
        <Form.Item
          label={t('portal.requests.infoText')}
          name="text"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('portal.requests.infoText') }) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" size="large" htmlType="submit" block loading={busy}>
          {t('portal.requests.infoSubmit')}
        </Button>
      </Form>
      <Upload
        accept="image/jpeg,image/png,image/webp,application/pdf"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button size="large" block icon={<UploadOutlined aria-hidden />} loading={uploading} style={{ marginTop: 12 }}>
          {t('portal.requests.addFiles')}
        </Button>
      </Upload>
    </Card>
  );
}
