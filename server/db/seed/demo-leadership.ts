import { sql } from 'kysely';
import type { Container } from '../../container.js';

/** Education of the demo leadership members, spread deterministically so the composition figures show every band. */
export async function loadDemoLeadership(c: Container): Promise<void> {
  await sql`UPDATE leadership_members SET education = (ARRAY['postgraduate', 'bachelor', 'bachelor', 'college', 'secondary'])[1 + (id % 5)::int]
    WHERE education IS NULL AND id % 7 <> 0`.execute(c.db);
}
