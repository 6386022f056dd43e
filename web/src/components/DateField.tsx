import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { CSSProperties } from 'react';

dayjs.extend(customParseFormat);

export type DateFieldKind = 'date' | 'month' | 'datetime';

/** The string each kind takes and emits, the same as the browser's date, month and datetime-local inputs. */
const VALUE_FORMAT: Record<DateFieldKind, string> = { date: 'YYYY-MM-DD', month: 'YYYY-MM', datetime: 'YYYY-MM-DDTHH:mm' };
/** The first format is shown; the others are also read when a date is typed. */
const INPUT_FORMATS: Record<DateFieldKind, string[]> = {
  date: ['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYYMMDD'],
  month: ['YYYY-MM', 'YYYY/MM', 'YYYYMM'],
  datetime: ['YYYY-MM-DD HH:mm', 'YYYY-MM-DDTHH:mm', 'YYYY/MM/DD HH:mm'],
};
const UNIT: Record<DateFieldKind, 'day' | 'month' | 'minute'> = { date: 'day', month: 'month', datetime: 'minute' };

export type DateFieldProps = {
  /** date: YYYY-MM-DD; month: YYYY-MM; datetime: YYYY-MM-DDTHH:mm (minute precision). */
  kind?: DateFieldKind;
  /** The value as the form holds it; '' or undefined when empty. */
  value?: string | null;
  /** Called with the value in the kind's format, or '' when cleared. */
  onChange?: (value: string) => void;
  id?: string;
  'aria-label'?: string;
  disabled?: boolean;
  /** Earliest and latest values that can be chosen, in the kind's format. */
  min?: string;
  max?: string;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
};

function parse(kind: DateFieldKind, v: string | null | undefined): Dayjs | null {
  if (!v) return null;
  const d = dayjs(v, VALUE_FORMAT[kind], true);
  if (d.isValid()) return d;
  // A longer ISO value (seconds, an offset) is read as the browser's inputs read it.
  const loose = dayjs(v);
  return loose.isValid() ? loose : null;
}

/**
 * A date, month or date-and-time field in the component library's style and the page's language, holding the same
 * strings as the browser's own inputs, so form values and requests are unchanged. A date can be typed in the field
 * (Enter confirms) or picked from the calendar.
 */
export function DateField({ kind = 'date', value, onChange, min, max, allowClear = true, style, ...rest }: DateFieldProps) {
  const unit = UNIT[kind];
  const lo = parse(kind, min);
  const hi = parse(kind, max);
  const outside = lo || hi ? (d: Dayjs) => Boolean((lo && d.isBefore(lo, unit)) || (hi && d.isAfter(hi, unit))) : undefined;
  return (
    <DatePicker
      {...rest}
      picker={kind === 'month' ? 'month' : 'date'}
      showTime={kind === 'datetime' ? { format: 'HH:mm' } : undefined}
      format={INPUT_FORMATS[kind]}
      value={parse(kind, value)}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format(VALUE_FORMAT[kind]) : '')}
      disabledDate={outside}
      allowClear={allowClear}
      // A date and time needs more room than the field gets beside another in a row.
      style={{ width: '100%', ...(kind === 'datetime' ? { minWidth: 200 } : {}), ...style }}
    />
  );
}
