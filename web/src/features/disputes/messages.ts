/** UI strings of labour-dispute joint mediation (console). A missing English entry is a type error. */
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
