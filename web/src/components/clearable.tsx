import { CloseCircleFilled } from '@ant-design/icons';
import { useMemo, type ReactNode } from 'react';
import { useT } from '../prefs';

export type Clearable = { clearIcon: ReactNode; label: string };

/**
 * `allowClear` for a select or a search field, whose clear button then has a name in the page's language (the
 * component library names a select's "Clear" and a field's after its icon, whatever the locale).
 */
export function useClearable(): Clearable {
  const label = useT()('shell.clear');
  return useMemo(() => ({ clearIcon: <CloseCircleFilled aria-label={label} />, label }), [label]);
}
