import { Alert, Button, Form, Input, Space, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { ArrangementDay, ArrangementResult, calendar } from '@contracts/calendar';
import type { BodyOf } from '@contracts/core';
import { calendarApi } from '../../api/calendar';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useConfirm } from '../../components/confirm';
import { weekdayOf } from '../../components/labels';
import { useT } from '../../prefs';

type Day = ArrangementDay;
type Result = ArrangementResult;
type Values = { source: string; lines?: string };

/** "2027-01-01 休 元旦" / "2027-02-07 班 春节" (or holiday/workday), one day per line; returns the days or the first bad line. */
export function parseDayLines(text: string): { days: Day[] } | { line: number; text: string } {
  const days: Day[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(休|班|holiday|workday)\s*(.*)$/i.exec(raw);
    if (!m) return { line: i + 1, text: raw };
    const kind = m[2] === '班' || m[2]!.toLowerCase() === 'workday' ? 'workday' : 'holiday';
    days.push({ date: m[1]!, kind, name: (m[3] ?? '').trim().slice(0, 40) });
  }
  return { days };
}

/**
 * Entering a year's official arrangement (calendar.write): from an .ics file or typed days, previewed against the
 * provisional year (which days change, how many open deadlines move) before it is confirmed.
 */
export function ArrangementForm({ year, onApplied }: { year: number; onApplied: () => void }) {
  const t = useT();
  const confirm = useConfirm();
  const [form] = Form.useForm<Values>();
  const [ics, setIcs] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const body = (v: Values): BodyOf<typeof calendar.enterArrangement> | null => {
    if (ics) return { source: v.source.trim(), ics: ics.text };
    const parsed = parseDayLines(v.lines ?? '');
    if ('line' in parsed) {
      form.setFields([{ name: 'lines', errors: [t('cal.lineError', { line: parsed.line, text: parsed.text })] }]);
      return null;
    }
    return { source: v.source.trim(), days: parsed.days };
  };

  const run = async (v: Values) => {
    const b = body(v);
    if (!b) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await calendarApi.enterArrangement.call({ params: { year }, body: { ...b, dryRun: true } }));
    } catch (err) {
      setPreview(null);
      setError(applyFormError(form, err, { source: 'source', days: 'lines', ics: 'lines' }));
    } finally {
      setBusy(false);
    }
  };

  const total = preview ? preview.moved.reduce((n, m) => n + m.moved, 0) : 0;
  const apply = () => {
    const b = body(form.getFieldsValue());
    if (!b || !preview) return;
    confirm({
      title: t('cal.applyConfirm', { year }),
      content: t('cal.applyConfirmText', { n: total }),
      okText: t('cal.apply'),
      successText: (r: Result) => t('cal.applied', { year, n: r.moved.reduce((n, m) => n + m.moved, 0) }),
      onOk: async () => {
        const r = await calendarApi.enterArrangement.call({ params: { year }, body: b });
        setPreview(null);
        setIcs(null);
        form.resetFields();
        onApplied();
        return r;
      },
    });
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('cal.arrangementHelp')}</Typography.Paragraph>
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="calendar-arrangement"
        layout="vertical"
        initialValues={{ source: `国务院办公厅关于${year}年部分节假日安排的通知` }}
        onFinish={(v) => void run(v)}
        onValuesChange={() => setPreview(null)}
      >
        <Form.Item
          label={t('cal.arrangementSource')}
          name="source"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cal.arrangementSource') }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('cal.arrangementFile')} htmlFor="cal-ics">
          <input
            id="cal-ics"
            type="file"
            accept=".ics,text/calendar"
            onChange={(e) => {
              const file = e.target.files?.[0];
              setPreview(null);
              if (!file) return setIcs(null);
              void file.text().then((text) => setIcs({ name: file.name, text }));
            }}
          />
          {ics ? <Typography.Text type="success">{t('cal.arrangementFileLoaded', { name: ics.name })}</Typography.Text> : null}
        </Form.Item>
        {ics ? null : (
          <Form.Item
            label={t('cal.arrangementDays')}
            name="lines"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cal.arrangementDays') }) }]}
          >
            <Input.TextArea rows={6} placeholder={`${year}-01-01 休 元旦\n${year}-02-07 班 春节`} className="qh-mono" />
          </Form.Item>
        )}
        <Space>
          <Button htmlType="submit" loading={busy}>
            {t('cal.preview')}
          </Button>
          <Button type="primary" disabled={!preview} onClick={apply}>
            {t('cal.apply')}
          </Button>
        </Space>
      </Form>
      {preview ? (
        <div style={{ marginTop: 16 }} aria-live="polite">
          <Alert
            type="info"
            showIcon
            title={t('cal.moved', {
              items:
                preview.moved.map((m) => t(m.kind === 'request' ? 'cal.movedKind.request' : 'cal.movedKind.rectification', { n: m.moved })).join('，') || '0',
            })}
            style={{ marginBottom: 12 }}
          />
          {preview.changes.length === 0 ? (
            <Typography.Text>{t('cal.noChanges')}</Typography.Text>
          ) : (
            <Table
              rowKey="date"
              size="small"
              caption={t('cal.changes', { n: preview.changes.length })}
              dataSource={preview.changes}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('common.date'), dataIndex: 'date', render: (v: string) => <span className="qh-mono">{v}</span> },
                { title: t('cal.weekday'), key: 'wd', render: (_: unknown, d) => weekdayOf(t, d.date) },
                { title: t('cal.was'), dataIndex: 'was', render: (k: string) => (k === 'holiday' ? t('cal.holiday') : t('cal.workday')) },
                {
                  title: t('cal.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => (
                    <Tag className={k === 'holiday' ? 'qh-tag-holiday' : 'qh-tag-workday'}>{k === 'holiday' ? t('cal.holiday') : t('cal.workday')}</Tag>
                  ),
                },
                { title: t('cal.name'), dataIndex: 'name' },
              ]}
            />
          )}
        </div>
      ) : null}
    </>
  );
}
