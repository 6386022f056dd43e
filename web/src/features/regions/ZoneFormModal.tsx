import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { Zone } from '@contracts/regions';
import { regionsApi } from '../../api/regions';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';
import { StreetsSelect } from './StreetsSelect';

type Values = { name: string; note?: string; streetCodes: string[] };

/** Creates a zone (name, note, streets) or edits the streets of an existing one. */
export function ZoneFormModal({ zone, onClose, onSaved }: { zone: Zone | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      if (zone) await regionsApi.setZoneStreets.call({ params: { id: zone.id }, body: { streetCodes: v.streetCodes } });
      else await regionsApi.createZone.call({ body: { name: v.name.trim(), note: v.note?.trim() || undefined, streetCodes: v.streetCodes } });
      void message.success(zone ? t('common.saved') : t('common.created'));
      onSaved();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={zone ? `${t('zones.editStreets')}：${zone.name}` : t('zones.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="zone-form"
        layout="vertical"
        initialValues={{ name: zone?.name ?? '', note: zone?.note ?? '', streetCodes: zone?.streetCodes ?? [] }}
        onFinish={(v) => void submit(v)}
      >
        {zone ? null : (
          <>
            <Form.Item
              label={t('zones.name')}
              name="name"
              rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('zones.name') }) }]}
            >
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item label={t('zones.note')} name="note">
              <Input.TextArea maxLength={500} rows={2} />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('zones.streets')} name="streetCodes" extra={t('zones.streetsHelp')}>
          <StreetsSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
