import { App, Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { calendarApi } from '../../api/calendar';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';
import type { DayKind } from '@contracts/calendar';
import { DateField } from '../../components/DateField';

type Values = { day: string; kind: DayKind; reason: string };

/** Marks one day as holiday or workday over the reference calendar (calendar.write). */
export function OverrideForm({ year, onSaved }: { year: number; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await calendarApi.setOverride.call({ params: { day: v.day }, body: { kind: v.kind, reason: v.reason.trim() } });
      void message.success(t('common.saved'));
      form.resetFields();
      onSaved();
    } catch (err) {
      setError(applyFormError(form, err, { day: 'day' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="calendar-override"
        layout="vertical"
        initialValues={{ kind: 'holiday', day: `${year}-01-01` }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label={t('common.date')} name="day" rules={[{ required: true, message: t('common.required', { field: t('common.date') }) }]}>
          <DateField />
        </Form.Item>
        <Form.Item label={t('cal.overrideKind')} name="kind">
          <Radio.Group
            options={[
              { value: 'holiday', label: t('cal.holiday') },
              { value: 'workday', label: t('cal.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('cal.reason')}
          name="reason"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cal.reason') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('cal.setOverride')}
        </Button>
      </Form>
    </>
  );
}
