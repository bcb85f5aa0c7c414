/**
 * Defaults that make a live chart's axes readable, added to a Vega-Lite spec where it says nothing:
 * - temporal axes label ticks with clock time (`14:03:07`, `14:03:07.250`), dates only when ticks are
 *   days or more apart, about one tick per label's width; Vega's own labels for a span of seconds are
 *   bare fractions (`.800`);
 * - a continuous x axis is not "nice" (rounded out to tick values) and, for marks that do not grow from
 *   zero, does not reach back to zero: the axis spans the data, so a live chart scrolls smoothly instead
 *   of jumping in steps and leaving a gap on the right.
 */

type Json = Record<string, unknown>;

/** Vega's multi-format time labels: the finest unit a tick falls on picks its format. */
export const CLOCK_FORMAT = {
  milliseconds: "%H:%M:%S.%L",
  seconds: "%H:%M:%S",
  minutes: "%H:%M",
  hours: "%H:%M",
  day: "%b %d",
  week: "%b %d",
  month: "%b %Y",
  quarter: "%b %Y",
  year: "%Y",
} as const;

/** Marks whose length starts at zero along a quantitative axis: their axis must keep zero. */
const FROM_ZERO = new Set(["bar", "rect", "rule", "arc", "image"]);

function isObject(x: unknown): x is Json {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function markType(mark: unknown): string | undefined {
  if (typeof mark === "string") return mark;
  if (isObject(mark) && typeof mark.type === "string") return mark.type;
  return undefined;
}

/** Fills in one channel definition (returns a new object when it changed anything). */
function liveChannel(def: unknown, channel: string, mark: string | undefined): unknown {
  if (!isObject(def)) return def;
  const out: Json = { ...def };
  const temporal = def.type === "temporal" || (def.timeUnit !== undefined && def.type !== "ordinal" && def.type !== "nominal");
  if (temporal && def.axis !== null) {
    const axis: Json = isObject(def.axis) ? { ...def.axis } : {};
    if (axis.format === undefined && def.timeUnit === undefined) {
      axis.format = { ...CLOCK_FORMAT };
      axis.formatType ??= "time";
      // about one tick per clock label's width: round times (whole seconds over a few seconds)
      axis.tickCount ??= { expr: "ceil(width / 110)" };
    }
    axis.labelOverlap ??= true;
    out.axis = axis;
  }
  const continuous = temporal || def.type === "quantitative";
  if (channel === "x" && continuous && def.bin === undefined && def.scale !== null) {
    const scale: Json = isObject(def.scale) ? { ...def.scale } : {};
    if (scale.domain === undefined) {
      scale.nice ??= false;
      if (!temporal && !FROM_ZERO.has(mark ?? "")) scale.zero ??= false;
    }
    out.scale = scale;
  }
  return out;
}

function liveEncoding(encoding: unknown, mark: string | undefined): unknown {
  if (!isObject(encoding)) return encoding;
  const out: Json = { ...encoding };
  for (const channel of ["x", "x2", "y", "y2"]) if (channel in out) out[channel] = liveChannel(out[channel], channel, mark);
  return out;
}

/**
 * A copy of `spec` with live axis defaults in its encodings (top level and layers); what the spec sets
 * itself is kept.
 * @example `liveAxes({ mark: "line", encoding: { x: { field: "t", type: "temporal" } } })`
 */
export function liveAxes(spec: Json): Json {
  const out: Json = { ...spec };
  const mark = markType(spec.mark);
  if ("encoding" in spec) out.encoding = liveEncoding(spec.encoding, mark);
  if (Array.isArray(spec.layer)) {
    out.layer = spec.layer.map((layer: unknown) => (isObject(layer) ? liveAxes({ ...layer, mark: layer.mark ?? spec.mark }) : layer));
    // a layer's mark was copied in only to judge it; leave layers without their own mark as they were
    (out.layer as unknown[]).forEach((l, i) => {
      const orig = (spec.layer as unknown[])[i];
      if (isObject(l) && isObject(orig) && orig.mark === undefined) delete l.mark;
    });
  }
  return out;
}
