import { sql } from 'kysely';
import type { Container } from '../../container.js';
import { makeIdNumber } from '../../platform/validation/id-card.js';
import { chinaToday } from '../../platform/time.js';
import { actAs } from './demo-session.js';

/**
 * Members for the demo: a handful enrolled by the street union with the tags unions use (困难职工 with its level and
 * review date, 新就业形态, 劳模, 农民工, 女职工), and one worker's self-registration waiting for confirmation.
 */
export async function loadDemoMembers(c: Container): Promise<void> {
  const street = await actAs(c, 'union.street');
  const unions = (
    await sql<{ id: number }>`SELECT id FROM orgs WHERE path <@ ${street.actor.scope.orgPath}::ltree AND type_code = 'union'
      AND level IN ('grassroots', 'community') AND status = 'active' ORDER BY id LIMIT 2`.execute(c.db)
  ).rows;
  if (unions.length === 0) return;
  const review = `${Number(chinaToday().slice(0, 4)) + 1}${chinaToday().slice(4)}`.replace(/-02-29$/, '-02-28');
  const people = [
    { name: '周建华', birth: '19720314', tags: ['hardship'], hardshipLevel: 'deep' as const, hardshipReviewOn: review },
    { name: '吴晓燕', birth: '19880921', tags: ['woman_worker', 'migrant_worker'] },
    { name: '郑国强', birth: '19650602', tags: ['model_worker'] },
    { name: '孙浩', birth: '19970118', tags: ['new_form'], newFormKind: 'food_delivery' as const },
    { name: '冯丽', birth: '19901105', tags: ['hardship', 'woman_worker'], hardshipLevel: 'relative' as const, hardshipReviewOn: review },
  ] as const;
  let seq = 901;
  for (const [k, p] of people.entries()) {
    await c.members.enrol(street, {
      orgId: unions[k % unions.length]!.id,
      name: p.name,
      idNumber: makeIdNumber('510104', p.birth, String(seq++)),
      phone: `1398000${String(seq).padStart(4, '0')}`,
      tags: [...p.tags],
      hardshipLevel: 'hardshipLevel' in p ? p.hardshipLevel : null,
      hardshipReviewOn: 'hardshipReviewOn' in p ? p.hardshipReviewOn : null,
      newFormKind: 'newFormKind' in p ? p.newFormKind : null,
    });
  }
  // A courier who applied on the portal and waits for the union.
  const portal = await c.citizens.portalContext({ ip: '127.0.0.1', requestId: 'demo-loader' });
  const regionCode = street.actor.scope.regionPath.split('.').pop()!;
  const person = await c.people.create(portal, { name: '钱多多', phone: '13980009999', regionCode });
  const region = await c.regions.requireRegion(regionCode, 'regionCode');
  await c.members.register(
    { ip: '127.0.0.1', requestId: 'demo-loader' },
    { personId: person.id, name: person.name, phoneMasked: person.phoneMasked, regionCode, regionName: region.name, regionPath: region.path, csrfToken: '' },
    { orgId: unions[0]!.id, name: '钱多多', idNumber: makeIdNumber('510104', '19950720', String(seq)), tags: ['new_form'], newFormKind: 'courier' },
  );
}
