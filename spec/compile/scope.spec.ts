import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameLayout, readVar, Scope } from '../../lib/compile/scope.js';

describe('FrameLayout', () => {
  it('allocates slots from 1 (slot 0 is the parent frame)', () => {
    const f = new FrameLayout(undefined);
    expect([f.allocate(), f.allocate(), f.size]).toEqual([1, 2, 3]);
  });
});

describe('Scope', () => {
  it('an empty root scope knows no names and collects none', () => {
    const root = Scope.root(false);
    expect(root.lookup('x')).toBeUndefined();
    expect(root.freeSlots().size).toBe(0);
    expect(root.frame.size).toBe(1);
  });

  it('bind gives each binding the next slot of the current frame', () => {
    const a = Scope.root(false).bind('a');
    const b = a.scope.bind('b');
    expect([a.slot, b.slot]).toEqual([1, 2]);
    expect(b.scope.lookup('a')).toEqual({ depth: 0, slot: 1 });
    expect(b.scope.lookup('b')).toEqual({ depth: 0, slot: 2 });
    expect(b.scope.frame.size).toBe(3);
  });

  it('is immutable: a scope does not see bindings made from it, and a rebinding shadows', () => {
    const one = Scope.root(false).bind('x');
    const two = one.scope.bind('x');
    expect(one.scope.lookup('x')).toEqual({ depth: 0, slot: 1 });
    expect(two.scope.lookup('x')).toEqual({ depth: 0, slot: 2 });
    expect(one.scope.bind('y').scope.lookup('x')).toEqual({ depth: 0, slot: 1 });
    expect(Scope.root(false).bind('z').scope.lookup('x')).toBeUndefined();
  });

  it('enterLambda puts the parameters in slots 1…n of a new frame, one level below', () => {
    const outer = Scope.root(false).bind('x').scope;
    const inner = outer.enterLambda(['a', 'b']);
    expect(inner.frame).not.toBe(outer.frame);
    expect(inner.frame.parent).toBe(outer.frame);
    expect(inner.lookup('a')).toEqual({ depth: 0, slot: 1 });
    expect(inner.lookup('b')).toEqual({ depth: 0, slot: 2 });
    expect(inner.lookup('x')).toEqual({ depth: 1, slot: 1 });
    const innermost = inner.bind('c').scope.enterLambda([]);
    expect(innermost.lookup('x')).toEqual({ depth: 2, slot: 1 });
    expect(innermost.lookup('c')).toEqual({ depth: 1, slot: 3 });
  });

  it('a parameter shadows an outer variable of the same name; bindings in a body grow only its frame', () => {
    const outer = Scope.root(false).bind('x').scope;
    const inner = outer.enterLambda(['x']).bind('y').scope;
    expect(inner.lookup('x')).toEqual({ depth: 0, slot: 1 });
    expect(inner.frame.size).toBe(3);
    expect(outer.frame.size).toBe(2);
  });

  it('alias makes a second name for a slot without allocating', () => {
    const s = Scope.root(false).bind('x').scope;
    const aliased = s.alias('y', 'x');
    expect(aliased?.lookup('y')).toEqual({ depth: 0, slot: 1 });
    expect(s.frame.size).toBe(2);
    expect(s.lookup('y')).toBeUndefined();
  });

  it('alias of an outer variable keeps its frame, and of an unbound name is undefined', () => {
    const inner = Scope.root(false).bind('x').scope.enterLambda(['p']);
    expect(inner.alias('y', 'x')?.lookup('y')).toEqual({ depth: 1, slot: 1 });
    expect(inner.alias('y', 'nope')).toBeUndefined();
    expect(Scope.root(true).alias('y', 'free')).toBeUndefined();
  });

  it('alias follows the current meaning of a shadowed target', () => {
    const s = Scope.root(false).bind('x').scope.bind('x').scope;
    expect(s.alias('y', 'x')?.lookup('y')).toEqual({ depth: 0, slot: 2 });
  });

  it('collects free names into root slots, one per name, from any depth', () => {
    const root = Scope.root(true);
    const bound = root.bind('a').scope;
    const deep = bound.enterLambda(['p']).enterLambda(['q']);
    expect(deep.lookup('x')).toEqual({ depth: 2, slot: 2 });
    expect(bound.lookup('x')).toEqual({ depth: 0, slot: 2 });
    expect(deep.lookup('y')).toEqual({ depth: 2, slot: 3 });
    expect([...root.freeSlots()]).toEqual([
      ['x', 2],
      ['y', 3],
    ]);
    // a later root binding does not collide with the free slots
    expect(bound.bind('b').slot).toBe(4);
    expect(root.frame.size).toBe(5);
  });

  it('a bound name is not free', () => {
    const root = Scope.root(true);
    const s = root.bind('x').scope.enterLambda(['y']);
    s.lookup('x');
    s.lookup('y');
    expect(root.freeSlots().size).toBe(0);
  });
});

