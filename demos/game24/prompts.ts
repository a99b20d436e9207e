/**
 * The Tree-of-Thoughts authors' Game-of-24 prompts, verbatim, and their prompt wrappers.
 *
 * Source: princeton-nlp/tree-of-thought-llm (MIT licence, Copyright (c) 2023 Shunyu Yao):
 * the templates from `prompts/game24.py` (commit e2db1b6; later moved to
 * `src/tot/prompts/game24.py`), the wrappers ported from `Game24Task` in `tasks/game24.py`
 * (`get_current_numbers`, `propose_prompt_wrap`, `value_prompt_wrap`, `value_outputs_unwrap`).
 * The GPT-4 log in `data/` was produced with exactly these.
 *
 * Gotcha: the templates are byte-exact copies, quirks included — "14 /  2" has two spaces, each
 * "Judge: " line of the last-step prompt ends with a space, and the last propose step appends
 * `y` straight after "Steps:" with no newline. The replay (`replay.ts`) matches prompts exactly,
 * so any edit here breaks it.
 */

/** 5-shot chain of thought (`cot_prompt`); ToT uses it for the answer line once 24 is left. */
export const COT_PROMPT = `Use numbers and basic arithmetic operations (+ - * /) to obtain 24. Each step, you are only allowed to choose two of the remaining numbers to obtain a new number.
Input: 4 4 6 8
Steps:
4 + 8 = 12 (left: 4 6 12)
6 - 4 = 2 (left: 2 12)
2 * 12 = 24 (left: 24)
Answer: (6 - 4) * (4 + 8) = 24
Input: 2 9 10 12
Steps:
12 * 2 = 24 (left: 9 10 24)
10 - 9 = 1 (left: 1 24)
24 * 1 = 24 (left: 24)
Answer: (12 * 2) * (10 - 9) = 24
Input: 4 9 10 13
Steps:
13 - 10 = 3 (left: 3 4 9)
9 - 3 = 6 (left: 4 6)
4 * 6 = 24 (left: 24)
Answer: 4 * (9 - (13 - 10)) = 24
Input: 1 4 8 8
Steps:
8 / 4 = 2 (left: 1 2 8)
1 + 2 = 3 (left: 3 8)
3 * 8 = 24 (left: 24)
Answer: (1 + 8 / 4) * 8 = 24
Input: 5 5 5 9
Steps:
5 + 5 = 10 (left: 5 9 10)
10 + 5 = 15 (left: 9 15)
15 + 9 = 24 (left: 24)
Answer: ((5 + 5) + 5) + 9 = 24
Input: {input}
`;

/** 1-shot proposal of next steps (`propose_prompt`). */
export const PROPOSE_PROMPT = `Input: 2 8 8 14
Possible next steps:
2 + 8 = 10 (left: 8 10 14)
8 / 2 = 4 (left: 4 8 14)
14 + 2 = 16 (left: 8 8 16)
2 * 8 = 16 (left: 8 14 16)
8 - 2 = 6 (left: 6 8 14)
14 - 8 = 6 (left: 2 6 8)
14 /  2 = 7 (left: 7 8 8)
14 - 2 = 12 (left: 8 8 12)
Input: {input}
Possible next steps:
`;

/** Few-shot valuation of the numbers left (`value_prompt`): sure / likely / impossible. */
export const VALUE_PROMPT = `Evaluate if given numbers can reach 24 (sure/likely/impossible)
10 14
10 + 14 = 24
sure
11 12
11 + 12 = 23
12 - 11 = 1
11 * 12 = 132
11 / 12 = 0.91
impossible
4 4 10
4 + 4 + 10 = 8 + 10 = 18
4 * 10 - 4 = 40 - 4 = 36
(10 - 4) * 4 = 6 * 4 = 24
sure
4 9 11
9 + 11 + 4 = 20 + 4 = 24
sure
5 7 8
5 + 7 + 8 = 12 + 8 = 20
(8 - 5) * 7 = 3 * 7 = 21
I cannot obtain 24 now, but numbers are within a reasonable range
likely
5 6 6
5 + 6 + 6 = 17
(6 - 5) * 6 = 1 * 6 = 6
I cannot obtain 24 now, but numbers are within a reasonable range
likely
10 10 11
10 + 10 + 11 = 31
(11 - 10) * 10 = 10
10 10 10 are all too big
impossible
1 3 3
1 * 3 * 3 = 9
(1 + 3) * 3 = 12
1 3 3 are all too small
impossible
{input}
`;

/** Few-shot judgment of a final answer (`value_last_step_prompt`): sure / impossible. */
export const VALUE_LAST_STEP_PROMPT = `Use numbers and basic arithmetic operations (+ - * /) to obtain 24. Given an input and an answer, give a judgement (sure/impossible) if the answer is correct, i.e. it uses each input exactly once and no other numbers, and reach 24.
Input: 4 4 6 8
Answer: (4 + 8) * (6 - 4) = 24
Judge: 
sure
Input: 2 9 10 12
Answer: 2 * 12 * (10 - 9) = 24
Judge: 
sure
Input: 4 9 10 13
Answer: (13 - 9) * (10 - 4) = 24
Judge: 
sure
Input: 4 4 6 8
Answer: (4 + 8) * (6 - 4) + 1 = 25
Judge: 
impossible
Input: 2 9 10 12
Answer: 2 * (12 - 10) = 24
Judge: 
impossible
Input: 4 9 10 13
Answer: (13 - 4) * (10 - 9) = 24
Judge: 
impossible
Input: {input}
Answer: {answer}
Judge:`;

