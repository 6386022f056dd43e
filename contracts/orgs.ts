/** Organization routes added with the merge and the leadership composition figures (older routes: the routes files). */
import { Type, type Static } from '@sinclair/typebox';
import { Id, Obj, route } from './core.js';

const tags = ['orgs'] as const;

export const MergeBody = Obj({
  fromId: Id,
  intoId: Id,
  /** true: nothing is kept; the answer says what would move. */
  dryRun: Type.Optional(Type.Boolean()),
});
export type MergeBody = Static<typeof MergeBody>;
export const MergeResult = Obj({
  applied: Type.Boolean(),
  from: Obj({ id: Type.Integer(), name: Type.String() }),
  into: Obj({ id: Type.Integer(), name: Type.String() }),
  moved: Type.Array(Obj({ kind: Type.String(), count: Type.Integer() })),
});
export type MergeResult = Static<typeof MergeResult>;

/** Counts of current leadership members in one group (an organization's subtree, or the organization itself). */
export const LeaderCounts = Obj({
  members: Type.Integer(),
  ageUnder35: Type.Integer(),
  age35to44: Type.Integer(),
  age45to54: Type.Integer(),
  age55plus: Type.Integer(),
  ageUnknown: Type.Integer(),
  male: Type.Integer(),
  female: Type.Integer(),
  genderUnknown: Type.Integer(),
  postgraduate: Type.Integer(),
  bachelor: Type.Integer(),
  college: Type.Integer(),
  secondary: Type.Integer(),
  educationUnknown: Type.Integer(),
  fullTime: Type.Integer(),
  seconded: Type.Integer(),
  partTime: Type.Integer(),
  frontline: Type.Integer(),
  frontlineShare: Type.Number(),
});
export type LeaderCounts = Static<typeof LeaderCounts>;
export const LeaderBreakdown = Obj({
  root: Obj({ id: Type.Integer(), name: Type.String() }),
  /** The root itself (its own team), then each unit directly below it with its whole subtree rolled up. */
  rows: Type.Array(Type.Composite([Obj({ orgId: Type.Integer(), orgName: Type.String(), own: Type.Boolean() }), LeaderCounts], { additionalProperties: false })),
  total: LeaderCounts,
});
export type LeaderBreakdown = Static<typeof LeaderBreakdown>;
const BreakdownQuery = Obj({ orgId: Type.Optional(Id) });

export const orgs = {
  leaderBreakdown: route({
    method: 'GET',
    url: '/leadership/breakdown',
    tags,
    summary: 'Leadership composition by age band, gender, education, staffing mode and frontline share: an organization (mine by default), each unit below it rolled up, and the total',
    querystring: BreakdownQuery,
    response: LeaderBreakdown,
  }),
  leaderBreakdownExport: route({
    method: 'GET',
    url: '/leadership/breakdown/export',
    tags,
    summary: 'The leadership composition as an Excel workbook (audited)',
    querystring: BreakdownQuery,
    response: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }),
  }),
  merge: route({
    method: 'POST',
    url: '/orgs/merge',
    tags,
    summary: 'Merge a unit into another of the same type: members, staff, accounts, venues, requests, activities and units below it move; the merged unit stays in history',
    description: 'With dryRun the merge is carried out and rolled back: the answer counts what would move, per kind.',
    body: MergeBody,
    response: MergeResult,
  }),
};
