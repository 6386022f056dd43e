import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Select, Upload, type UploadFile } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import type { PortalIntake, PortalReceipt } from '@contracts/requests';
import { ApiError, request } from '../../api';
import { requestsApi } from '../../api/requests';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { CategoryFields, cleanFields } from '../../features/requests/CategoryFields';
import { uploadFile, useCategories, useCategoryOptions } from '../../features/requests/shared';
import { usePrefs } from '../../prefs';
import { CommunityPicker } from './CommunityPicker';
import { clearDraft, isNetworkFailure, loadDraft, newIdempotencyKey, saveDraft } from './draft';
import './portal.css';

type Values = {
  categoryCode: string;
  description: string;
  regionCode: string;
  address?: string;
  contactName: string;
  contactPhone: string;
  consent: boolean;
  publishDescription?: boolean;
  fields?: Record<string, string | number | string[]>;
};

export type Submitted = PortalReceipt & { phone: string; failedFiles: string[] };

const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;

/** A titled part of the form; plain elements rather than a Card, which would bring tabs and menus into this page's download. */
function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="qh-portal-card qh-portal-section" aria-label={title}>
      <h2 className="qh-portal-section-title">{title}</h2>
      {children}
    </section>
  );
}

/** A citizen submits a request (我要反映): what, where, who to call back, consent, optional photos. */
export function PortalSubmitPage() {
  const { t, lang } = usePrefs();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const cats = useCategories(false, true);
  const options = useCategoryOptions(cats.items);
  const code = Form.useWatch('categoryCode', form);
  const cat = cats.items?.find((c) => c.code === code);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // What was typed here before (a dropped network, a closed tab) comes back, with the key that makes its submission unique.
  const draft = useMemo(() => loadDraft<Values>(), []);
  const key = useRef(draft?.idempotencyKey ?? newIdempotencyKey());
  const [queued, setQueued] = useState(draft?.queued === true);
  const sending = useRef(false);

  const keep = useCallback(
    (values: Partial<Values>, isQueued: boolean) =>
      saveDraft<Values>({ values, idempotencyKey: key.current, queued: isQueued, savedAt: new Date().toISOString() }),
    [],
  );

  const submit = useCallback(
    async (v: Values) => {
      // One submission at a time: the network's return and a tap on the button must not send the request twice.
      if (sending.current) return;
      sending.current = true;
      setBusy(true);
      setError(null);
      try {
        const phone = v.contactPhone.trim();
        const body: PortalIntake = {
          categoryCode: v.categoryCode,
          description: v.description.trim(),
          regionCode: v.regionCode,
          address: v.address?.trim() || undefined,
          contactName: v.contactName.trim(),
          contactPhone: phone,
          fields: cleanFields(v.fields),
          consent: true,
          publishDescription: v.publishDescription === true,
        };
        // The citizen's submission carries its Idempotency-Key: a retry after a lost answer is answered, not entered twice.
        const r = await request<PortalReceipt>('POST', requestsApi.portalSubmit.path({ body }), body, { headers: { 'Idempotency-Key': key.current } });
        clearDraft();
        setQueued(false);
        const failedFiles: string[] = [];
        for (const f of files) {
          if (!f.originFileObj) continue;
          try {
            await uploadFile(requestsApi.portalAttach.path({ params: { number: r.number } }), f.originFileObj, null, lang, { phone });
          } catch {
            failedFiles.push(f.name);
          }
        }
        void nav('/portal/requests/submitted', { state: { ...r, phone, failedFiles } satisfies Submitted });
      } catch (err) {
        if (err instanceof ApiError && isNetworkFailure(err.status)) {
          keep(form.getFieldsValue(true) as Values, true);
          setQueued(true);
        } else {
          setError(applyFormError(form, err));
        }
      } finally {
        sending.current = false;
        setBusy(false);
      }
    },
    [files, form, keep, lang, nav],
  );

  // A queued submission goes out when the network returns, or on opening the page when it is already back.
  const retry = useRef<() => void>(() => undefined);
  retry.current = () => {
    if (!queued) return;
    form
      .validateFields()
      .then((v) => submit({ ...(form.getFieldsValue(true) as Values), ...v }))
      .catch(() => undefined);
  };
  useEffect(() => {
    const onOnline = () => retry.current();
    window.addEventListener('online', onOnline);
    if (navigator.onLine) onOnline();
    return () => window.removeEventListener('online', onOnline);
  }, []);

  const req = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];

  return (
    <>
      <h1 className="qh-portal-title qh-portal-h1">{t('portal.requests.submitTitle')}</h1>
      <p className="qh-muted">{t('portal.requests.submitHint')}</p>
      {queued ? (
        <Alert
          type="warning"
          showIcon
          role="status"
          className="qh-portal-card"
          title={t('portal.requests.queued')}
          description={files.length ? t('portal.requests.queuedFiles') : undefined}
        />
      ) : null}
      {draft && !queued ? (
        <Alert
          type="info"
          showIcon
          className="qh-portal-card"
          title={t('portal.requests.draftRestored')}
          action={
            <Button
              size="small"
              onClick={() => {
                clearDraft();
                key.current = newIdempotencyKey();
                form.resetFields();
              }}
            >
              {t('portal.requests.clearDraft')}
            </Button>
          }
        />
      ) : null}
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="portal-request"
        layout="vertical"
        className="qh-portal-form"
        initialValues={draft?.values}
        onValuesChange={(_, all) => keep(all, queued)}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        <Section title={t('portal.requests.what')}>
          <Form.Item
            label={t('portal.requests.category')}
            name="categoryCode"
            rules={[{ required: true, message: t('common.required', { field: t('portal.requests.category') }) }]}
          >
            <Select
              size="large"
              options={options}
              loading={!cats.items && !cats.error}
              placeholder={t('portal.requests.categoryPlaceholder')}
              onChange={() => form.setFieldValue('fields', {})}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          {cat && (lang === 'en' ? cat.descriptionEn : cat.description) ? (
            <p className="qh-muted">{lang === 'en' ? cat.descriptionEn : cat.description}</p>
          ) : null}
          {cat ? <CategoryFields defs={cat.fields} size="large" /> : null}
          <Form.Item label={t('portal.requests.description')} name="description" rules={req(t('portal.requests.description'))}>
            <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('portal.requests.descriptionPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('portal.requests.attachments')} extra={t('portal.requests.attachmentsHint')}>
            <Upload
              accept="image/jpeg,image/png,image/webp,application/pdf"
              multiple
              fileList={files}
              beforeUpload={(file) => {
                if (file.size > MAX_BYTES) return Upload.LIST_IGNORE;
                return false;
              }}
              onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
            >
              <Button size="large" icon={<UploadOutlined aria-hidden />} disabled={files.length >= MAX_FILES}>
                {t('portal.requests.addFiles')}
              </Button>
            </Upload>
          </Form.Item>
        </Section>
        <Section title={t('portal.requests.where')}>
          <Form.Item
            label={t('portal.requests.area')}
            name="regionCode"
            htmlFor="portal-region"
            rules={[{ required: true, message: t('portal.requests.areaRequired') }]}
          >
            <CommunityPicker id="portal-region" />
          </Form.Item>
          <Form.Item label={t('portal.requests.address')} name="address">
            <Input size="large" maxLength={200} autoComplete="street-address" />
          </Form.Item>
        </Section>
        <Section title={t('portal.requests.contact')}>
          <Form.Item label={t('portal.requests.contactName')} name="contactName" rules={req(t('portal.requests.contactName'))}>
            <Input size="large" maxLength={60} autoComplete="name" />
          </Form.Item>
          <Form.Item
            label={t('portal.requests.contactPhone')}
            name="contactPhone"
            extra={t('portal.requests.phoneHint')}
            rules={req(t('portal.requests.contactPhone'))}
          >
            <Input size="large" maxLength={30} autoComplete="tel" inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="consent"
            valuePropName="checked"
            className="qh-portal-consent"
            rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('portal.requests.consentRequired')))) }]}
          >
            <Checkbox>{t('portal.requests.consent')}</Checkbox>
          </Form.Item>
          <Form.Item name="publishDescription" valuePropName="checked" className="qh-portal-consent">
            <Checkbox>{t('portal.requests.publishDescription')}</Checkbox>
          </Form.Item>
        </Section>
        <Button type="primary" size="large" htmlType="submit" block loading={busy}>
          {t('portal.requests.submit')}
        </Button>
      </Form>
    </>
  );
}
