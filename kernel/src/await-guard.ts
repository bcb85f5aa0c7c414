/**
 * Rewrites a cell's compiled JavaScript so that its `await`s report to the {@link CellGuard}: the cell
 * says when its synchronous start begins, when it stops to await, and when it resumes, and a resumed
 * top-level `await` of an interrupted cell throws. Only text is inserted (never replaced), so nesting
 * (`await f(await g())`) needs no special care and every other character stays where it was.
 *
 * `await x` at the cell's top level becomes `G.resume(R, await G.pause(x))`, R being the cell's run.
 * Inside a function the cell defines it becomes `G.resume(G.current, await x)`: the function may run
 * long after the cell (from a later cell, or from a live source), so it answers to the run that was
 * current when its `await` started. A cell that is interrupted while such a function awaits thus stops
 * it too, and a live source calling it between cells is never stopped. `for await` bodies start with
 * the same resume call.
 */
import * as ts from "@tslab/typescript-for-tslab";
import { GUARD_KEY } from "./cell-guard";

const G = "__streamz_guard";
const R = "__streamz_run";
/** The prologue: the guard, and this cell's run (which also marks the synchronous start). */
const PROLOGUE = `const ${G} = globalThis[Symbol.for(${JSON.stringify(GUARD_KEY)})], ${R} = ${G}.begin();`;

/** `js` with its awaits guarded, or unchanged when the guard is not installed in this process. */
export function guardAwaits(js: string): string {
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: ts.Node, nested: boolean): void => {
    if (ts.isAwaitExpression(node)) {
      inserts.push({ at: node.getStart(file), text: `${G}.resume(${nested ? `${G}.current` : R}, ` });
      if (!nested) inserts.push({ at: node.expression.getStart(file), text: `${G}.pause(` });
      visit(node.expression, nested);
      if (!nested) inserts.push({ at: node.expression.end, text: ")" });
      inserts.push({ at: node.end, text: ")" });
      return;
    }
    if (ts.isForOfStatement(node) && node.awaitModifier) {
      const resume = `${G}.resume(${nested ? `${G}.current` : R}, 0);`;
      if (ts.isBlock(node.statement)) {
        inserts.push({ at: node.statement.getStart(file) + 1, text: ` ${resume}` });
      } else {
        inserts.push({ at: node.statement.getStart(file), text: `{ ${resume} ` });
        inserts.push({ at: node.statement.end, text: " }" });
      }
    }
    const inner = nested || ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  ts.forEachChild(file, (child) => visit(child, false));
  // The prologue goes after the directive prologue ("use strict"), which must stay first.
  let start = 0;
  for (const st of file.statements) {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)) start = st.end;
    else break;
  }
  inserts.push({ at: start, text: start === 0 ? `${PROLOGUE}\n` : ` ${PROLOGUE}` });
  // Stable by position: at one position, an outer await's insert was recorded before an inner one's.
  const order = inserts.map((ins, i) => ({ ...ins, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  let out = "";
  let from = 0;
  for (const { at, text } of order) {
    out += js.slice(from, at) + text;
    from = at;
  }
  return out + js.slice(from);
}
