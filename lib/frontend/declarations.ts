/** The bindings a `let`/`const` declaration introduces (`var` and `using` are rejected). */
import type * as A from 'acorn';
import { patternIdentifiers } from './ast.js';
import type { Ctx } from './context.js';
import type { PendingDecl } from './env.js';
import { unsupported } from './unsupported.js';

/** The bindings a `let`/`const` declaration introduces, as pending declarations; rejects `var`. */
export function variableDecls(ctx: Ctx, decl: A.VariableDeclaration): PendingDecl[] {
  const kind = declarationKind(ctx, decl);
  return decl.declarations.flatMap((d) => {
    const arity = kind === 'const' && d.id.type === 'Identifier' && d.init ? literalArity(d.init) : undefined;
    return patternIdentifiers(d.id).map((node) => ({ node, kind, arity }));
  });
}

/** Parameter count of a function literal (possibly wrapped in the loader's `__name`), else undefined. */
function literalArity(init: A.Expression): number | undefined {
  const inner =
    init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === '__name'
      ? init.arguments[0]
      : init;
  return inner?.type === 'ArrowFunctionExpression' || inner?.type === 'FunctionExpression'
    ? inner.params.length
    : undefined;
}

/** The kind of a declaration; rejects `var` and `using`. */
export function declarationKind(ctx: Ctx, decl: A.VariableDeclaration): 'let' | 'const' {
  if (decl.kind === 'var') return unsupported(ctx, decl, 'var');
  if (decl.kind === 'using' || decl.kind === 'await using') return unsupported(ctx, decl, 'using');
  return decl.kind;
}
