/** UI strings of venues, bookings and coverage (console). A missing English entry is a type error. */
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
