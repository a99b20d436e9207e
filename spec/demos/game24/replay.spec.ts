import { describe, expect, it } from 'vitest';
import { EpicError } from '../../../lib/errors.js';
import type { SimPromptRequest, SimResponder } from '../../../lib/sim/index.js';
import { loadTotLog, totLogRecord, type TotLogRecord } from '../../../demos/game24/log.js';
import { proposePrompt, valueOfOutputs, valuePrompt } from '../../../demos/game24/prompts.js';
import {
  describePrompt,
  judgmentsOf,
  proposalKey,
  replayEnvelope,
  replayResponder,
  replayTable,
} from '../../../demos/game24/replay.js';

const ask = (prompt: string, k = 0): SimPromptRequest => ({
  kind: 'completion',
  prompt,
  messages: undefined,
  model: 'epic-sim',
  temperature: 0.7,
  maxTokens: 1000,
  stop: [],
  k,
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
  return valueOfOutputs(
    candidate,
    [0, 1, 2].map((k) => text(respond, valuePrompt(x, candidate), k)),
  );
}

/** The replayed proposal lines for copy `copy` of state `y` (sent in its envelope, as a replay session does). */
function proposed(respond: SimResponder, x: string, y: string, copy = 0): string[] {
  return text(respond, replayEnvelope(proposePrompt(x, y), y, copy)).split('\n');
}

/** How many equal states come before `ys[j]`. */
const copyOf = (ys: readonly string[], j: number): number => ys.slice(0, j).filter((y) => y === ys[j]).length;

describe('the GPT-4 replay responder', () => {
  it('answers a propose request with the lines GPT-4 proposed for that state', () => {
    const record = totLogRecord(900);
    const step = record.steps[1]!;
    const y = '4 + 5 = 9 (left: 6 9 10)\n';
    const candidates = proposed(replayResponder(record), step.x, y).map((line) => `${y}${line}\n`);
    expect(candidates).toEqual(step.new_ys.filter((c) => c.startsWith(y)));
    expect(candidates).toHaveLength(9);
  });

  it("gives every kept state of 900–949 its own logged answer: in state order, they are the step's candidates", () => {
    let states = 0;
    for (const record of loadTotLog()) {
      const respond = replayResponder(record);
      for (const [s, step] of record.steps.entries()) {
        const candidates = step.ys.flatMap((y, j) =>
          proposed(respond, step.x, y, copyOf(step.ys, j)).map((line) => `${y}${line}\n`),
        );
        expect(candidates, `${record.idx} step ${s}`).toEqual(step.new_ys);
        states += step.ys.length;
      }
    }
    expect(states).toBe(50 * (1 + 3 * 5));
  });

  it('gives two states that leave the same numbers the different answers GPT-4 gave them', () => {
    const record = totLogRecord(937);
    const respond = replayResponder(record);
    const step = record.steps[1]!;
    const [a, b] = ['2 + 2 = 4 (left: 4 8 8)\n', '2 * 2 = 4 (left: 4 8 8)\n'];
    expect(proposePrompt(step.x, a)).toBe(proposePrompt(step.x, b));
    const logged = (y: string): string[] =>
      step.new_ys.filter((c) => c.startsWith(y)).map((c) => c.slice(y.length, -1));
    expect(logged(a)).not.toEqual(logged(b));
    expect(proposed(respond, step.x, a)).toEqual(logged(a));
    expect(proposed(respond, step.x, b)).toEqual(logged(b));
  });

  it('tells apart the two copies of a state a step kept twice, splitting where a line repeats', () => {
    const step = totLogRecord(937).steps[1]!;
    const twice = '8 - 2 = 6 (left: 2 6 8)\n';
    expect(step.ys.filter((y) => y === twice)).toHaveLength(2);
    const table = replayTable(totLogRecord(937));
    expect(table.proposals.get(proposalKey(twice, 0))?.text.split('\n')).toEqual([
      '2 + 6 = 8 (left: 8 8)',
      '6 / 2 = 3 (left: 3 8)',
      '8 - 2 = 6 (left: 6 6)',
      '8 - 6 = 2 (left: 2 2)',
      '6 + 2 = 8 (left: 8 8)',
    ]);
    expect(table.proposals.get(proposalKey(twice, 1))?.text.split('\n')[0]).toBe('2 + 6 = 8 (left: 8 8)');
  });

  it('answers the same whatever order the askings come in', () => {
    const record = totLogRecord(949);
    const askings = record.steps.flatMap((step) =>
      step.ys.map((y, j) => replayEnvelope(proposePrompt(step.x, y), y, copyOf(step.ys, j))),
    );
    const inOrder = askings.map((prompt) => text(replayResponder(record), prompt));
    const respond = replayResponder(record);
    const reversed = askings
      .toReversed()
      .map((prompt) => text(respond, prompt))
      .toReversed();
    expect(reversed).toEqual(inOrder);
    expect(new Set(askings.map((p) => p.split('\n').slice(1).join('\n'))).size).toBeLessThan(askings.length); // some prompts repeat
  });

  it('answers a state only with the prompt ToT sends for it, and only in an envelope', () => {
    const record = totLogRecord(900);
    const respond = replayResponder(record);
    const y = '4 + 5 = 9 (left: 6 9 10)\n';
    expect(text(respond, replayEnvelope(proposePrompt('4 5 6 10', '6 9 10 (left: 1 2 3)\n'), y, 0))).toBe(
      '[sim replay] nothing in the ToT log for this request (propose from "1 2 3": not the prompt ToT sent for this state)',
    );
    expect(text(respond, replayEnvelope(proposePrompt('4 5 6 10', y), y, 1))).toBe(
      `[sim replay] nothing in the ToT log for this request (propose from "6 9 10": no answer for state ${proposalKey(y, 1)})`,
    );
    expect(text(respond, proposePrompt('4 5 6 10', y))).toBe(
      '[sim replay] nothing in the ToT log for this request (propose from "6 9 10": no answer for this prompt)',
    );
  });

  it('names the puzzle and the field of a log it cannot replay', () => {
    const record = totLogRecord(903);
    const step = record.steps[2]!;
    const stray = { ...step, new_ys: [...step.new_ys.slice(0, 3), 'x\n', ...step.new_ys.slice(4)] };
    expect(() => replayTable({ ...record, steps: record.steps.with(2, stray) })).toThrow(
      'puzzle 903: steps[2].new_ys[3] extends none of the kept states (ys)',
    );
    const first = record.steps[0]!;
    const badValue = { ...first, values: first.values.with(0, 4) };
    expect(() => replayTable({ ...record, steps: record.steps.with(0, badValue) })).toThrow(
      /^puzzle 903: steps\[0\]\.values\[0\]: The logged value 4 is not the sum of 3 ToT judgments/,
    );
  });

  it('answers value prompts with 3 judgments worth exactly the logged value, for every candidate of 900–949', () => {
    let checked = 0;
    for (const record of loadTotLog()) {
      const respond = replayResponder(record);
      for (const step of record.steps) {
        step.new_ys.forEach((candidate, i) => {
          const fourLinesNoAnswer =
            candidate.trim().split('\n').length === 4 && !candidate.toLowerCase().includes('answer');
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
    for (const bad of [4, 61, 0.0005, 3.004, -1, Number.NaN])
      expect(() => judgmentsOf(bad), String(bad)).toThrow(EpicError);
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
    expect(replayedValue(replayResponder(record), '4 5 6 10', 'x (left: 1 2 3)\n')).toBe(0);
    expect(answer(record, valuePrompt('4 5 6 10', 'x (left: 1 2 3)\n'))).toBe(
      '[sim replay] nothing in the ToT log for this request (value of "1 2 3": no answer for this prompt)',
    );
    expect(answer(record, 'Tell me a joke')).toMatch(/not a ToT Game-of-24 prompt/);
    expect(describePrompt(valuePrompt('4 5 6 10', 'Answer: 4 * 6 = 24'))).toBe('judge an answer to "4 5 6 10"');
  });
});
