import type { FieldDef } from '@contracts/requests';
import { usePrefs } from '../../prefs';
import { CheckGroup, Field, matches, required, SelectInput, TextArea, TextInput, type FieldBinding, type Rule } from '../ui';

export type FieldValue = string | string[];
type Bind = <K extends string>(name: K) => FieldBinding<FieldValue>;

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

const labelOf = (d: FieldDef, lang: string) => (lang === 'en' && d.labelEn ? d.labelEn : d.label);

/** The checks of a category's extra fields: required ones, and numbers written as numbers. */
export function useCategoryFieldRules(defs: FieldDef[] | undefined): Record<string, Rule<Record<string, FieldValue>>[]> {
  const { t, lang } = usePrefs();
  const rules: Record<string, Rule<Record<string, FieldValue>>[]> = {};
  for (const d of defs ?? []) {
    const list: Rule<Record<string, FieldValue>>[] = [];
    if (d.required) list.push(required(t('common.required', { field: labelOf(d, lang) })));
    if (d.datatype === 'number') list.push(matches(NUMBER_RE, t('portal.requests.numberInvalid')));
    rules[d.code] = list;
  }
  return rules;
}

/** The typed extra fields of a request's category (per-category fields of the 派单目录), as plain labelled controls. */
export function CategoryFieldsLight({ defs, bind }: { defs: FieldDef[]; bind: Bind }) {
  const { t, lang } = usePrefs();
  return (
    <>
      {defs.map((d) => {
        const label = labelOf(d, lang);
        const f = bind(d.code);
        const options = (d.values ?? []).map((x) => ({ value: x.key, label: x.name }));
        if (d.datatype === 'multivaluelist')
          return <CheckGroup key={d.code} legend={label} field={{ ...f, value: Array.isArray(f.value) ? f.value : [] }} options={options} />;
        const text = f as FieldBinding<string>;
        return (
          <Field key={d.code} label={label} field={f}>
            {d.datatype === 'singlevaluelist' ? (
              <SelectInput field={text} options={options} placeholder={t('portal.requests.choose')} />
            ) : d.datatype === 'number' ? (
              <TextInput field={text} inputMode="decimal" maxLength={20} />
            ) : d.datatype === 'text' ? (
              <TextArea field={text} rows={3} maxLength={2000} />
            ) : (
              <TextInput field={text} maxLength={200} />
            )}
          </Field>
        );
      })}
    </>
  );
}
