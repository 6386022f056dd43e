/** Mass cultural societies (群众性文化文艺社团): sponsoring organization, members, the activities they run, performances and works. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Text, route } from './core.js';
import { ART_FORMS, WORK_KINDS } from './societies.enums.js';

export { ART_FORMS, WORK_KINDS };

const tags = ['societies'] as const;

export const MEMBER_ROLES = ['leader', 'member'] as const;

export const Society = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  name: Type.String(),
  artForm: Lit(ART_FORMS),
  foundedOn: Nullable(Type.String()),
  description: Type.String(),
  status: Type.String(),
  members: Type.Integer(),
  activities: Type.Integer(),
  works: Type.Integer(),
});
export type Society = Static<typeof Society>;

export const Member = Obj({
  personId: Type.Integer(),
  name: Type.String(),
  gender: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  role: Lit(MEMBER_ROLES),
  joinedOn: Type.String(),
});
export type Member = Static<typeof Member>;
export const SocietyActivity = Obj({
  activityId: Type.Integer(),
  title: Type.String(),
  startsAt: Type.String(),
  status: Type.String(),
  personTimes: Type.Integer(),
});
export type SocietyActivity = Static<typeof SocietyActivity>;
export const Work = Obj({ id: Type.Integer(), kind: Lit(WORK_KINDS), title: Type.String(), date: Type.String(), note: Type.String() });
export type Work = Static<typeof Work>;

export const SocietyDetail = Obj({
  ...Society.properties,
  memberList: Type.Array(Member),
  activityList: Type.Array(SocietyActivity),
  workList: Type.Array(Work),
});
export type SocietyDetail = Static<typeof SocietyDetail>;

export const SocietyInput = Obj({
  orgId: Id,
  name: Text(100, 1),
  artForm: Lit(ART_FORMS),
  foundedOn: Type.Optional(Nullable(DateString)),
  description: Type.Optional(Text(2000)),
});
export type SocietyInput = Static<typeof SocietyInput>;
export const WorkInput = Obj({ kind: Lit(WORK_KINDS), title: Text(100, 1), date: DateString, note: Type.Optional(Text(500)) });
export type WorkInput = Static<typeof WorkInput>;

export const societies = {
  list: route({
    method: 'GET',
    url: '/cultural-societies',
    tags,
    summary: 'Societies sponsored in my organization subtree',
    response: Obj({ items: Type.Array(Society) }),
  }),
  create: route({
    method: 'POST',
    url: '/cultural-societies',
    tags,
    summary: 'Register a society under a sponsoring organization of my subtree',
    body: SocietyInput,
    response: Society,
    status: 201,
  }),
  get: route({
    method: 'GET',
    url: '/cultural-societies/:id',
    tags,
    summary: 'One society with its members, activities, performances and works',
    params: IdParam,
    response: SocietyDetail,
  }),
  addMember: route({
    method: 'POST',
    url: '/cultural-societies/:id/members',
    tags,
    summary: 'Add a person of my region as a member (or leader)',
    params: IdParam,
    body: Obj({ personId: Id, role: Lit(MEMBER_ROLES), joinedOn: Type.Optional(DateString) }),
    response: Member,
    status: 201,
  }),
  addActivity: route({
    method: 'POST',
    url: '/cultural-societies/:id/activities',
    tags,
    summary: 'Record an activity (of the activities module, in my scope) as run by the society',
    params: IdParam,
    body: Obj({ activityId: Id }),
    response: SocietyActivity,
    status: 201,
  }),
  addWork: route({
    method: 'POST',
    url: '/cultural-societies/:id/works',
    tags,
    summary: 'Record a performance or a work',
    params: IdParam,
    body: WorkInput,
    response: Work,
    status: 201,
  }),
};
