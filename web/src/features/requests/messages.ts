/** UI strings of request desk, supervision, ratings and indices (console). A missing English entry is a type error. */
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
