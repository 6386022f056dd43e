/** Value lists of key projects (health) that both the server's schemas and the web's pages need. */
export const HEALTH = ['on_time', 'at_risk', 'late', 'done'] as const;
