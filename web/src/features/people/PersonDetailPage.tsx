import { Breadcrumb, Button, Card, Descriptions, Flex, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { peopleApi } from '../../api/people';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { PersonHonours } from '../honours/PersonHonours';
import { PersonFormModal } from './PersonFormModal';
import { RevealButton } from './RevealButton';

export function PersonDetailPage() {
  const t = useT();
  const { id } = useParams();
  const { can } = useSession();
  const state = useEndpoint(peopleApi.get, { params: { id: Number(id) } });
  const [editing, setEditing] = useState(false);

  return (
    <DataState state={state} title={t('people.detail')}>
      {(p) => {
        const masked = (field: 'idNumber' | 'phone', v: string | null) =>
          v ? (
            <Flex gap="small" align="center" wrap>
              <span className="qh-mono">{v}</span>
              {can('people.reveal') ? <RevealButton personId={p.id} personName={p.name} field={field} /> : null}
            </Flex>
          ) : (
            t('common.none')
          );
        return (
          <>
            <nav aria-label={t('people.title')} style={{ marginBottom: 8 }}>
              <Breadcrumb
                items={[
                  { key: 'people', title: <Link to="/people">{t('people.title')}</Link> },
                  { key: 'me', title: <span aria-current="page">{p.name}</span> },
                ]}
              />
            </nav>
            <PageTitle extra={can('people.write') ? <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button> : null}>{p.name}</PageTitle>
            <Card>
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'id', label: t('person.id'), children: p.id },
                  { key: 'name', label: t('person.name'), children: p.name },
                  { key: 'gender', label: t('person.gender'), children: p.gender ? labelOf(t, 'person', p.gender) : t('person.unknown') },
                  { key: 'birth', label: t('person.birthDate'), children: p.birthDate ?? t('common.none') },
                  { key: 'idn', label: t('person.idNumber'), children: masked('idNumber', p.idNumberMasked) },
                  { key: 'phone', label: t('person.phone'), children: masked('phone', p.phoneMasked) },
                  {
                    key: 'groups',
                    label: t('person.groups'),
                    children: p.groups.length ? p.groups.map((g) => <Tag key={g}>{labelOf(t, 'group', g)}</Tag>) : t('common.none'),
                  },
                  { key: 'region', label: t('person.region'), children: `${p.regionName}（${p.regionCode}）` },
                  { key: 'org', label: t('person.org'), children: p.orgId ? <Link to={`/orgs/${p.orgId}`}>{p.orgId}</Link> : t('common.none') },
                  { key: 'created', label: t('person.createdAt'), children: dateTime(p.createdAt) },
                ]}
              />
            </Card>
            {can('honour.read') ? <PersonHonours personId={p.id} /> : null}
            {editing ? (
              <PersonFormModal
                person={p}
                onClose={() => setEditing(false)}
                onSaved={() => {
                  setEditing(false);
                  state.reload();
                }}
              />
            ) : null}
          </>
        );
      }}
    </DataState>
  );
}