/** ToT's value of each judgment word (`value_map` in `value_outputs_unwrap`). */
export const JUDGMENT_VALUES = Object.freeze({ impossible: 0.001, likely: 1, sure: 20 });

/** Samples per value call in the logged run (ToT's `--n_evaluate_sample 3`). */
export const VALUE_SAMPLES = 3;

/** A judgment word ToT counts. */
export type Judgment = keyof typeof JUDGMENT_VALUES;

/**
 * Python's `template.format(**fields)` for the `{name}` fields these templates use. A function
 * replacer, so `$` in a value is taken literally.
 *
 * @example
 * fill(PROPOSE_PROMPT, { input: '4 5 6 10' }).endsWith('Input: 4 5 6 10\nPossible next steps:\n') // true
 */
export function fill(template: string, fields: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => fields[name] ?? whole);
}

/** The last line of `y` after trimming it (Python `y.strip().split('\n')[-1]`). */
function lastLine(y: string): string {
  return y.trim().split('\n').at(-1) ?? '';
}

/**
 * ToT's `get_current_numbers`: the numbers after "left: " on the last line of `y` (for the
 * puzzle itself, which has no "left: ", the whole line).
 *
 * @example
 * currentNumbers('4 + 5 = 9 (left: 6 9 10)\n') // '6 9 10'
 */
export function currentNumbers(y: string): string {
  return (lastLine(y).split('left: ').at(-1) ?? '').split(')')[0] ?? '';
}

/**
 * ToT's `propose_prompt_wrap`: the propose prompt on the numbers left, or — once only 24 is
 * left — the chain-of-thought prompt with the steps so far, asking for the answer line.
 *
 * @example
 * proposePrompt('4 5 6 10', '') // PROPOSE_PROMPT with input "4 5 6 10"
 */
export function proposePrompt(x: string, y: string): string {
  const numbers = currentNumbers(y === '' ? x : y);
  return numbers === '24' ? `${fill(COT_PROMPT, { input: x })}Steps:${y}` : fill(PROPOSE_PROMPT, { input: numbers });
}

/**
 * ToT's `value_prompt_wrap`: the last-step prompt when the last line of `y` is an answer (no
 * "left: "), else the value prompt on the numbers left.
 *
 * Gotcha: the prompt depends only on the numbers left (or on the puzzle and the answer), not on
 * the path to them, so ToT's value cache shares one judgment between such candidates.
 *
 * @example
 * valuePrompt('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n') // VALUE_PROMPT with input "6 9 10"
 */
export function valuePrompt(x: string, y: string): string {
  const last = lastLine(y);
  if (!last.includes('left: ')) {
    return fill(VALUE_LAST_STEP_PROMPT, { input: x, answer: last.toLowerCase().replaceAll('answer: ', '') });
  }
  return fill(VALUE_PROMPT, { input: currentNumbers(y) });
}

/** ToT's value cache (`task.value_cache`, kept for the whole run): `valueCacheKey` → value. */
export type ValueCache = Readonly<Record<string, number>>;

/**
 * The value cache's key for candidate `y`: what its value prompt is made of — the numbers left,
 * or the puzzle and the answer — so two candidates share a key exactly when `valuePrompt` gives
 * them the same prompt (ToT keys its cache by that prompt). The ToT program (tot.ts) computes the
 * same key in program code; the two must change together.
 *
 * @example
 * valueCacheKey('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n') // '["numbers","6 9 10"]'
 */
export function valueCacheKey(x: string, y: string): string {
  const last = lastLine(y);
  return last.includes('left: ')
    ? JSON.stringify(['numbers', currentNumbers(y)])
    : JSON.stringify(['answer', x, last.toLowerCase().replaceAll('answer: ', '')]);
}

/**
 * ToT's `value_outputs_unwrap` (its unused `x` dropped): 0 for a 4-line trajectory without an answer; otherwise the sum
 * over the samples whose LAST line is exactly a judgment word of that word's value, summed in
 * ToT's order (impossible, likely, sure) so the float equals the Python one bit for bit.
 *
 * @example
 * valueOfOutputs('4 + 5 = 9 (left: 6 9 10)\n', ['…\nlikely', '…\nlikely', '…\nimpossible']) // 2.001
 */
export function valueOfOutputs(y: string, outputs: readonly string[]): number {
  if (y.trim().split('\n').length === 4 && !y.toLowerCase().includes('answer')) return 0;
  const names = outputs.map((o) => o.split('\n').at(-1));
  const count = (name: string): number => names.filter((n) => n === name).length;
  return (Object.entries(JUDGMENT_VALUES) as [Judgment, number][]).reduce(
    (sum, [name, value]) => sum + value * count(name),
    0,
  );
}
