import { Type } from '@sinclair/typebox';
import { orgs as orgContract } from '../../../contracts/orgs.js';
import { contractRoute } from '../../platform/http/contract.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, IdParam, Obj, Ok, RegionCode, Text, TypeCode, withErrors } from '../../platform/http/schemas.js';
import { PersonBody } from '../../../contracts/people.js';
import { LEADER_EDUCATION } from '../../../contracts/orgs.enums.js';

const NewPerson = Obj({ ...PersonBody, regionCode: RegionCode });
const PersonRef = { personId: Type.Optional(Type.Integer({ minimum: 1 })), person: Type.Optional(NewPerson) };
const StaffingMode = Type.Union([Type.Literal('full_time'), Type.Literal('seconded'), Type.Literal('part_time')]);
const NullableDate = Type.Union([DateString, Type.Null()]);
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Education = Type.Union([...LEADER_EDUCATION.map((e) => Type.Literal(e)), Type.Null()]);

const Leader = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: NullableStr,
  post: Type.String(),
  termStart: Type.String(),
  termEnd: NullableStr,
  staffingMode: Type.String(),
  frontline: Type.Boolean(),
  modelWorker: Type.Boolean(),
  education: NullableStr,
});
const Staff = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: NullableStr,
  programme: Type.String(),
  startedOn: Type.String(),
  endedOn: NullableStr,
});
const Exchange = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  fromOrgId: Type.Union([Type.Integer(), Type.Null()]),
  fromName: Type.String(),
  toOrgId: Type.Union([Type.Integer(), Type.Null()]),
  toName: Type.String(),
  kind: Type.String(),
  startDate: Type.String(),
  endDate: NullableStr,
});
const Created = Obj({ id: Type.Integer() });

