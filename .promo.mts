const ROOT = process.env.ROOT ?? '/work/main';
const { external } = await import(ROOT + '/lib/runtime/external.ts');
const { program } = await import(ROOT + '/lib/program.ts');
const work = async (x: number): Promise<number> => x + 1;
const h = external(work);
const progs: Record<string, any> = {
  fan: program({ h }, (xs: number[]) => xs.map((x) => h(x))),
  forof: program({ h }, (xs: number[]) => { let s = 0; for (const x of xs) { s = s + h(x); } return s; }),
};
const N = 100000;
const xs = Array.from({ length: N }, (_, i) => i);
const w = process.argv[2]!;
for (let i = 0; i < 3; i++) await progs[w].evaluate(xs);
console.log('START');
for (let i = 0; i < 10; i++) await progs[w].evaluate(xs);
console.log('END');
