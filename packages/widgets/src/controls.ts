/**
 * Controls whose value is a stream: `slider()`, `dropdown()`, `toggle()`, `text()` and `button()` are
 * the standard ipywidgets 8 controls (`@jupyter-widgets/controls` 2.0.0 models, which JupyterLab's widget
 * manager renders itself), opened from the kernel over the comm channel. A change in the browser is
 * an element of the stream; `set(v)` from the kernel moves the control and is an element too. Shown in
 * two cells, a control is one model with two views, which stay in sync. `hbox()` and `vbox()` lay
 * controls and live views out side by side.
 */
import { Stream } from "@streamz-ts/core";
import {
  DISPLAY,
  WIDGET_PROTOCOL_VERSION,
  WIDGET_TARGET,
  WIDGET_VIEW_MIME,
  widgetViewData,
  type Comm,
  type MimeBundle,
} from "@streamz-ts/protocol";
import { requireKernel } from "./api";
import { liveModels } from "./registry";

const CONTROLS = { module: "@jupyter-widgets/controls", version: "2.0.0" };
const BASE = { module: "@jupyter-widgets/base", version: "2.0.0" };

/** Anything shown as a widget view: a control, a box, a live chart or table. */
export interface ShownModel {
  readonly id: string;
  [DISPLAY](): MimeBundle;
}

/** Opens a model of `module` (its view in `viewModule`) with `state`; returns its comm. */
function openModel(
  model: string,
  view: string | null,
  module: typeof CONTROLS,
  viewModule: typeof CONTROLS,
  state: Record<string, unknown>,
): Comm {
  const identity = {
    _model_name: model,
    _model_module: module.module,
    _model_module_version: module.version,
    _view_name: view,
    _view_module: viewModule.module,
    _view_module_version: viewModule.version,
    _view_count: null,
  };
  const full = { ...identity, ...state };
  const comm = requireKernel(`${model}`).openComm(WIDGET_TARGET, { state: full, buffer_paths: [] }, { version: WIDGET_PROTOCOL_VERSION });
  // The control channel (`request_states`) answers with this state when a notebook reconnects.
  liveModels().set(comm.id, {
    get isClosed() {
      return comm.closed;
    },
    fullState: () => full,
    prepareSnapshot: () => undefined,
    wire: (s) => ({ state: s, buffer_paths: [], buffers: [] }),
    close: () => comm.close(),
  });
  comm.onClose(() => liveModels().delete(comm.id));
  return comm;
}

/** The layout and style models every ipywidgets control refers to (`layout`: CSS for the view's box). */
function layoutAndStyle(styleModel: string, layoutState: Record<string, unknown> = {}): { layout: string; style: string } {
  const layout = openModel("LayoutModel", "LayoutView", BASE, BASE, layoutState);
  const style = openModel(styleModel, "StyleView", CONTROLS, BASE, { description_width: "" });
  return { layout: `IPY_MODEL_${layout.id}`, style: `IPY_MODEL_${style.id}` };
}

/** How a control's value crosses the wire: under which state key, and how it is read and written. */
export interface ValueCodec<T> {
  /** The state attribute that holds the value (`value`; a dropdown's is `index`). */
  key: string;
  /** The value for what the browser sent, or undefined to ignore it (wrong type, out of range). */
  decode(wire: unknown): T | undefined;
  /** What to send for `v`. */
  encode(v: T): unknown;
}

/** The codec of controls whose `value` is the value itself, checked by `accept`. */
function plainValue<T>(accept: (v: unknown) => T | undefined): ValueCodec<T> {
  return { key: "value", decode: accept, encode: (v) => v };
}

/**
 * A control: a `Stream<T>` of its values that also shows as the control. A downstream connected later
 * gets the current value at once (a control is a state, as its picture says), so that
 * `source.combineLatest(threshold)` works before anyone touches the slider.
 */
export class Control<T> extends Stream<T> implements ShownModel {
  private readonly comm: Comm;
  private current: T;

  constructor(
    model: string,
    view: string,
    styleModel: string,
    state: Record<string, unknown>,
    initial: T,
    private readonly codec: ValueCodec<T>,
  ) {
    super({ name: typeof state.description === "string" && state.description !== "" ? state.description : model.replace(/Model$/, "") });
    this.current = initial;
    this.comm = openModel(model, view, CONTROLS, CONTROLS, {
      ...state,
      [codec.key]: initial === undefined ? null : codec.encode(initial),
      ...layoutAndStyle(styleModel),
    });
    this.comm.onMessage((msg) => {
      const data = msg.data as { method?: string; state?: Record<string, unknown>; content?: { event?: string } };
      if (data.method === "update" && data.state && codec.key in data.state) {
        const v = codec.decode(data.state[codec.key]);
        if (v !== undefined) this.changed(v);
      } else if (data.method === "custom" && data.content?.event === "click") {
        this.changed(undefined as T);
      }
    });
  }

  /** The model id (views refer to it). */
  get id(): string {
    return this.comm.id;
  }

  /** The current value. */
  get value(): T {
    return this.current;
  }

  /** Moves the control (every view of it) to `v`, and emits `v`. */
  set(v: T): void {
    this.comm.send({ method: "update", state: { [this.codec.key]: this.codec.encode(v) }, buffer_paths: [] });
    this.changed(v);
  }

  override connect(downstream: Stream<any>): void {
    super.connect(downstream);
    if (this.current === undefined) return;
    try {
      const r = downstream.update(this.current, this);
      if (r !== undefined) r.catch((e: unknown) => this.reportDetached(e, this.current));
    } catch (e) {
      this.reportDetached(e, this.current);
    }
  }

