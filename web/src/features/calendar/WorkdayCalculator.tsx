import { Button, Form, InputNumber } from 'antd';
import { useState } from 'react';
import type { ReplyOf } from '@contracts/core';
import type { calendar } from '@contracts/calendar';
import { errorMessage } from '../../api';
import { calendarApi } from '../../api/calendar';
import { todayIso, weekdayOf } from '../../components/labels';
import { useT } from '../../prefs';
import { DateField } from '../../components/DateField';

type Values = { from: string; days: number };
type Result = ReplyOf<typeof calendar.addWorkingDays>;

/** "N working days after a date", counted by the server from the calendar and overrides. */
export function WorkdayCalculator() {
  const t = useT();
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await calendarApi.addWorkingDays.call({ query: { from: v.from, days: v.days } }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Form<Values> name="workday-calc" layout="vertical" initialValues={{ from: todayIso(), days: 5 }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('cal.from')} name="from" rules={[{ required: true, message: t('common.required', { field: t('cal.from') }) }]}>
          <DateField />
        </Form.Item>
        <Form.Item label={t('cal.days')} name="days" rules={[{ required: true, message: t('common.required', { field: t('cal.days') }) }]}>
          <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('cal.compute')}
        </Button>
      </Form>
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {result ? (
          <p style={{ margin: 0 }}>
            <strong>{t('cal.result', { from: result.from, days: result.days, result: result.result, weekday: weekdayOf(t, result.result) })}</strong>
          </p>
        ) : null}
        {error ? (
          <p role="alert" style={{ margin: 0, color: '#b3261e' }}>
            {error}
          </p>
        ) : null}
      </div>
    </>
  );
}
