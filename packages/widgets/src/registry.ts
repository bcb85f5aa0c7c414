/**
 * The live widget models of this kernel, by model id, for the control channel's `update_states`.
 * Kept on `globalThis` so that every copy of this package in one kernel sees all models.
 */
import type { WidgetModel } from "./model";

/** What the control channel needs of a model: our views are {@link WidgetModel}s; controls are simpler. */
export type LiveModel = Pick<WidgetModel, "isClosed" | "fullState" | "prepareSnapshot" | "wire" | "close">;

const MODELS = Symbol.for("streamz-ts.widgets.models");

/** The kernel-wide map of open models. */
export function liveModels(): Map<string, LiveModel> {
  const g = globalThis as Record<symbol, unknown>;
  let m = g[MODELS] as Map<string, LiveModel> | undefined;
  if (!m) g[MODELS] = m = new Map();
  return m;
}
