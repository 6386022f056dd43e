import { Form, Input, InputNumber, Select } from 'antd';
import { usePrefs } from '../../prefs';
import type { FieldDef } from '@contracts/requests';

/** The typed extra fields of a category (per-category fields of the 派单目录), as form items under `fields`. */
export function CategoryFields({ defs, size }: { defs: FieldDef[]; size?: 'large' }) {
  const { t, lang } = usePrefs();
  return (
    <>
      {defs.map((d) => {
        const label = lang === 'en' && d.labelEn ? d.labelEn : d.label;
        const rules = d.required ? [{ required: true, message: t('common.required', { field: label }) }] : [];
        return (
          <Form.Item key={d.code} label={label} name={['fields', d.code]} rules={rules}>
            {d.datatype === 'number' ? (
              <InputNumber style={{ width: '100%' }} size={size} inputMode="decimal" />
            ) : d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist' ? (
              <Select
                size={size}
                mode={d.datatype === 'multivaluelist' ? 'multiple' : undefined}
                options={(d.values ?? []).map((x) => ({ value: x.key, label: x.name }))}
              />
            ) : d.datatype === 'text' ? (
              <Input.TextArea rows={3} maxLength={2000} />
            ) : (
              <Input maxLength={200} size={size} />
            )}
          </Form.Item>
        );
      })}
    </>
  );
}

/** Drops empty extra-field values so optional fields are not sent. */
export function cleanFields(v: Record<string, string | number | string[] | null | undefined> | undefined): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const [k, x] of Object.entries(v ?? {})) {
    if (x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0)) continue;
    out[k] = typeof x === 'string' ? x.trim() : x;
  }
  return out;
}
