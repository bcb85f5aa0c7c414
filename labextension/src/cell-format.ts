/**
 * How a table cell reads, by its column's kind: timestamps as clock time (with the date when it is not
 * today), ints as whole numbers, floats to six significant digits without exponent noise, the rest as
 * text. The "full" form is what hovering a cell shows: dates in full, numbers unrounded.
 */
import type { ColumnInfo } from "./arrow-rows";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `2026-12-01`, in local time. */
function dateOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `14:03:07.250` (milliseconds only when there are some), in local time. */
function clockOf(d: Date, millis: boolean): string {
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return millis || d.getMilliseconds() !== 0 ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** A timestamp (epoch ms) as a cell shows it: the clock time today, date and time on other days. */
export function formatTimestamp(ms: number, form: "cell" | "full" = "cell", today: Date = new Date()): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  if (form === "full") return `${dateOf(d)} ${clockOf(d, true)}`;
  return dateOf(d) === dateOf(today) ? clockOf(d, false) : `${dateOf(d)} ${clockOf(d, false)}`;
}

/** A float to six significant digits, written out (no `1.79613e+12`) unless very large or small. */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(6));
  const abs = Math.abs(rounded);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return rounded.toExponential(5).replace(/\.?0+e/, "e");
  return String(rounded);
}

/** The text of one cell. */
export function formatCell(value: unknown, column: Pick<ColumnInfo, "kind">, form: "cell" | "full" = "cell"): string {
  if (value === null || value === undefined) return "";
  switch (column.kind) {
    case "timestamp":
      return typeof value === "number" ? formatTimestamp(value, form) : String(value);
    case "int":
      return typeof value === "number" || typeof value === "bigint" ? String(value) : String(value);
    case "float":
      return typeof value === "number" ? (form === "full" ? String(value) : formatFloat(value)) : String(value);
    default:
      if (typeof value === "number") return form === "full" ? String(value) : formatFloat(value);
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}
