/**
 * tslab rewrites a reference to a variable of an earlier cell `x` into `exports.x`, but it does not see
 * the `x` of a shorthand property (`{ x }`): such a cell fails with "x is not defined". Before a cell is
 * converted we spell every shorthand property out (`{ x: x }`), which means the same in JavaScript.
 */
import * as ts from "@tslab/typescript-for-tslab";

/** `src` with every shorthand property of an object literal written as `name: name`. */
export function expandShorthandProperties(src: string): string {
  if (!src.includes("{")) return src;
  const file = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const ends: { at: number; name: string }[] = [];
  const visit = (node: ts.Node): void => {
    // `{ x = 1 } = obj` (a default in an assignment pattern) has no `name: name` spelling: leave it
    if (ts.isShorthandPropertyAssignment(node) && node.objectAssignmentInitializer === undefined) {
      ends.push({ at: node.name.end, name: node.name.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = src;
  for (const { at, name } of ends.sort((a, b) => b.at - a.at)) out = `${out.slice(0, at)}: ${name}${out.slice(at)}`;
  return out;
}
