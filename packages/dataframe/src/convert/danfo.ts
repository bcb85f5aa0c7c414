/**
 * danfojs DataFrames in and out. danfojs is loaded only when a frame is made for the user: importing
 * it costs seconds (it loads TensorFlow.js), and Arrow-only pipelines never need it.
 */
import type { DataFrame as DanfoFrame, Series as DanfoSeries } from "danfojs-node";
import { columnFrom, type Column, type DType } from "../column";
import { ColumnFrame, type Field } from "../frame";

/** What a danfojs DataFrame looks like from here (duck-typed, so no import is needed to recognise one). */
interface DanfoLike {
  readonly columns: string[];
  readonly dtypes: string[];
  readonly getColumnData: unknown[][];
  readonly $isSeries: boolean;
}

/** Whether `x` is a danfojs DataFrame. */
export function isDanfoFrame(x: unknown): x is DanfoFrame {
  const d = x as DanfoLike | null;
  return d !== null && typeof d === "object" && d.$isSeries === false && Array.isArray(d.columns) && "getColumnData" in d;
}

const DANFO_TYPES: Record<string, DType> = { float32: "float", int32: "int", boolean: "bool", string: "string", datetime: "timestamp" };

/**
 * A danfojs DataFrame as a ColumnFrame. danfojs infers types per frame (a float column whose values
 * happen to be whole is `int32`; an empty frame has no types), so `hint` (the stream's schema) decides
 * numeric types where it names the column; the schema check then catches real mismatches.
 */
export function fromDanfo(df: DanfoFrame, hint?: readonly Field[]): ColumnFrame {
  const d = df as unknown as DanfoLike;
  const names = d.columns;
  const data = d.getColumnData;
  const rows = (df as unknown as { shape: number[] }).shape[0] ?? 0;
  const columns: Column[] = names.map((name, i) => {
    const values = rows === 0 ? [] : data[i]!;
    const inferred = rows === 0 ? undefined : DANFO_TYPES[d.dtypes[i]!];
    const hinted = hint?.find((f) => f.name === name)?.dtype;
    const dtype = pick(inferred, hinted, values);
    if (dtype === undefined)
      throw new TypeError(
        `danfojs frame: column "${name}" has type ${d.dtypes[i] ?? "(none: empty frame)"}, which streaming frames do not support`,
      );
    return columnFrom(dtype, values);
  });
  return new ColumnFrame(names, columns);
}

/**
 * The hint wins between numeric types, and where it says string and every value is a string (danfojs
 * infers int32 for ["10", "9"], float32 for an all-null column, yet keeps the strings); any other
 * disagreement is left for the schema check.
 */
function pick(inferred: DType | undefined, hinted: DType | undefined, values: readonly unknown[]): DType | undefined {
  if (inferred === undefined) return hinted;
  if (hinted === undefined || inferred === hinted) return inferred;
  if (hinted === "string") return values.every((v) => v === null || v === undefined || typeof v === "string") ? "string" : inferred;
  const numeric = (t: DType) => t === "float" || t === "int" || t === "timestamp";
  return numeric(inferred) && numeric(hinted) ? hinted : inferred;
}

/** The danfojs module, loaded on first use. */
export function danfo(): typeof import("danfojs-node") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("danfojs-node") as typeof import("danfojs-node");
  } catch (err) {
    // danfojs-node is an optional peer: frames in are recognised by shape, only frames out need it.
    if ((err as { code?: string }).code !== "MODULE_NOT_FOUND" || !(err as Error).message.includes("'danfojs-node'")) throw err;
    throw new Error(
      "danfojs output needs the optional peer danfojs-node: `npm install danfojs-node` (see @streamz-ts/dataframe's README)",
      { cause: err },
    );
  }
}

/** A ColumnFrame as a danfojs DataFrame (timestamps as epoch milliseconds). */
export function toDanfo(frame: ColumnFrame): DanfoFrame {
  const { DataFrame } = danfo();
  if (frame.length === 0) return new DataFrame([], { columns: [...frame.names] });
  return new DataFrame(frame.toColumns());
}

/** One column of a frame as a danfojs Series named after it. */
export function toDanfoSeries(frame: ColumnFrame, name: string): DanfoSeries {
  const { Series } = danfo();
  const values = frame.toColumns()[name];
  if (values === undefined) throw new Error(`no column "${name}"; the frame has columns [${frame.names.join(", ")}]`);
  return new Series(values, { columns: [name] });
}
