/**
 * Helpers for the front-end specs: translate a source text and strip locations, parse the
 * expected term from the core syntax, and catch the error a translation throws.
 */
import { expect } from 'vitest';
import { translateFunction } from '../../lib/frontend/translate.js';
import { children, withoutLocs } from '../../lib/terms/locs.js';
import { parseTerm } from '../../lib/terms/parse.js';
import { printTerm } from '../../lib/terms/print.js';
import type { Lam, Term } from '../../lib/terms/term.js';

/** The host names most specs use. */
export const HOSTS: ReadonlySet<string> = new Set(['propose', 'judge', 'best', 'f', 'g', 'h', 'log']);

/** Translates `text` (program name "p") with `hosts`. */
export function translate(text: string, hosts: ReadonlySet<string> = HOSTS, origin?: string): Lam {
  return translateFunction(text, { name: 'p', hosts, ...(origin === undefined ? {} : { origin }) });
}

/** The translation of `text` without locations. */
export function tr(text: string, hosts: ReadonlySet<string> = HOSTS): Term {
  return withoutLocs(translate(text, hosts));
}

/** A term written in the core syntax, without locations. */
export function core(text: string): Term {
  return withoutLocs(parseTerm(text));
}

/** The translation printed in the core syntax (one line), for compact assertions. */
export function printed(text: string, hosts: ReadonlySet<string> = HOSTS): string {
  return printTerm(translate(text, hosts), { width: 10_000 });
}

/** The error translating `text` throws (fails the test if it throws none). */
export function errorOf(text: string, hosts: ReadonlySet<string> = HOSTS): Error {
  try {
    translate(text, hosts);
  } catch (error) {
    return error as Error;
  }
  expect.fail(`expected the translation of ${JSON.stringify(text)} to throw`);
}

/** Every node of `term` (pre-order), for checks that look at all of it. */
export function subterms(term: Term): Term[] {
  return [term, ...children(term).flatMap(subterms)];
}
