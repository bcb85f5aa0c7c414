/**
 * The aggregations offered by name (`sum()`, `mean()`, ...), written once. A class says how it
 * aggregates (`agg`: over all rows so far, per group, per window) and what it returns; this base turns
 * the names into methods (as RxJS builds every operator on one piece of plumbing).
 */
import type { AggName } from "./compute/moments";
import type { SpreadOptions } from "./series";

/** `sum`, `mean`, `count`, `min`, `max`, `var` and `std` as methods, each `agg(name)`. */
export abstract class Aggregations<R> {
  /** The aggregation named `agg` (see the class for what it runs over). */
  abstract agg(agg: AggName, options?: SpreadOptions): R;

  /** The sum of the non-missing values (0 when there are none, as pandas). @example `sdf.get("x").sum()` */
  sum(): R {
    return this.agg("sum");
  }

  /** The mean of the non-missing values (NaN when there are none). @example `sdf.groupby("name").get("x").mean()` */
  mean(): R {
    return this.agg("mean");
  }

  /** The number of non-missing values. @example `sdf.get("x").rolling(10).count()` */
  count(): R {
    return this.agg("count");
  }

  /** The smallest value (NaN when there is none). */
  min(): R {
    return this.agg("min");
  }

  /** The largest value (NaN when there is none). */
  max(): R {
    return this.agg("max");
  }

  /** The variance, with `ddof` 1 (the sample variance, as pandas) unless told. @example `s.var({ ddof: 0 })` */
  var(options?: SpreadOptions): R {
    return this.agg("var", options);
  }

  /** The standard deviation, with `ddof` 1 unless told. */
  std(options?: SpreadOptions): R {
    return this.agg("std", options);
  }
}
