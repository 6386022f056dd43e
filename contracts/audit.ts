/** Audit routes: reading the audit trail, verifying its HMAC-SM3 chain and its integrity alarms (audit administrator). */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Lit, Nullable, Obj, PageQuery, Paged, Text, route } from './core.js';

const tags = ['audit'] as const;

export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export const AuditRow = Obj({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Nullable(Type.Integer()),
  actorName: Nullable(Type.String()),
  actorRoles: Type.String(),
  scope: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  result: Type.String(),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  detail: Type.String(),
});
export type AuditRow = Static<typeof AuditRow>;

export const AuditFilter = {
  actor: Type.Optional(Text(60)),
  action: Type.Optional(Text(80)),
  result: Type.Optional(Lit(AUDIT_RESULTS)),
  objectType: Type.Optional(Text(40)),
  objectId: Type.Optional(Text(40)),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
};
export const AuditListQuery = Obj({ ...PageQuery, ...AuditFilter });
export type AuditListQuery = Static<typeof AuditListQuery>;

export const AuditVerify = Obj({
  ok: Type.Boolean(),
  rows: Type.Integer(),
  brokenAt: Type.Optional(Type.Integer()),
  problem: Type.Optional(Type.String()),
  headSeq: Type.Optional(Type.Integer()),
  anchoredLink: Nullable(Type.Integer()),
  alarms: Type.Integer(),
});
export type AuditVerify = Static<typeof AuditVerify>;

export const AuditAlarm = Obj({ id: Type.Integer(), at: Type.String(), kind: Type.String(), entrySeq: Nullable(Type.Integer()), detail: Type.String() });
export type AuditAlarm = Static<typeof AuditAlarm>;

export const audit = {
  list: route({
    method: 'GET',
    url: '/audit',
    tags,
    summary: 'The audit trail (audit administrator only)',
    querystring: AuditListQuery,
    response: Paged(AuditRow),
  }),
  verify: route({
    method: 'POST',
    url: '/audit/verify',
    tags,
    summary: 'Verify the HMAC-SM3 chain of the whole trail',
    response: AuditVerify,
  }),
  alarms: route({
    method: 'GET',
    url: '/audit/alarms',
    tags,
    summary: 'Integrity alarms: entries the linker refused to chain (their MAC fails), a chain below its signed anchor',
    response: Obj({ items: Type.Array(AuditAlarm) }),
  }),
};