  /** Removes the control from the notebook. */
  close(): void {
    this.comm.close();
  }

  [DISPLAY](): MimeBundle {
    return { "text/plain": `${this.describe()} = ${String(this.current)}`, [WIDGET_VIEW_MIME]: widgetViewData(this.id) };
  }

  private changed(v: T): void {
    this.current = v;
    void this.emitDetached(v);
  }
}

/** Options of a slider. */
export interface SliderOptions {
  min?: number;
  max?: number;
  /** Step; an integer step with integer bounds and value makes an integer slider. Default 1, or (max-min)/100. */
  step?: number;
  value?: number;
  description?: string;
}

/**
 * A slider whose value is a stream of numbers.
 * @example `const threshold = slider({ min: 0, max: 1, step: 0.01, value: 0.5, description: "threshold" });`
 */
export function slider(options: SliderOptions = {}): Control<number> {
  const min = options.min ?? 0;
  const max = options.max ?? 100;
  if (!(min < max)) throw new RangeError(`slider: min (${min}) must be below max (${max})`);
  const step = options.step ?? (Number.isInteger(min) && Number.isInteger(max) && max - min >= 10 ? 1 : (max - min) / 100);
  const value = options.value ?? min;
  const integer = [min, max, step, value].every(Number.isInteger);
  const kind = integer ? "Int" : "Float";
  const clamp = (v: unknown): number | undefined =>
    typeof v === "number" && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : undefined;
  const state = { min, max, step, description: options.description ?? "" };
  return new Control<number>(`${kind}SliderModel`, `${kind}SliderView`, "SliderStyleModel", state, value, plainValue(clamp));
}

/**
 * A dropdown whose value is a stream of the chosen option (labels are the options' text, or the keys
 * of a `{ label: value }` object).
 * @example `const field = dropdown(["x", "y"], { description: "field" });`
 */
export function dropdown<T>(options: readonly T[] | Record<string, T>, settings: { value?: T; description?: string } = {}): Control<T> {
  const entries: [string, T][] = Array.isArray(options) ? options.map((o) => [String(o), o]) : Object.entries(options as Record<string, T>);
  if (entries.length === 0) throw new RangeError("dropdown: give at least one option");
  const start = settings.value === undefined ? 0 : entries.findIndex(([, v]) => v === settings.value);
  if (start < 0) throw new RangeError(`dropdown: value ${String(settings.value)} is not one of the options`);
  const codec: ValueCodec<T> = {
    key: "index",
    decode: (i) => (typeof i === "number" ? entries[i]?.[1] : undefined),
    encode: (v) => {
      const i = entries.findIndex(([, x]) => x === v);
      if (i < 0) throw new RangeError(`dropdown: ${String(v)} is not one of the options`);
      return i;
    },
  };
  const state = { _options_labels: entries.map(([label]) => label), description: settings.description ?? "" };
  return new Control<T>("DropdownModel", "DropdownView", "DescriptionStyleModel", state, entries[start]![1], codec);
}

/**
 * A toggle button whose value is a stream of booleans.
 * @example `const paused = toggle({ description: "pause" });`
 */
export function toggle(settings: { value?: boolean; description?: string } = {}): Control<boolean> {
  const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
  return new Control<boolean>(
    "ToggleButtonModel",
    "ToggleButtonView",
    "ToggleButtonStyleModel",
    { description: settings.description ?? "" },
    settings.value ?? false,
    plainValue(bool),
  );
}

/**
 * A text box whose value is a stream of strings (each edit).
 * @example `const filter = text({ description: "path contains" });`
 */
export function text(settings: { value?: string; description?: string } = {}): Control<string> {
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  return new Control<string>(
    "TextModel",
    "TextView",
    "TextStyleModel",
    { description: settings.description ?? "", continuous_update: true },
    settings.value ?? "",
    plainValue(str),
  );
}

/**
 * A button: a `Stream<void>` with one element per click.
 * @example `button("reset").sink(() => counts.clear())`
 */
export function button(description: string): Control<void> {
  // A button has no value: its clicks come as custom messages; the codec's key is never in its updates.
  return new Control<void>("ButtonModel", "ButtonView", "ButtonStyleModel", { description }, undefined, {
    key: "clicks",
    decode: () => undefined,
    encode: () => null,
  });
}

/** A box of widgets in a row (`hbox`) or a column (`vbox`). */
class Box implements ShownModel {
  private readonly comm: Comm;
  constructor(model: "HBoxModel" | "VBoxModel", children: readonly ShownModel[]) {
    // A box keeps its natural width inside another box: a slider beside a table keeps its readout.
    const { layout } = layoutAndStyle("DescriptionStyleModel", { flex: "0 0 auto", align_items: "flex-start" });
    this.comm = openModel(model, model.replace("Model", "View"), CONTROLS, CONTROLS, {
      children: children.map((c) => `IPY_MODEL_${c.id}`),
      layout,
      box_style: "",
    });
  }
  get id(): string {
    return this.comm.id;
  }
  [DISPLAY](): MimeBundle {
    return { "text/plain": "Box", [WIDGET_VIEW_MIME]: widgetViewData(this.id) };
  }
}

/**
 * Widgets side by side: controls, live charts, tables, other boxes.
 * @example `hbox(vbox(threshold, paused), readings.chart(spec))`
 */
export function hbox(...children: ShownModel[]): ShownModel {
  return new Box("HBoxModel", children);
}

/** Widgets one above the other. */
export function vbox(...children: ShownModel[]): ShownModel {
  return new Box("VBoxModel", children);
}
