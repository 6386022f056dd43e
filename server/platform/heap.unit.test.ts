import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS, missingNodeFlags } from './heap.js';

const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the server’s Node flags', () => {
  // The scripts that run the product in their own process: the server, and the benches that serve or import in-process.
  it.each(['start', 'bench:floor', 'bench:claims', 'bench:venues', 'bench:requests', 'bench:import'])('npm run %s starts Node with them', (name) => {
    const command = scripts[name]!;
    for (const flag of SERVER_NODE_FLAGS) expect(command.split(' '), `${name}: ${command}`).toContain(flag);
  });

  it('names the ones a process was started without', () => {
    expect(missingNodeFlags(['--import', 'tsx'])).toEqual([...SERVER_NODE_FLAGS]);
    expect(missingNodeFlags([...SERVER_NODE_FLAGS, '--import', 'tsx'])).toEqual([]);
  });
});
