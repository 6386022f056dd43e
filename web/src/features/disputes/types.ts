export const DISPUTE_STATUSES = ['open', 'mediating', 'agreed', 'confirmed', 'referred', 'closed'] as const;
export const DISPUTE_OUTCOMES = ['mediated', 'confirmed', 'arbitrated', 'litigated', 'withdrawn', 'failed'] as const;
export const CLAIM_KINDS = ['wages', 'severance', 'social_insurance', 'injury', 'overtime', 'contract', 'other'] as const;

/** Which outcome a close may record from each status (the server enforces the same). */
export const CLOSE_OUTCOMES: Record<string, string[]> = {
  open: ['withdrawn', 'failed'],
  mediating: ['withdrawn', 'failed'],
  agreed: ['mediated', 'failed'],
  confirmed: ['confirmed'],
  referred: ['arbitrated', 'litigated', 'failed', 'withdrawn'],
};

export type DisputeSummary = {
  id: number;
  number: string;
  openerOrgId: number;
  openerOrgName: string;
  regionCode: string;
  regionName: string;
  districtCode: string | null;
  districtName: string | null;
  employerName: string;
  claimedTotal: number;
  status: string;
  outcome: string | null;
  openedOn: string;
  access: 'opener' | 'partner';
  version: number;
};

export type DisputeDetail = DisputeSummary & {
  requestId: number | null;
  employerCreditCode: string | null;
  factsMasked: string | null;
  agreedAmount: number | null;
  agreementTerms: string | null;
  agreedAt: string | null;
  confirmedAt: string | null;
  confirmedByOrgName: string | null;
  confirmationRef: string | null;
  referralKind: string | null;
  referredAt: string | null;
  closedAt: string | null;
  workers: Array<{ personId: number; nameMasked: string; phoneMasked: string | null; idNumberMasked: string | null }>;
  claims: Array<{ kind: string; amount: number; note: string }>;
  invitations: Array<{ id: number; orgId: number; orgName: string; orgType: string; status: string; note: string; reason: string; invitedAt: string; respondedAt: string | null }>;
  sessions: Array<{ id: number; heldAt: string; place: string; mediators: string[]; hasNotes: boolean; orgName: string | null }>;
  events: Array<{ version: number; kind: string; actorName: string | null; orgName: string | null; targetOrgName: string | null; note: string; at: string }>;
  sides: string[];
  myInvitationId: number | null;
};

export type DisputeFigures = {
  total: number;
  open: number;
  closed: number;
  success: number;
  successRate: number | null;
  byOutcome: Array<{ outcome: string; count: number }>;
  byDistrict: Array<{ districtCode: string; districtName: string; total: number; closed: number; success: number; successRate: number | null }>;
  byMonth: Array<{ month: string; total: number; closed: number; success: number; successRate: number | null }>;
};

export const yuan = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
