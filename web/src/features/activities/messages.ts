/** UI strings of activities, check-in and volunteers (console). A missing English entry is a type error. */
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
