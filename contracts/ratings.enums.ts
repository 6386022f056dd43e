/** Value lists of ratings (rectification and appeal statuses) that both the server's schemas and the web's filters need. */
export const RECTIFICATION_STATUSES = ['open', 'done', 'void'] as const;
export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;
