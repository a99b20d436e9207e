import DataLoader from '/work/main/node_modules/dataloader/index.js';
import { external } from '/work/main/lib/runtime/external.js';
import { program } from '/work/main/lib/program.js';
const work = async (x: number): Promise<number> => x + 1;
const h = external(work);
const progs: Record<string, any> = {
  fan: program({ h }, (xs: number[]) => xs.map((x) => h(x))),
  forof: program({ h }, (xs: number[]) => { let s = 0; for (const x of xs) { s = s + h(x); } return s; }),
  chain: program({ h }, (n: number) => { let acc = 0; let i = 0; while (i < n) { acc = h(acc); i = i + 1; } return acc; }),
};
function dataLoader(xs: readonly number[]) { const l = new DataLoader<number, number>((keys) => Promise.all(keys.map(work))); return Promise.all(xs.map((x) => l.load(x))); }
const N = Number(process.argv[2] ?? 10000);
const xs = Array.from({ length: N }, (_, i) => i);
const out: string[] = [];
const cases: [string, () => Promise<unknown>][] = [['fan', () => progs.fan.evaluate(xs)], ['DL', () => dataLoader(xs)], ['forof', () => progs.forof.evaluate(xs)], ['chain', () => progs.chain.evaluate(N)]];
for (const [, f] of cases) for (let i = 0; i < 20; i++) await f();
const res: Record<string, number[]> = {};
for (let r = 0; r < 15; r++) for (const [name, f] of cases) {
  const c0 = process.cpuUsage(); for (let i = 0; i < 5; i++) await f(); const c = process.cpuUsage(c0);
  (res[name] ??= []).push((c.user + c.system) / 5 / N);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
console.log(Object.entries(res).map(([k, v]) => `${k} ${med(v).toFixed(3)}`).join('  '), ' fan/DL', (med(res.fan!) / med(res.DL!)).toFixed(2));
