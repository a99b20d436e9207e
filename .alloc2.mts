const ROOT = process.env.ROOT ?? '/work/main';
const { external } = await import(ROOT + '/lib/runtime/external.ts');
const { program } = await import(ROOT + '/lib/program.ts');
const work = async (x: number): Promise<number> => x + 1;
const h = external(work);
const progs: Record<string, any> = {
  fan: program({ h }, (xs: number[]) => xs.map((x) => h(x))),
  forof: program({ h }, (xs: number[]) => { let s = 0; for (const x of xs) { s = s + h(x); } return s; }),
  chain: program({ h }, (n: number) => { let acc = 0; let i = 0; while (i < n) { acc = h(acc); i = i + 1; } return acc; }),
};
const N = 10000;
const xs = Array.from({ length: N }, (_, i) => i);
const gc = (globalThis as any).gc;
const out: string[] = [];
for (const w of ['fan', 'forof', 'chain']) {
  const arg = w === 'chain' ? N : xs;
  for (let i = 0; i < 5; i++) await progs[w].evaluate(arg);
  gc(); gc();
  const b = process.memoryUsage().heapUsed;
  for (let i = 0; i < 3; i++) await progs[w].evaluate(arg);
  const a = process.memoryUsage().heapUsed;
  out.push(`${w} ${((a - b) / N / 3).toFixed(0)}`);
}
console.log(out.join('  '));
