/**
 * What a drawn chart's x axis shows, read from the Vega scenegraph: its tick labels and its scale's
 * domain. Only read when the page collects metrics (browser tests), to check that time axes read as
 * clock time and that a live x axis spans its data.
 */
import type { View } from "vega";

/** The x axis of a chart as drawn. */
export interface XAxisProbe {
  labels: string[];
  /** Numbers (epoch ms for time scales), or the categories of a band scale. */
  domain: unknown[];
}

interface SceneItem {
  items?: SceneItem[];
  mark?: { role?: string };
  datum?: { scale?: string };
  role?: string;
  text?: unknown;
  opacity?: number;
}

/** The shown tick labels of the axis of scale `x` and that scale's domain, or undefined without one. */
export function probeXAxis(view: View): XAxisProbe | undefined {
  const labels: string[] = [];
  const walk = (item: SceneItem, scale: string | undefined): void => {
    let s = scale;
    if (item.mark?.role === "axis") s = item.datum?.scale ?? s;
    if (item.mark?.role === "axis-label" && s === "x" && item.text !== undefined && item.opacity !== 0) labels.push(String(item.text));
    for (const child of item.items ?? []) walk(child, s);
  };
  walk((view.scenegraph() as unknown as { root: SceneItem }).root, undefined);
  let domain: unknown[] = [];
  try {
    domain = (view.scale("x")?.domain() ?? []).map((d: unknown) => (d instanceof Date ? d.getTime() : (d as number)));
  } catch {
    return undefined;
  }
  return { labels, domain };
}
