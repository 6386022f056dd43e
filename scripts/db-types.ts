// Regenerates server/db/types.ts from the migrated schema: a throw-away embedded cluster, all migrations, kysely-codegen.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool } from '../server/db/client.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'qunhub-types-'));
const db = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), password: 'types', preferredPort: 55100 });
try {
  const pool = createPool(db.url, 2);
  await migrate(pool, console.log);
  await pool.end();
  execFileSync(
    'npx',
    [
      'kysely-codegen',
      '--dialect',
      'postgres',
      '--url',
      db.url,
      '--out-file',
      'server/db/types.ts',
      '--exclude-pattern',
      'schema_migrations',
      '--numeric-parser',
      'number',
      '--date-parser',
      'string',
      '--type-mapping',
      '{"int8":"number"}',
    ],
    { stdio: 'inherit' },
  );
} finally {
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
