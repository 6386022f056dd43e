/** Value lists of venues (model levels) that both the server's schemas and the web's forms need. */
export const MODEL_LEVELS = ['national', 'provincial', 'city'] as const;
