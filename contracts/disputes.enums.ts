/** Value lists of labour-dispute cases that both the server's schemas and the web's forms need. */
export const DISPUTE_STATUSES = ['open', 'mediating', 'agreed', 'confirmed', 'referred', 'closed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_OUTCOMES = ['mediated', 'confirmed', 'arbitrated', 'litigated', 'withdrawn', 'failed'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

export const CLAIM_KINDS = ['wages', 'severance', 'social_insurance', 'injury', 'overtime', 'contract', 'other'] as const;
export const REFERRAL_KINDS = ['arbitration', 'litigation'] as const;

/** Which outcome a close may record from each status (the server enforces it, the web offers only these). */
export const CLOSE_OUTCOMES: Readonly<Record<string, readonly DisputeOutcome[]>> = {
  open: ['withdrawn', 'failed'],
  mediating: ['withdrawn', 'failed'],
  agreed: ['mediated', 'failed'],
  confirmed: ['confirmed'],
  referred: ['arbitrated', 'litigated', 'failed', 'withdrawn'],
};
