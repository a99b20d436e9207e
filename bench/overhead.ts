/**
 * Overhead per host call: 10,000 host calls that take no time at all, in a fan-out (every call
 * independent: `xs.map((x) => h(x))`) and in a chain (each call needs the previous result), for
 * hosts answering with a plain value and with an already-resolved Observable. The figure is the
 * whole run's time divided by the number of calls, so it includes everything the runtime does
 * per call (dispatch, argument resolution, events off). Target: ≤ 20 µs per call.
 */
import { of } from 'rxjs';
import { external, program } from '../lib/index.js';
import { timeMedian, type Figure, type Suite } from './harness.js';

const N = 10_000;

const value = (x: number) => x + 1;
const observable = external((x: number) => of(x + 1));

function programs(h: (x: number) => unknown) {
  const fanOut = program({ h }, (xs: number[]) => xs.map((x) => h(x)), { name: 'fan-out' });
  const chain = program({ h }, (n: number) => {
    let acc = 0;
    let i = 0;
    while (i < n) {
      acc = h(acc) as number;
      i = i + 1;
    }
    return acc;
  }, { name: 'chain' });
  return { fanOut, chain };
}

async function measure(label: string, run: () => Promise<unknown>, log: (l: string) => void): Promise<Figure> {
  const ms = await timeMedian(run, 9, 3);
  const us = (ms * 1000) / N;
  log(`${label}: ${ms.toFixed(1)} ms for ${N} calls`);
  return { name: `${label}`, value: us, unit: 'µs/call', target: '≤ 20 µs', met: us <= 20, note: `median of 9 runs of ${N} calls` };
}

export const suite: Suite = {
  name: 'overhead',
  description: `runtime overhead per host call (${N.toLocaleString('en')} zero-latency calls)`,
  async run(log) {
    const xs = Array.from({ length: N }, (_, i) => i);
    const figures: Figure[] = [];
    for (const [kind, h] of [['a plain value', value], ['an Observable', observable]] as const) {
      const { fanOut, chain } = programs(h);
      const fan = await fanOut.evaluate(xs);
      if (fan.length !== N) throw new Error('fan-out lost calls');
      if ((await chain.evaluate(N)) !== N) throw new Error('chain gave a wrong result');
      figures.push(await measure(`fan-out, host returns ${kind}`, () => fanOut.evaluate(xs), log));
      figures.push(await measure(`chain, host returns ${kind}`, () => chain.evaluate(N), log));
    }
    return figures;
  },
};
