// node --import tsx bench/cpuprofile-top.ts <file.cpuprofile> [--top 10] [--from µs --to µs]: the functions with the
// most self time in a V8 CPU profile (node --cpu-prof), optionally only the samples inside a window of the monotonic
// clock (process.hrtime, in microseconds) that a bench printed for its measured phase.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '10' }, from: { type: 'string' }, to: { type: 'string' } },
});
const p = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const from = values.from === undefined ? -Infinity : Number(values.from);
const to = values.to === undefined ? Infinity : Number(values.to);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let t = p.startTime;
let total = 0;
let idle = 0;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i]!;
  if (t < from || t > to) continue;
  // A sample's time is the gap to the next one (the last sample has none).
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
  const f = byId.get(p.samples[i]!)!.callFrame;
  if (f.functionName === '(idle)') {
    idle += dt;
    continue;
  }
  const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'}  ${where}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
}
process.stdout.write(`busy ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms\n   self ms   % busy  function  location\n`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  process.stdout.write(`${ms.toFixed(1).padStart(9)}  ${((100 * ms) / total).toFixed(1).padStart(6)} %  ${k}\n`);
}
