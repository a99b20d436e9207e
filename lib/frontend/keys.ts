/**
 * Keys of properties: of an object literal or pattern (`{ a: … }`, a string) and of a member
 * access (`o.k` → `"k"`, `o[k]` → the term of `k`).
 */
import type * as A from 'acorn';
import { lit, type Term } from '../terms/term.js';
import { locOf, reject, type Ctx, type Env } from './context.js';
import { unsupported } from './unsupported.js';

/** The key of an object literal property or pattern property, as a string. */
export function propertyKey(ctx: Ctx, p: A.Property | A.AssignmentProperty): string {
  if (p.computed) return unsupported(ctx, p, 'computedKey');
  const key =
    p.key.type === 'Identifier'
      ? p.key.name
      : p.key.type === 'Literal' && (typeof p.key.value === 'string' || typeof p.key.value === 'number')
        ? String(p.key.value)
        : undefined;
  if (key === undefined) return unsupported(ctx, p, 'computedKey');
  if (key === '__proto__') return reject(ctx, p, 'The __proto__ key is not supported');
  return key;
}

/** The key of a member access: `"k"` for `o.k`, the translated expression for `o[k]`. */
export function memberKey(ctx: Ctx, env: Env, node: A.MemberExpression): Term {
  if (node.property.type === 'PrivateIdentifier') return unsupported(ctx, node.property, 'privateName');
  if (!node.computed && node.property.type === 'Identifier') return lit(node.property.name, locOf(ctx, node.property));
  return ctx.expr(env, node.property);
}
