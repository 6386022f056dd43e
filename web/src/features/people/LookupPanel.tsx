import { Button, Card, Form, Input } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { peopleApi } from '../../api/people';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState } from '../../components/states';
import { useT } from '../../prefs';
import type { Person } from '../../types';

type Values = { idNumber?: string; phone?: string };

/** Exact search through the blind index, sent as a POST so the numbers never sit in a URL. */
export function LookupPanel() {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [found, setFound] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await peopleApi.lookup.call({ body: { idNumber: v.idNumber?.trim() || undefined, phone: v.phone?.trim() || undefined } });
      setFound(r.items);
    } catch (err) {
      setFound(null);
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ marginBottom: 16 }}>
      <SectionTitle>{t('people.lookup')}</SectionTitle>
      <p className="qh-muted">{t('people.lookupHelp')}</p>
      <FormAlert message={error} />
      <Form<Values> form={form} name="people-lookup" layout="inline" onFinish={(v) => void submit(v)} style={{ rowGap: 8 }}>
        <Form.Item label={t('person.idNumber')} name="idNumber">
          <Input autoComplete="off" maxLength={18} className="qh-mono" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t('person.phone')} name="phone">
          <Input autoComplete="off" maxLength={20} inputMode="tel" style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('people.lookupBtn')}
        </Button>
        {found ? (
          <Button
            onClick={() => {
              setFound(null);
              form.resetFields();
            }}
            style={{ marginLeft: 8 }}
          >
            {t('people.clearLookup')}
          </Button>
        ) : null}
      </Form>
      <div aria-live="polite">
        {found ? (
          <Table<Person>
            style={{ marginTop: 12 }}
            rowKey="id"
            size="small"
            title={() => t('people.lookupResults', { n: found.length })}
            dataSource={found}
            pagination={false}
            locale={{ emptyText: <EmptyState /> }}
            columns={[
              { title: t('person.name'), dataIndex: 'name', render: (v: string, p) => <Link to={`/people/${p.id}`}>{v}</Link> },
              {
                title: t('person.idNumber'),
                dataIndex: 'idNumberMasked',
                render: (v: string | null) => <span className="qh-mono">{v ?? t('common.none')}</span>,
              },
              { title: t('person.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => <span className="qh-mono">{v ?? t('common.none')}</span> },
              { title: t('person.region'), dataIndex: 'regionName' },
            ]}
          />
        ) : null}
      </div>
    </Card>
  );
}
