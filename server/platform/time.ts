// China has used UTC+8 without daylight saving since 1991, so a fixed offset is exact.
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China as 'YYYY-MM-DD', whatever the host's time zone. */
export const chinaToday = (now = new Date()): string => new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** The date in China of an instant, as 'YYYY-MM-DD'. */
export const chinaDate = (at: Date | number): string => chinaToday(new Date(typeof at === 'number' ? at : at.getTime()));
