import dayjs from 'dayjs';
import updateLocale from 'dayjs/plugin/updateLocale';
import 'dayjs/locale/zh-cn';
import type { Lang } from './api';

// Weeks start on Monday in China (GB/T 7408, as ISO 8601) whatever the page's language: the English calendars show the
// same weeks as the Chinese ones and as the work calendar.
dayjs.extend(updateLocale);
dayjs.updateLocale('en', { weekStart: 1 });

/** Sets the date library's locale, from which the date pickers take month and weekday names, to the page's language. */
export function applyDateLocale(lang: Lang): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}
