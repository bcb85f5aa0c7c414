/**
 * Messages on the `jupyter.widget` and `jupyter.widget.control` comms, as ipywidgets 2.1.0 defines
 * them (jupyter-widgets/ipywidgets `packages/schema/messages.md`), plus our custom ones.
 */

import type { RangeClear, RangeReply, RangeRequest, ViewGone, ViewWidthMessage } from "./range";

/** A JSON value. */
export type JSONValue = string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

/** Path to a buffer inside a state object, e.g. `["rows"]`. */
export type BufferPath = (string | number)[];

/** `comm_open` data of a widget model (kernel to frontend). Metadata is `{version: "2.1.0"}`. */
export interface WidgetOpenData {
  state: Record<string, unknown>;
  buffer_paths: BufferPath[];
}

/** State update, either direction. */
export interface UpdateMessage {
  method: "update";
  state: Record<string, unknown>;
  buffer_paths: BufferPath[];
}

/** Frontend asks for the full state; the kernel answers with an {@link UpdateMessage}. */
export interface RequestStateMessage {
  method: "request_state";
}

/** Widget-specific message, either direction (content below). */
export interface CustomMessage<C = CustomContent> {
  method: "custom";
  content: C;
}

/** Frontend to kernel on the control comm: send me every model's state. */
export interface RequestStatesMessage {
  method: "request_states";
}

/** One model in {@link UpdateStatesMessage}. */
export interface ModelStateEntry {
  model_name: string;
  model_module: string;
  model_module_version: string;
  state: Record<string, unknown>;
}

/**
 * Kernel to frontend on the control comm: every live model's state. Binary attributes are cut out of
 * the states and sent as buffers; `buffer_paths` are paths into `states`, in buffer order, e.g.
 * `[model_id, "state", "rows"]` (as ipywidgets' own kernel does).
 */
export interface UpdateStatesMessage {
  method: "update_states";
  states: Record<string, ModelStateEntry>;
  buffer_paths: BufferPath[];
}

/** Any message on a widget comm. */
export type WidgetMessage = UpdateMessage | RequestStateMessage | CustomMessage;

/**
 * Our custom message contents (`{method: "custom", content}`):
 * - frontend to kernel `pause` / `resume`: stop sending updates (e.g. the view is hidden) and resume;
 *   on resume the kernel sends the full state once, so nothing missed is lost;
 * - kernel to frontend `error`: the widget could not show a value (its text or HTML form threw);
 *   `message` is readable text, also kept in the `error` state attribute of a StreamOutput;
 * - a summarised chart's `view_width`, `range`, `range_clear`, `view_gone` (frontend to kernel) and
 *   `range_rows` (kernel to frontend, one Arrow buffer): see range.ts.
 */
export type CustomContent =
  | { type: "pause" }
  | { type: "resume" }
  | { type: "error"; message: string }
  | ViewWidthMessage
  | RangeRequest
  | RangeClear
  | ViewGone
  | RangeReply;

/** Custom message types the kernel accepts from the frontend. */
export const CLIENT_CUSTOM_TYPES = ["pause", "resume", "view_width", "range", "range_clear", "view_gone"] as const;
