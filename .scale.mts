import { PerformanceObserver } from 'node:perf_hooks';
const ROOT = process.env.ROOT ?? '/work/main';
const { external } = await import(ROOT + '/lib/runtime/external.ts');
const { program } = await import(ROOT + '/lib/program.ts');
const work = async (x: number): Promise<number> => x + 1;
const h = external(work);
const fan = program({ h }, (xs: number[]) => xs.map((x) => h(x)));
const forof = program({ h }, (xs: number[]) => { let s = 0; for (const x of xs) { s = s + h(x); } return s; });
let gcMs = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcMs += e.duration; }).observe({ entryTypes: ['gc'] });
const out: string[] = [];
for (const [name, p] of [['fan', fan], ['forof', forof]] as const) {
  for (const n of [10000, 100000]) {
    const xs = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < 3; i++) await p.evaluate(xs);
    const reps = n === 10000 ? 50 : 5;
    const t: number[] = []; let g = 0;
    for (let r = 0; r < reps; r++) { gcMs = 0; const t0 = performance.now(); await p.evaluate(xs); t.push(performance.now() - t0); await new Promise((r) => setImmediate(r)); g += gcMs; }
    t.sort((a, b) => a - b);
    out.push(`${name} ${n / 1000}k ${(t[t.length >> 1]! * 1000 / n).toFixed(3)}µs gc ${(g / reps).toFixed(1)}ms`);
  }
}
console.log(out.join(' | '));
