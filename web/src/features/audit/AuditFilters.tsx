import { Button, Form, Input, Select } from 'antd';
import { useT } from '../../prefs';
import type { AuditListQuery } from '@contracts/audit';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';

export type AuditQuery = Omit<AuditListQuery, 'page' | 'pageSize'>;

export function AuditFilters({ onSearch }: { onSearch: (q: AuditQuery) => void }) {
  const clearable = useClearable();
  const t = useT();
  const [form] = Form.useForm<AuditQuery>();
  const clean = (v: AuditQuery): AuditQuery =>
    Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => typeof x === 'string' && x.trim() !== '')
        .map(([k, x]) => [k, (x as string).trim()]),
    ) as AuditQuery;
  return (
    <Form<AuditQuery> form={form} name="audit-filters" layout="inline" onFinish={(v) => onSearch(clean(v))} style={{ rowGap: 8, marginBottom: 16 }}>
      <Form.Item label={t('audit.actor')} name="actor">
        <Input style={{ width: 140 }} maxLength={60} />
      </Form.Item>
      <Form.Item label={t('audit.action')} name="action">
        <Input style={{ width: 160 }} maxLength={80} placeholder="org.create" />
      </Form.Item>
      <Form.Item label={t('audit.result')} name="result">
        <Select
          allowClear={clearable}
          placeholder={t('common.all')}
          style={{ width: 110 }}
          options={[
            { value: 'ok', label: t('audit.ok') },
            { value: 'denied', label: t('audit.denied') },
            { value: 'failed', label: t('audit.failed') },
          ]}
        />
      </Form.Item>
      <Form.Item label={t('audit.objectType')} name="objectType">
        <Input style={{ width: 120 }} maxLength={40} />
      </Form.Item>
      <Form.Item label={t('audit.objectId')} name="objectId">
        <Input style={{ width: 100 }} maxLength={40} />
      </Form.Item>
      <Form.Item label={t('audit.from')} name="from">
        <DateField style={{ width: 150 }} />
      </Form.Item>
      <Form.Item label={t('audit.to')} name="to">
        <DateField style={{ width: 150 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('common.search')}
      </Button>
      <Button
        style={{ marginLeft: 8 }}
        onClick={() => {
          form.resetFields();
          onSearch({});
        }}
      >
        {t('common.reset')}
      </Button>
    </Form>
  );
}