export function registerStaffRoutes(app: App, c: Container): void {
  const tags = ['leadership and staff'];
  app.get('/orgs/:id/leaders', {
    schema: {
      tags,
      params: IdParam,
      response: withErrors({
        200: Obj({
          items: Type.Array(Leader),
          composition: Obj({ members: Type.Integer(), hasPartTimeOrSeconded: Type.Boolean(), frontlineShare: Type.Number(), modelWorkerShare: Type.Number() }),
        }),
      }),
    },
    config: { permission: 'staff.read' },
    handler: async (req) => c.staff.leaders(req.actor!, req.params.id),
  });
  app.post('/orgs/:id/leaders', {
    schema: {
      tags,
      summary: 'Add a leadership-team member (an existing person or a new one)',
      params: IdParam,
      body: Obj({
        ...PersonRef,
        post: Text(60, 1),
        termStart: DateString,
        termEnd: Type.Optional(NullableDate),
        staffingMode: StaffingMode,
        frontline: Type.Optional(Type.Boolean()),
        modelWorker: Type.Optional(Type.Boolean()),
        education: Type.Optional(Education),
      }),
      response: withErrors({ 201: Created }),
    },
    config: { permission: 'staff.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addLeader(ctx(req), req.params.id, req.body)),
  });
  app.patch('/leaders/:id', {
    schema: {
      tags,
      summary: "Change a leadership-team member's post, term end, staffing mode, flags or education",
      params: IdParam,
      body: Obj({
        post: Type.Optional(Text(60, 1)),
        termEnd: Type.Optional(NullableDate),
        staffingMode: Type.Optional(StaffingMode),
        frontline: Type.Optional(Type.Boolean()),
        modelWorker: Type.Optional(Type.Boolean()),
        education: Type.Optional(Education),
      }),
      response: withErrors({ 200: Ok }),
    },
    config: { permission: 'staff.write' },
    handler: async (req) => {
      await c.staff.editLeader(ctx(req), req.params.id, req.body);
      return { ok: true };
    },
  });
  app.delete('/leaders/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Ok }) },
    config: { permission: 'staff.write' },
    handler: async (req) => {
      await c.staff.removeLeader(ctx(req), req.params.id);
      return { ok: true };
    },
  });
  app.get('/orgs/:id/staff', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Obj({ items: Type.Array(Staff) }) }) },
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.staff(req.actor!, req.params.id) }),
  });
  app.post('/orgs/:id/staff', {
    schema: {
      tags,
      params: IdParam,
      body: Obj({ ...PersonRef, programme: Text(40, 1), startedOn: DateString }),
      response: withErrors({ 201: Created }),
    },
    config: { permission: 'staff.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addStaff(ctx(req), req.params.id, req.body)),
  });
  app.post('/staff/:id/end', {
    schema: { tags, params: IdParam, body: Obj({ endedOn: DateString }), response: withErrors({ 200: Ok }) },
    config: { permission: 'staff.write' },
    handler: async (req) => {
      await c.staff.endStaff(ctx(req), req.params.id, req.body.endedOn);
      return { ok: true };
    },
  });
  app.get('/staff-programmes', {
    schema: { tags, response: withErrors({ 200: Obj({ items: Type.Array(Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() })) }) }) },
    config: { signedIn: true },
    handler: async () => ({ items: await c.staff.programmes() }),
  });
  app.post('/staff-programmes', {
    schema: {
      tags,
      summary: 'Add a configurable staff programme',
      body: Obj({ code: TypeCode, nameZh: Text(40, 1), nameEn: Text(80, 1) }),
      response: withErrors({ 201: Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() }) }),
    },
    config: { permission: 'catalog.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addProgramme(ctx(req), req.body)),
  });
  app.get('/staff/summary', {
    schema: {
      tags,
      summary: 'Active staff in my scope by programme',
      querystring: Obj({ type: Type.Optional(TypeCode) }),
      response: withErrors({ 200: Obj({ items: Type.Array(Obj({ programme: Type.String(), count: Type.Integer() })) }) }),
    },
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.staffSummary(req.actor!, req.query.type ?? null) }),
  });
  app.route({ ...contractRoute(orgContract.leaderBreakdown), config: { permission: 'staff.read' }, handler: async (req) => c.staff.leaderBreakdown(req.actor!, req.query.orgId) });
  app.route({
    ...contractRoute(orgContract.leaderBreakdownExport),
    config: { permission: 'staff.read' },
    handler: async (req, reply) => reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="leadership.xlsx"').send(await c.staff.exportLeaderBreakdown(ctx(req), req.query.orgId)),
  });
  app.get('/leadership/composition', {
    schema: {
      tags,
      summary: 'Leadership-team composition per level in my scope',
      querystring: Obj({ type: Type.Optional(TypeCode) }),
      response: withErrors({
        200: Obj({
          items: Type.Array(
            Obj({
              level: Type.String(),
              teams: Type.Integer(),
              teamsWithPartTimeOrSeconded: Type.Integer(),
              partTimeOrSecondedTeamShare: Type.Number(),
              members: Type.Integer(),
              frontlineShare: Type.Number(),
              modelWorkerShare: Type.Number(),
              fullTime: Type.Integer(),
              seconded: Type.Integer(),
              partTime: Type.Integer(),
            }),
          ),
        }),
      }),
    },
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.composition(req.actor!, req.query.type ?? null) }),
  });
  app.get('/cadre-exchanges', {
    schema: { tags, response: withErrors({ 200: Obj({ items: Type.Array(Exchange) }) }) },
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.exchanges(req.actor!) }),
  });
  app.post('/cadre-exchanges', {
    schema: {
      tags,
      body: Obj({
        ...PersonRef,
        fromOrgId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        fromName: Type.Optional(Text(100)),
        toOrgId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        toName: Type.Optional(Text(100)),
        kind: Type.Union([Type.Literal('secondment'), Type.Literal('transfer'), Type.Literal('rotation'), Type.Literal('training')]),
        startDate: DateString,
        endDate: Type.Optional(NullableDate),
      }),
      response: withErrors({ 201: Created }),
    },
    config: { permission: 'staff.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addExchange(ctx(req), req.body)),
  });
}
