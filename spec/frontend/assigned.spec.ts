import * as acorn from 'acorn';
import type * as A from 'acorn';
import { describe, expect, it } from 'vitest';
import { assignedNames } from '../../lib/frontend/assigned.js';

const statements = (text: string): A.Statement[] =>
  acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module' }).body as A.Statement[];

describe('assignedNames', () => {
  it('lists assigned and updated names in order of first assignment', () => {
    expect(assignedNames(...statements('b = 1; a += 2; b++; [c, { d }] = e;'))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('leaves out names declared inside the region and assignments inside functions', () => {
    expect(assignedNames(...statements('{ let a = 1; a = 2; b = 3; } const f = () => { c = 1; };'))).toEqual(['b']);
  });

  it('treats a loop head declaration as local to the loop', () => {
    expect(assignedNames(...statements('for (let i = 0; i < 3; i++) { n += i; }'))).toEqual(['n']);
    expect(assignedNames(...statements('for (let x of xs) { x = 1; m = x; }'))).toEqual(['m']);
  });

  it('ignores field assignments', () => {
    expect(assignedNames(...statements('o.x = 1; o[k] = 2;'))).toEqual([]);
  });
});
