/** Escapes LIKE's wildcards (`%`, `_`) and its escape character, for a pattern compared with `ESCAPE '\\'` (the default). */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching text that contains `s` literally. */
export const likeContains = (s: string): string => `%${likeEscape(s)}%`;
