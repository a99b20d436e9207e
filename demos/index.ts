/**
 * The demos, each a module exporting a program (default) and the arguments to run it with, and
 * optionally `notes`, `show`, `afterRun` and `dispose` (the contract of lib/cli/load.ts).
 * `epic demo <name>` runs one both ways and compares; `npm start` runs the main one.
 */

/** A runnable demo. */
export interface Demo {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<Record<string, unknown>>;
}

/** Every demo, by name. */
export const DEMOS: readonly Demo[] = [
  {
    name: 'trip',
    description: 'three independent 100 ms tool calls and a fourth that needs all three',
    load: () => import('./trip-planner.js'),
  },
  {
    name: 'map-reduce',
    description: 'summarise documents with batched LLM completions, then digest them with one chat call',
    load: () => import('./map-reduce.js'),
  },
  {
    name: 'cities',
    description: "the paper's streaming example: a streamed list of cities, a follow-up per city as soon as its line is complete",
    load: () => import('./cities/index.js'),
  },
  {
    name: 'agent',
    description: 'nested tool use: an agent whose tools call the LLM (split, search, summarise each hit, combine, answer)',
    load: () => import('./agent/index.js'),
  },
  {
    name: 'constrained',
    description: 'constrained decoding: JSON records built field by field from sampled candidates a checker accepts',
    load: () => import('./constrained/index.js'),
  },
  {
    name: 'self-consistency',
    description: 'map-reduce with self-consistency: 5 samples per chunk, majority vote, combine (batched)',
    load: () => import('./self-consistency/index.js'),
  },
  {
    name: 'game24',
    description: 'Tree-of-Thoughts BFS on the Game of 24, replaying real GPT-4 outputs in the embedded simulator',
    load: () => import('./game24/index.js'),
  },
];

/** The demo `npm start` runs. */
export const MAIN_DEMO = 'game24';
