/**
 * The demos, each a module exporting a program (default) and the arguments to run it with, and
 * optionally `notes`, `show`, `afterRun` and `dispose` (the contract of lib/cli/load.ts).
 * `epic demo <name>` runs one both ways and compares; `npm start` runs the main one.
 */

import { fileURLToPath } from 'node:url';

/** A runnable demo. */
export interface Demo {
  readonly name: string;
  readonly description: string;
  /**
   * Its module's path. The CLI loads it afresh for each run (lib/cli/load.ts `loadModule`), so a
   * run's `dispose()` (which stops the demo's simulator) leaves the next run a working module.
   */
  readonly file: string;
}

const demoFile = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Every demo, by name. */
export const DEMOS: readonly Demo[] = [
  {
    name: 'trip',
    description: 'three independent 100 ms tool calls and a fourth that needs all three',
    file: demoFile('./trip-planner.ts'),
  },
  {
    name: 'map-reduce',
    description: 'summarise documents with batched LLM completions, then digest them with one chat call',
    file: demoFile('./map-reduce.ts'),
  },
  {
    name: 'cities',
    description:
      "the paper's streaming example: a streamed list of cities, a follow-up per city as soon as its line is complete",
    file: demoFile('./cities/index.ts'),
  },
  {
    name: 'agent',
    description:
      'nested tool use: an agent whose tools call the LLM (split, search, summarise each hit, combine, answer)',
    file: demoFile('./agent/index.ts'),
  },
  {
    name: 'constrained',
    description: 'constrained decoding: JSON records built field by field from sampled candidates a checker accepts',
    file: demoFile('./constrained/index.ts'),
  },
  {
    name: 'self-consistency',
    description: 'map-reduce with self-consistency: 5 samples per chunk, majority vote, combine (batched)',
    file: demoFile('./self-consistency/index.ts'),
  },
  {
    name: 'game24',
    description: 'Tree-of-Thoughts BFS on the Game of 24, replaying real GPT-4 outputs in the embedded simulator',
    file: demoFile('./game24/index.ts'),
  },
];

/** The demo `npm start` runs. */
export const MAIN_DEMO = 'game24';
