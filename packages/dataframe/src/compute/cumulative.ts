/**
 * Cumulative sums, products, minima and maxima that carry across frames. NaN rows stay NaN and do not
 * disturb the running value (pandas' skipna).
 */
import type { NumericArray, NumericColumn } from "../column";
import { noNegativeZero } from "./elementwise";

/** Cumulative operations. */
export type CumOp = "cumsum" | "cumprod" | "cummin" | "cummax";

/** The running value of one cumulative operation over one column. */
export class Cumulative {
  private carry: number;

  constructor(readonly op: CumOp) {
    this.carry = op === "cumsum" ? 0 : op === "cumprod" ? 1 : op === "cummin" ? Infinity : -Infinity;
  }

  /** This frame's cumulative values, continuing from the frames before. */
  next(values: NumericArray, dtype: NumericColumn["dtype"]): NumericColumn {
    const n = values.length;
    const out = new Float64Array(n);
    let c = this.carry;
    const op = this.op;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) {
        out[i] = NaN;
        continue;
      }
      if (op === "cumsum") c += v;
      else if (op === "cumprod") c *= v;
      else if (op === "cummin") c = v < c ? v : c;
      else c = v > c ? v : c;
      out[i] = c;
    }
    const outType = dtype === "bool" ? (op === "cumsum" || op === "cumprod" ? "int" : "bool") : dtype;
    if (outType === "int" && op === "cumprod") {
      noNegativeZero(out); // 0 * -3 is -0 in float64, 0 in int64
      c += 0;
    }
    this.carry = c;
    return { dtype: outType, values: out };
  }
}
