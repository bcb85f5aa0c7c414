/**
 * pandas' `agg({ column: [aggregations] })`: which output columns a spec asks for, checked against a
 * schema once, when the graph is built.
 */
import type { AggSpec } from "./compute/group-state";
import { checkAgg, type AggName } from "./compute/moments";
import type { ColumnFrame } from "./frame";

/**
 * Aggregations by column, pandas' `agg({...})`: a name gives one output named after the input column;
 * a list gives one output per aggregation, named `<column>_<aggregation>` (pandas' two-level column
 * names, joined).
 * @example `{ x: ["sum", "mean"], n: "max" }` // outputs x_sum, x_mean, n
 */
export type AggSpecMap = Record<string, AggName | readonly AggName[]>;

/** The outputs `spec` asks for, in its order; `what` names the operator in errors (e.g. `groupby(k)`). */
export function specsOf(spec: AggSpecMap, what: string, example: ColumnFrame): AggSpec[] {
  const out: AggSpec[] = [];
  for (const [column, aggs] of Object.entries(spec)) {
    if (!example.has(column)) throw new Error(`${what}.agg: no column "${column}"; the frame has columns [${example.names.join(", ")}]`);
    const list = typeof aggs === "string" ? [aggs] : aggs;
    if (list.length === 0) throw new Error(`${what}.agg: no aggregation for column "${column}"`);
    for (const agg of list) {
      checkAgg(agg);
      if (example.column(column).dtype === "string" && agg !== "size")
        throw new TypeError(`${what}.agg: column "${column}" holds strings; ${agg} needs numbers`);
      out.push({ out: typeof aggs === "string" ? column : `${column}_${agg}`, column, agg });
    }
  }
  if (out.length === 0) throw new Error(`${what}.agg({}): name at least one column`);
  return out;
}
