import { describe, expect, it } from 'vitest';
import { EpicError } from '../../../lib/errors.js';
import type { SimPromptRequest, SimResponder } from '../../../lib/sim/index.js';
import { loadTotLog, totLogRecord, type TotLogRecord } from '../../../demos/game24/log.js';
import { proposePrompt, valueOfOutputs, valuePrompt } from '../../../demos/game24/prompts.js';
import { describePrompt, judgmentsOf, replayResponder, replayTable } from '../../../demos/game24/replay.js';

const ask = (prompt: string, k = 0): SimPromptRequest => ({
  kind: 'completion', prompt, messages: undefined, model: 'epic-sim', temperature: 0.7, maxTokens: 1000, stop: [], k,
});

/** The text of `respond` for `prompt`, sample `k`. */
function text(respond: SimResponder, prompt: string, k = 0): string {
  const reply = respond(ask(prompt, k));
  if (typeof reply !== 'string') throw new Error('expected a string answer');
  return reply;
}

/** The responder's text for `prompt`, sample `k`. */
function answer(record: TotLogRecord, prompt: string, k = 0): string {
  return text(replayResponder(record), prompt, k);
}

/** ToT's value of the 3 samples `respond` gives for the value prompt of `candidate`. */
function replayedValue(respond: SimResponder, x: string, candidate: string): number {
  return valueOfOutputs(candidate, [0, 1, 2].map((k) => text(respond, valuePrompt(x, candidate), k)));
}

describe('the GPT-4 replay responder', () => {
  it('answers a propose prompt with the lines GPT-4 proposed for that state', () => {
    const record = totLogRecord(900);
    const step = record.steps[1]!;
    const y = '4 + 5 = 9 (left: 6 9 10)\n';
    const proposed = answer(record, proposePrompt(step.x, y)).split('\n').map((line) => `${y}${line}\n`);
    expect(proposed).toEqual(step.new_ys.filter((c) => c.startsWith(y)));
    expect(proposed).toHaveLength(9);
  });

  it('reproduces the logged proposals of every state whose prompt GPT-4 answered only one way', () => {
    let checked = 0;
    for (const record of loadTotLog()) {
      const respond = replayResponder(record);
      const logged = new Map<string, Set<string>>(); // prompt → the distinct logged answers
      const states = record.steps.flatMap((step) => step.ys.map((y) => {
        const lines = step.new_ys.filter((c) => c.startsWith(y) && !c.slice(y.length, -1).includes('\n')).map((c) => c.slice(y.length, -1));
        const prompt = proposePrompt(step.x, y);
        logged.set(prompt, (logged.get(prompt) ?? new Set()).add(lines.join('\n')));
        return { prompt, lines, twice: step.ys.filter((z) => z === y).length > 1 };
      }));
      for (const { prompt, lines, twice } of states) {
        if (logged.get(prompt)!.size > 1 || twice) continue; // collisions: see the next tests
        expect(text(respond, prompt).split('\n'), `${record.idx}: ${prompt.slice(-60)}`).toEqual(lines);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('gives two states that leave the same numbers the first logged answer (its documented limit)', () => {
    const record = totLogRecord(937);
    const step = record.steps[1]!;
    const [a, b] = ['2 + 2 = 4 (left: 4 8 8)\n', '2 * 2 = 4 (left: 4 8 8)\n'];
    expect(proposePrompt(step.x, a)).toBe(proposePrompt(step.x, b));
    const firstLogged = step.new_ys.filter((c) => c.startsWith(a)).map((c) => c.slice(a.length, -1));
    expect(answer(record, proposePrompt(step.x, b)).split('\n')).toEqual(firstLogged);
  });

  it('splits the candidates of a state kept twice where a line repeats', () => {
    const step = totLogRecord(937).steps[1]!;
    const twice = '8 - 2 = 6 (left: 2 6 8)\n';
    const table = replayTable(totLogRecord(937));
    expect(step.ys.filter((y) => y === twice)).toHaveLength(2);
    expect(table.proposals.get(proposePrompt(step.x, twice))?.split('\n')).toEqual(['2 + 6 = 8 (left: 8 8)', '6 / 2 = 3 (left: 3 8)',
      '8 - 2 = 6 (left: 6 6)', '8 - 6 = 2 (left: 2 2)', '6 + 2 = 8 (left: 8 8)']);
  });

  it('answers value prompts with 3 judgments worth exactly the logged value, for every candidate of 900–949', () => {
    let checked = 0;
    for (const record of loadTotLog()) {
      const respond = replayResponder(record);
      for (const step of record.steps) {
        step.new_ys.forEach((candidate, i) => {
          const fourLinesNoAnswer = candidate.trim().split('\n').length === 4 && !candidate.toLowerCase().includes('answer');
          if (step.new_ys.indexOf(candidate) !== i || fourLinesNoAnswer) return; // 0 by ToT's rules, not by the model
          expect(replayedValue(respond, step.x, candidate), `${record.idx}: ${candidate}`).toBe(step.values[i]);
          checked += 1;
        });
      }
    }
    expect(checked).toBeGreaterThan(2500);
  });

  it('decodes values into judgments and back, and refuses values 3 judgments cannot make', () => {
    expect(judgmentsOf(2.001)).toEqual(['likely', 'likely', 'impossible']);
    expect(judgmentsOf(41)).toEqual(['sure', 'sure', 'likely']);
    expect(judgmentsOf(40.001)).toEqual(['sure', 'sure', 'impossible']);
    expect(judgmentsOf(0.002)).toEqual(['impossible', 'impossible', undefined]);
    expect(judgmentsOf(0)).toEqual([undefined, undefined, undefined]);
    for (const bad of [4, 61, 0.0005, 3.004, -1, Number.NaN]) expect(() => judgmentsOf(bad), String(bad)).toThrow(EpicError);
  });

  it('is deterministic per (prompt, sample) and ends each value sample with its judgment', () => {
    const record = totLogRecord(900);
    const prompt = valuePrompt('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n6 + 9 = 15 (left: 10 15)\n');
    const samples = [0, 1, 2].map((k) => answer(record, prompt, k));
    expect(samples.map((s) => s.split('\n').at(-1))).toEqual(['likely', 'likely', 'impossible']);
    expect([0, 1, 2].map((k) => answer(record, prompt, k))).toEqual(samples);
    expect(answer(record, prompt, 3).split('\n').at(-1)).not.toMatch(/^(sure|likely|impossible)$/);
  });

  it('falls back to a one-line answer naming the prompt, worth 0 as a value', () => {
    const record = totLogRecord(900);
    expect(answer(record, proposePrompt('4 5 6 10', 'x (left: 1 2 3)\n')))
      .toBe('[sim replay] no GPT-4 answer in the ToT log for this prompt (propose from "1 2 3")');
    expect(replayedValue(replayResponder(record), '4 5 6 10', 'x (left: 1 2 3)\n')).toBe(0);
    expect(answer(record, 'Tell me a joke')).toMatch(/not a ToT Game-of-24 prompt/);
    expect(describePrompt(valuePrompt('4 5 6 10', 'Answer: 4 * 6 = 24'))).toBe('judge an answer to "4 5 6 10"');
  });
});
