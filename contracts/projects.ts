/** Major and reform projects (重大项目) co-hosted by many departments: milestones, progress, risks, portfolio. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Text, route, File } from './core.js';
import { HEALTH } from './projects.enums.js';

export { HEALTH };

const tags = ['projects'] as const;

export const PROJECT_KINDS = ['major_event', 'reform_pilot', 'service_project'] as const;

const OrgRef = Obj({ id: Type.Integer(), name: Type.String() });

export const ProjectBrief = Obj({
  id: Type.Integer(),
  title: Type.String(),
  kind: Type.String(),
  brand: Type.String(),
  level: Type.String(),
  leadOrg: OrgRef,
  hostCount: Type.Integer(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  progress: Type.Integer(),
  health: Lit(HEALTH),
  budgetYuan: Nullable(Type.Number()),
});
export type ProjectBrief = Static<typeof ProjectBrief>;

export const Milestone = Obj({
  id: Type.Integer(),
  title: Type.String(),
  owner: OrgRef,
  dueOn: Type.String(),
  weight: Type.Integer(),
  progress: Type.Integer(),
  doneOn: Nullable(Type.String()),
  late: Type.Boolean(),
});
export type Milestone = Static<typeof Milestone>;

export const Project = Obj({
  ...ProjectBrief.properties,
  hosts: Type.Array(Obj({ id: Type.Integer(), name: Type.String(), role: Type.String() })),
  milestones: Type.Array(Milestone),
  reports: Type.Array(
    Obj({
      milestone: Nullable(Type.String()),
      orgName: Type.String(),
      progress: Nullable(Type.Integer()),
      note: Type.String(),
      risk: Type.String(),
      actorName: Type.String(),
      at: Type.String(),
    }),
  ),
  results: Type.String(),
  canManage: Type.Boolean(),
  canReport: Type.Boolean(),
  version: Type.Integer(),
});
export type Project = Static<typeof Project>;

export const ProjectInput = Obj({
  title: Text(200, 1),
  kind: Lit(PROJECT_KINDS),
  brand: Type.Optional(Text(100)),
  budgetYuan: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
  startsOn: DateString,
  endsOn: DateString,
  leadOrgId: Id,
  coHostOrgIds: Type.Array(Id, { maxItems: 200 }),
  milestones: Type.Array(Obj({ title: Text(200, 1), ownerOrgId: Id, dueOn: DateString, weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }), {
    minItems: 1,
    maxItems: 50,
  }),
});
export type ProjectInput = Static<typeof ProjectInput>;

const Portfolio = Obj({
  counts: Obj({ on_time: Type.Integer(), at_risk: Type.Integer(), late: Type.Integer(), done: Type.Integer() }),
  items: Type.Array(ProjectBrief),
});

export const projects = {
  list: route({
    method: 'GET',
    url: '/projects',
    tags,
    summary: 'Projects my organization runs or co-hosts (or of my region), with their roll-up progress and health',
    querystring: Obj({ level: Type.Optional(Lit(['city', 'district'] as const)), health: Type.Optional(Lit(HEALTH)) }),
    response: Portfolio,
  }),
  portfolioExport: route({
    method: 'GET',
    url: '/projects/portfolio.xlsx',
    tags,
    summary: 'The portfolio (filtered by level and health) as an Excel workbook (audited)',
    querystring: Obj({ level: Type.Optional(Lit(['city', 'district'] as const)), health: Type.Optional(Lit(HEALTH)) }),
    response: File,
  }),
  create: route({
    method: 'POST',
    url: '/projects',
    tags,
    summary: 'Register a project with its co-hosts and milestones',
    body: ProjectInput,
    response: Project,
    status: 201,
  }),
  get: route({
    method: 'GET',
    url: '/projects/:id',
    tags,
    summary: 'A project with hosts, milestones and progress reports',
    params: IdParam,
    response: Project,
  }),
  report: route({
    method: 'POST',
    url: '/projects/:id/reports',
    tags,
    summary: 'A host reports progress on a milestone; a risk or need is raised as a topic of the next quarterly meeting',
    params: IdParam,
    body: Obj({
      milestoneId: Type.Optional(Id),
      progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
      note: Text(2000, 1),
      risk: Type.Optional(Text(1000)),
    }),
    response: Obj({ project: Project, raisedTopicOccurrenceId: Nullable(Type.Integer()) }),
    status: 201,
  }),
};
