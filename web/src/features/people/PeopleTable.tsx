import { Flex, Tag } from 'antd';
import { Table } from '../../components/Table';
import { Link } from 'react-router-dom';
import { labelOf } from '../../components/labels';
import { EmptyState, ErrorState } from '../../components/states';
import type { Loadable } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import type { Paged, Person } from '../../types';
import { RevealButton } from './RevealButton';

type Props = { state: Loadable<Paged<Person>>; page: number; pageSize: number; onPage: (p: number) => void };

function Masked({ person, field, value }: { person: Person; field: 'idNumber' | 'phone'; value: string | null }) {
  const t = useT();
  const { can } = useSession();
  if (!value) return <span>{t('common.none')}</span>;
  return (
    <Flex align="center" gap={4} wrap>
      <span className="qh-mono" data-field={field}>
        {value}
      </span>
      {can('people.reveal') ? <RevealButton personId={person.id} personName={person.name} field={field} compact /> : null}
    </Flex>
  );
}

/** People with server-masked ID and phone numbers; a reveal asks for a purpose. */
export function PeopleTable({ state, page, pageSize, onPage }: Props) {
  const t = useT();
  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Person>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 980 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={{
          current: page,
          pageSize,
          total: state.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
          onChange: onPage,
        }}
        columns={[
          { title: t('person.id'), dataIndex: 'id', width: 90 },
          { title: t('person.name'), dataIndex: 'name', render: (v: string, p) => <Link to={`/people/${p.id}`}>{v}</Link> },
          { title: t('person.gender'), dataIndex: 'gender', render: (v: string | null) => (v ? labelOf(t, 'person', v) : t('common.none')) },
          { title: t('person.idNumber'), dataIndex: 'idNumberMasked', render: (v: string | null, p) => <Masked person={p} field="idNumber" value={v} /> },
          { title: t('person.phone'), dataIndex: 'phoneMasked', render: (v: string | null, p) => <Masked person={p} field="phone" value={v} /> },
          {
            title: t('person.groups'),
            dataIndex: 'groups',
            render: (gs: string[]) => (gs.length ? gs.map((g) => <Tag key={g}>{labelOf(t, 'group', g)}</Tag>) : t('common.none')),
          },
          { title: t('person.region'), dataIndex: 'regionName' },
        ]}
      />
    </>
  );
}
