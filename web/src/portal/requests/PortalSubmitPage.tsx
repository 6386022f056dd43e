import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, Select, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { CategoryFields, cleanFields } from '../../features/requests/CategoryFields';
import { uploadFile, useCategories, useCategoryOptions } from '../../features/requests/shared';
import { usePrefs } from '../../prefs';
import { CommunityPicker } from './CommunityPicker';
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

export type Submitted = { number: string; status: string; handlerOrgName: string; resolveDue: string; dueProvisional: boolean; phone: string; failedFiles: string[] };

const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;

/** A citizen submits a request (我要反映): what, where, who to call back, consent, optional photos. */
export function PortalSubmitPage() {
  const { t, lang } = usePrefs();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const cats = useCategories(false, '/api/portal/request-categories');
  const options = useCategoryOptions(cats.items);
  const code = Form.useWatch('categoryCode', form);
  const cat = cats.items?.find((c) => c.code === code);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const phone = v.contactPhone.trim();
      const r = await api.post<Omit<Submitted, 'phone' | 'failedFiles'>>('/api/portal/requests', {
        categoryCode: v.categoryCode,
        description: v.description.trim(),
        regionCode: v.regionCode,
        address: v.address?.trim() || undefined,
        contactName: v.contactName.trim(),
        contactPhone: phone,
        fields: cleanFields(v.fields),
        consent: true,
        publishDescription: v.publishDescription === true,
      });
      const failedFiles: string[] = [];
      for (const f of files) {
        if (!f.originFileObj) continue;
        try {
          await uploadFile(`/api/portal/requests/${r.number}/attachments`, f.originFileObj, null, lang, { phone });
        } catch {
          failedFiles.push(f.name);
        }
      }
      nav('/portal/requests/submitted', { state: { ...r, phone, failedFiles } satisfies Submitted });
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  const req = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];

  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.requests.submitTitle')}
      </Typography.Title>
      <Typography.Paragraph className="qh-muted">{t('portal.requests.submitHint')}</Typography.Paragraph>
      <FormAlert message={error} />
      <Form<Values> form={form} name="portal-request" layout="vertical" className="qh-portal-form" onFinish={(v) => void submit(v)} scrollToFirstError>
        <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.what')}</h2>}>
          <Form.Item label={t('portal.requests.category')} name="categoryCode" rules={[{ required: true, message: t('common.required', { field: t('portal.requests.category') }) }]}>
            <Select size="large" options={options} loading={!cats.items && !cats.error} placeholder={t('portal.requests.categoryPlaceholder')} onChange={() => form.setFieldValue('fields', {})} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          {cat && (lang === 'en' ? cat.descriptionEn : cat.description) ? <Typography.Paragraph className="qh-muted">{lang === 'en' ? cat.descriptionEn : cat.description}</Typography.Paragraph> : null}
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
        </Card>
        <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.where')}</h2>}>
          <Form.Item label={t('portal.requests.area')} name="regionCode" htmlFor="portal-region" rules={[{ required: true, message: t('portal.requests.areaRequired') }]}>
            <CommunityPicker id="portal-region" />
          </Form.Item>
          <Form.Item label={t('portal.requests.address')} name="address">
            <Input size="large" maxLength={200} autoComplete="street-address" />
          </Form.Item>
        </Card>
        <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.contact')}</h2>}>
          <Form.Item label={t('portal.requests.contactName')} name="contactName" rules={req(t('portal.requests.contactName'))}>
            <Input size="large" maxLength={60} autoComplete="name" />
          </Form.Item>
          <Form.Item label={t('portal.requests.contactPhone')} name="contactPhone" extra={t('portal.requests.phoneHint')} rules={req(t('portal.requests.contactPhone'))}>
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
        </Card>
        <Button type="primary" size="large" htmlType="submit" block loading={busy}>
          {t('portal.requests.submit')}
        </Button>
      </Form>
    </>
  );
}
