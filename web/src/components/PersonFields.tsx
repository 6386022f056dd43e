import { Form, Input, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { peopleApi } from '../api/people';
import { useT } from '../prefs';
import type { Gender, NewPerson, Person } from '../types';
import { RegionSelect } from './RegionSelect';
import { useDebounced } from './use-api';
import { useClearable } from './clearable';

export type PersonValues = {
  personSource: 'existing' | 'new';
  personId?: number;
  personName?: string;
  personIdNumber?: string;
  personPhone?: string;
  personGender?: Gender;
  personRegion?: string;
};

/** The `personId` or `person` part of a request body. */
export function personRef(v: PersonValues): { personId: number } | { person: NewPerson } {
  if (v.personSource === 'existing' && v.personId) return { personId: v.personId };
  return {
    person: {
      name: (v.personName ?? '').trim(),
      idNumber: v.personIdNumber?.trim() || undefined,
      phone: v.personPhone?.trim() || undefined,
      gender: v.personGender ?? undefined,
      regionCode: v.personRegion ?? '',
    },
  };
}

/** Server field names of a new person mapped to these form fields. */
export const PERSON_FIELD_MAP: Record<string, string> = {
  personId: 'personId',
  name: 'personName',
  idNumber: 'personIdNumber',
  phone: 'personPhone',
  gender: 'personGender',
  regionCode: 'personRegion',
};

export function PersonPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const clearable = useClearable();
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    if (!dq) return;
    let live = true;
    peopleApi.list
      .call({ query: { q: dq, pageSize: 20 } })
      .then((r) => live && setPeople(r.items))
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [dq]);
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: number | undefined) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={clearable}
      placeholder={t('common.searchHint')}
      notFoundContent={dq ? t('common.empty') : t('common.searchHint')}
      options={people.map((p) => ({ value: p.id, label: `${p.name}（${p.regionName}${p.idNumberMasked ? ` · ${p.idNumberMasked}` : ''}）` }))}
      style={{ width: '100%' }}
    />
  );
}

/** Choose a registered person or register a new one inside a leader, staff or exchange form. */
export function PersonFields({ regionWithin }: { regionWithin?: string }) {
  const t = useT();
  const form = Form.useFormInstance<PersonValues>();
  const source = Form.useWatch('personSource', form) ?? 'new';
  const req = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <>
      <Form.Item label={t('person.source')} name="personSource" initialValue="new">
        <Radio.Group
          options={[
            { value: 'new', label: t('person.new') },
            { value: 'existing', label: t('person.existing') },
          ]}
        />
      </Form.Item>
      {source === 'existing' ? (
        <Form.Item label={t('person.name')} name="personId" rules={[{ required: true, message: t('common.required', { field: t('person.name') }) }]}>
          <PersonPicker />
        </Form.Item>
      ) : (
        <>
          <Form.Item label={t('person.name')} name="personName" rules={req(t('person.name'))}>
            <Input maxLength={60} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('person.idNumber')} name="personIdNumber">
            <Input maxLength={18} autoComplete="off" className="qh-mono" />
          </Form.Item>
          <Form.Item label={t('person.phone')} name="personPhone">
            <Input maxLength={20} autoComplete="off" inputMode="tel" />
          </Form.Item>
          <Form.Item label={t('person.gender')} name="personGender">
            <Radio.Group
              options={[
                { value: 'female', label: t('person.female') },
                { value: 'male', label: t('person.male') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('person.region')} name="personRegion" rules={[{ required: true, message: t('common.required', { field: t('person.region') }) }]}>
            <RegionSelect within={regionWithin} />
          </Form.Item>
        </>
      )}
    </>
  );
}
