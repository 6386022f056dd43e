import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { useEndpoint } from '../../components/use-api';
import { peopleApi } from '../../api/people';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { PERSON_GROUPS, type PersonGroup } from '../../types';
import { LookupPanel } from './LookupPanel';
import { PersonFormModal } from './PersonFormModal';
import { PeopleTable } from './PeopleTable';
import { useClearable } from '../../components/clearable';

type Filters = { q: string; group?: PersonGroup; regionCode?: string };

export function PeoplePage() {
  const clearable = useClearable();
  const t = useT();
  const { can } = useSession();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const pageSize = 20;
  const state = useEndpoint(peopleApi.list, {
    query: { q: filters.q.trim() || undefined, group: filters.group, regionCode: filters.regionCode, page, pageSize },
  });
  const update = (f: Partial<Filters>) => {
    setFilters((p) => ({ ...p, ...f }));
    setPage(1);
  };

  return (
    <>
      <PageTitle
        extra={
          can('people.write') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('people.create')}
            </Button>
          ) : null
        }
      >
        {t('people.title')}
      </PageTitle>
      <LookupPanel />
      <Card>
        <SectionTitle>{t('common.results')}</SectionTitle>
        <Form layout="inline" name="people-filters" component="div" style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item label={t('people.q')} htmlFor="people-q">
            <Input.Search id="people-q" allowClear={clearable} enterButton={t('common.search')} onSearch={(q) => update({ q })} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item label={t('people.group')} htmlFor="people-group">
            <Select
              id="people-group"
              allowClear={clearable}
              placeholder={t('common.all')}
              value={filters.group}
              onChange={(group?: PersonGroup) => update({ group })}
              options={PERSON_GROUPS.map((g) => ({ value: g, label: labelOf(t, 'group', g) }))}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('people.region')} htmlFor="people-region">
            <div style={{ width: 240 }}>
              <RegionSelect id="people-region" value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} />
            </div>
          </Form.Item>
        </Form>
        <PeopleTable state={state} page={page} pageSize={pageSize} onPage={setPage} />
      </Card>
      {creating ? (
        <PersonFormModal
          person={null}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}
