import type { Container } from '../../container.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { DemoAccount } from './demo.js';
import { actAs } from './demo-session.js';
import { fakeName, fakePhone, rng } from './generate.js';

const at = (days: number, hour: number): string => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour - 8, 0, 0, 0);
  return d.toISOString();
};
const born = (age: number): string => `${new Date().getUTCFullYear() - age}-05-16`;

type Plan = {
  username: string;
  name: string;
  kind: 'craftsman' | 'women' | 'youth';
  eligibility: 'open' | 'women' | 'youth';
  description: string;
  requiredSessions: number;
  courses: Array<[string, number]>;
  people: Array<{ gender: 'male' | 'female'; age: number; attends: number; passes?: boolean }>;
};

const PLANS: Plan[] = [
  {
    username: 'union.city',
    name: '成都工匠学院·数控技能提升班',
    kind: 'craftsman',
    eligibility: 'open',
    description: '面向一线职工的数控加工技能培训，结业颁发成都工匠学院结业证书。',
    requiredSessions: 2,
    courses: [
      ['数控编程基础', -20],
      ['精密加工实训', -10],
      ['质量控制与工艺改进', 10],
    ],
    people: [
      { gender: 'male', age: 38, attends: 2, passes: true },
      { gender: 'male', age: 29, attends: 2 },
      { gender: 'female', age: 33, attends: 1 },
      { gender: 'male', age: 45, attends: 0 },
    ],
  },
  {
    username: 'women.district',
    name: '蓉城巾帼学院·电商直播班',
    kind: 'women',
    eligibility: 'women',
    description: '帮助妇女掌握直播带货与网店运营技能，促进灵活就业。',
    requiredSessions: 1,
    courses: [
      ['直播选品与话术', -7],
      ['短视频拍摄剪辑', 7],
    ],
    people: [
      { gender: 'female', age: 31, attends: 1, passes: true },
      { gender: 'female', age: 42, attends: 1 },
      { gender: 'female', age: 27, attends: 0 },
    ],
  },
  {
    username: 'league.district',
    name: '青年人才驿站·创业训练营',
    kind: 'youth',
    eligibility: 'youth',
    description: '为 35 周岁以下青年提供创业辅导、政策解读和项目路演。',
    requiredSessions: 1,
    courses: [['创业计划书写作', 14]],
    people: [
      { gender: 'male', age: 24, attends: 0 },
      { gender: 'female', age: 26, attends: 0 },
    ],
  },
];

/**
 * Talent programmes demo (人才培养): 成都工匠学院, 蓉城巾帼学院 and a youth talent camp, each with course sessions
 * (training activities), a few participants, attendance and one completion — all through the services.
 */
export async function loadDemoTalent(c: Container, _accounts: DemoAccount[]): Promise<void> {
  const r = rng(20261205);
  for (const plan of PLANS) {
    const ctx: RequestContext = await actAs(c, plan.username);
    const regionCode = ctx.actor.scope.regionPath.split('.').pop()!;
    const p = await c.talent.create(ctx, {
      orgId: ctx.actor.orgId,
      name: plan.name,
      kind: plan.kind,
      eligibility: plan.eligibility,
      description: plan.description,
      requiredSessions: plan.requiredSessions,
      capacity: 40,
    });
    const sessions = [];
    for (const [course, days] of plan.courses) {
      sessions.push(await c.talent.addSession(ctx, p.id, { course, startsAt: at(days, 14), endsAt: at(days, 17), venueName: `${ctx.actor.orgName}培训教室` }));
    }
    for (const who of plan.people) {
      const person = await c.people.create(ctx, { name: fakeName(r), phone: fakePhone(r), gender: who.gender, birthDate: born(who.age), regionCode });
      let e = await c.talent.enrol(ctx, p.id, person.id);
      for (const s of sessions.slice(0, who.attends)) e = await c.talent.attend(ctx, e.id, s.id);
      if (who.passes) await c.talent.assess(ctx, e.id, { score: 88, passed: true, version: e.version });
    }
  }

  // Mass cultural societies (群众性文化文艺社团) with a few members and their works.
  const SOCIETIES: Array<{
    username: string;
    name: string;
    artForm: 'literature' | 'music';
    foundedOn: string;
    description: string;
    works: Array<['performance' | 'work', string, number]>;
  }> = [
    {
      username: 'union.city',
      name: '成都市职工文学创作院',
      artForm: 'literature',
      foundedOn: '2016-04-28',
      description: '职工文学爱好者的创作与交流平台。',
      works: [['work', '《蓉城劳动者》职工诗文集', -120]],
    },
    {
      username: 'union.district',
      name: '锦江区残疾人艺术团',
      artForm: 'music',
      foundedOn: '2018-12-03',
      description: '由残疾人文艺爱好者组成，常年开展排练与公益演出。',
      works: [['performance', '国际残疾人日专场演出', -60]],
    },
  ];
  for (const soc of SOCIETIES) {
    const ctx = await actAs(c, soc.username);
    const regionCode = ctx.actor.scope.regionPath.split('.').pop()!;
    const s = await c.societies.create(ctx, {
      orgId: ctx.actor.orgId,
      name: soc.name,
      artForm: soc.artForm,
      foundedOn: soc.foundedOn,
      description: soc.description,
    });
    for (let i = 0; i < 3; i++) {
      const p = await c.people.create(ctx, {
        name: fakeName(r),
        phone: fakePhone(r),
        gender: i % 2 ? 'male' : 'female',
        birthDate: born(30 + i * 7),
        regionCode,
      });
      await c.societies.addMember(ctx, s.id, { personId: p.id, role: i === 0 ? 'leader' : 'member' });
    }
    for (const [kind, title, days] of soc.works) await c.societies.addWork(ctx, s.id, { kind, title, date: at(days, 12).slice(0, 10), note: '' });
  }
}
