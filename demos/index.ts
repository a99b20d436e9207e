/**
 * The demos, each a module exporting a program (default) and the arguments to run it with.
 * `epic demo <name>` runs one both ways and compares; `npm start` runs the main one.
 */
import type { Program } from '../lib/frontend/program.js';

/** What a demo module exports. */
export interface DemoModule {
  readonly default: Program<readonly unknown[], unknown>;
  /** Arguments for the program. */
  readonly input?: readonly unknown[];
  /** Lines to print before running (e.g. which LLM backend is used). */
  readonly notes?: () => readonly string[];
  /** How to print the result (default: as is, or JSON). */
  readonly show?: (value: unknown) => string;
  /** Stops whatever the module started (e.g. an embedded simulated server). */
  readonly dispose?: () => Promise<void> | void;
}

/** A runnable demo. */
export interface Demo {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<DemoModule>;
}

/** Every demo, by name. */
export const DEMOS: readonly Demo[] = [
  {
    name: 'trip',
    description: 'three independent 100 ms tool calls and a fourth that needs all three',
    load: () => import('./trip-planner.js') as Promise<DemoModule>,
  },
  {
    name: 'map-reduce',
    description: 'summarise documents with batched LLM completions, then digest them with one chat call',
    load: () => import('./map-reduce.js') as Promise<DemoModule>,
  },
  {
    name: 'game24',
    description: 'Tree-of-Thoughts BFS on the Game of 24, replaying real GPT-4 outputs in the embedded simulator',
    load: () => import('./game24/index.js') as Promise<DemoModule>,
  },
];

/** The demo `npm start` runs. */
export const MAIN_DEMO = 'game24';
