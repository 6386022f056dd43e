import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Lang } from './api';

/** Sets the date library's locale, from which the date pickers take month and weekday names, to the page's language. */
export function applyDateLocale(lang: Lang): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}