describe('readVar', () => {
  it('reads a slot any number of frames up', () => {
    const f0 = [undefined, 'root1', 'root2'];
    const f1 = [f0, 'one'];
    const f2 = [f1, 'two'];
    const f3 = [f2, 'three'];
    const f4 = [f3, 'four'];
    expect(readVar({ depth: 0, slot: 1 })(f4)).toBe('four');
    expect(readVar({ depth: 1, slot: 1 })(f4)).toBe('three');
    expect(readVar({ depth: 2, slot: 1 })(f4)).toBe('two');
    expect(readVar({ depth: 3, slot: 1 })(f4)).toBe('one');
    expect(readVar({ depth: 4, slot: 2 })(f4)).toBe('root2');
  });

  it('reads what a scope lookup addresses in frames laid out the same way', () => {
    const root = Scope.root(true);
    const outer = root.bind('k');
    const inner = outer.scope.enterLambda(['a']);
    const free = inner.lookup('x')!;
    const frame0: unknown[] = new Array(root.frame.size);
    frame0[outer.slot] = 'K';
    frame0[free.slot] = 'X';
    const frame1 = [frame0, 'A'];
    expect(readVar(inner.lookup('k')!)(frame1)).toBe('K');
    expect(readVar(free)(frame1)).toBe('X');
    expect(readVar(inner.lookup('a')!)(frame1)).toBe('A');
  });

  it('finds what a walk along the chain finds, on random trees of scopes with shadowing and aliases', () => {
    // each step extends one scope made so far: bind or alias a name from a small set, or enter a lambda
    const names = ['a', 'b', 'c', 'd'];
    const stepArb = fc.record({
      from: fc.nat(),
      op: fc.constantFrom('bind', 'alias', 'lambda'),
      name: fc.constantFrom(...names),
      target: fc.constantFrom(...names),
    });
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 80 }), (steps) => {
        // the model: each scope's chain as a list of [name, frame id, slot], innermost first
        type Entry = readonly [string, number, number];
        const made: Array<{ scope: Scope; chain: readonly Entry[]; frames: readonly number[] }> = [
          { scope: Scope.root(false), chain: [], frames: [0] },
        ];
        const frameIds = new Map<unknown, number>([[made[0]!.scope.frame, 0]]);
        for (const step of steps) {
          const at = made[step.from % made.length]!;
          const frameOf = (sc: Scope) => {
            if (!frameIds.has(sc.frame)) frameIds.set(sc.frame, frameIds.size);
            return frameIds.get(sc.frame)!;
          };
          if (step.op === 'bind') {
            const { scope, slot } = at.scope.bind(step.name);
            made.push({ scope, chain: [[step.name, frameOf(scope), slot], ...at.chain], frames: at.frames });
          } else if (step.op === 'alias') {
            const target = at.chain.find(([n]) => n === step.target);
            const scope = at.scope.alias(step.name, step.target);
            expect(scope === undefined).toBe(target === undefined);
            if (scope && target)
              made.push({ scope, chain: [[step.name, target[1], target[2]], ...at.chain], frames: at.frames });
          } else {
            const scope = at.scope.enterLambda([step.name]);
            const id = frameOf(scope);
            made.push({ scope, chain: [[step.name, id, 1], ...at.chain], frames: [id, ...at.frames] });
          }
        }
        for (const { scope, chain, frames } of made) {
          for (const name of names) {
            const hit = chain.find(([n]) => n === name);
            const expected = hit && { depth: frames.indexOf(hit[1]), slot: hit[2] };
            expect(scope.lookup(name)).toEqual(expected);
          }
        }
      }),
    );
  });
});
