import type { Expr } from './ast.js';

/** An expression written back as query text (EXPLAIN, error messages). */
export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? `'${expr.value.replaceAll("'", "\\'")}'` : String(expr.value);
    case 'list':
      return `[${expr.items.map(exprText).join(', ')}]`;
    case 'path':
      return expr.parts.map((part, index) => (index > 0 && !/^[$\w]+$/.test(part) ? `['${part}']` : part)).join('.');
    case 'keyword':
      return 'exact';
    case 'call':
      return `${expr.name}(${expr.args.map(exprText).join(', ')})`;
    case 'unary':
      return expr.op === 'NOT' ? `NOT ${exprText(expr.operand)}` : `-${exprText(expr.operand)}`;
    case 'binary': {
      const text = `${exprText(expr.left)} ${expr.op} ${exprText(expr.right)}`;
      return expr.op === 'OR' ? `(${text})` : text;
    }
  }
}
