/** Durations written the pandas way ("10s", "100ms", "1min", "2h") as milliseconds. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, min: 60_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds in `d`: a number is already milliseconds; a string is a number and a unit
 * (ms, s, min, h, d). Throws on anything else, quoting it.
 * @example `parseDuration("10s") === 10_000`
 */
export function parseDuration(d: string | number): number {
  if (typeof d === "number") {
    if (!(d > 0) || !Number.isFinite(d)) throw new RangeError(`a duration must be a positive number of milliseconds, got ${d}`);
    return d;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(d);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || !(Number(m[1]) > 0)) {
    throw new RangeError(`cannot read the duration "${d}": expected a number and a unit (ms, s, min, h, d), e.g. "10s"`);
  }
  return Number(m[1]) * unit;
}
