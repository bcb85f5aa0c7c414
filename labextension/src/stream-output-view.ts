/**
 * The view of `StreamOutput`: the stream's latest value, as HTML when the kernel sent an HTML form,
 * else as text, or, while the value is a whole frame, as the live table the model's `child` refers to;
 * under a small caption with the stream's name and how many values it produced (not for drawings,
 * such as a live graph's: the protocol's `count_shown`).
 */
import { attachToolbar } from "./view-toolbar";
import { DOMWidgetView, type WidgetModel } from "@jupyter-widgets/base";
import { Widget } from "@lumino/widgets";
import { attachErrorBanner, showError } from "./error-banner";
import { recordUpdate } from "./metrics";
import { detachFromHost } from "./widget-detach";

/** Shows the latest value of a stream; re-renders only the value on each update. */
export class StreamOutputView extends DOMWidgetView {
  private caption!: HTMLElement;
  private body!: HTMLElement;
  private banner!: HTMLElement;
  private stateError: string | null | undefined;
  /** The view of the `child` table shown, and the model it shows. */
  private child?: { model: WidgetModel; view: Promise<DOMWidgetView> };

  override render(): void {
    this.el.classList.add("jp-StreamzOutput");
    attachToolbar(this.model, this.el);
    this.caption = document.createElement("div");
    this.caption.className = "jp-StreamzOutput-caption";
    this.body = document.createElement("div");
    this.body.className = "jp-StreamzOutput-value";
    this.el.append(this.caption, this.body);
    this.banner = attachErrorBanner(this.model, this.el, this);
    this.listenTo(this.model, "change", () => this.show());
    this.show();
  }

  /**
   * Shows `model`'s view in place of the text (nothing to do when it already does), or drops the
   * table shown when `model` is null. The table is attached through Lumino once this view is in the
   * page, and told it is displayed, as a box does for its children (the grid sizes itself then).
   */
  private showChild(model: WidgetModel | null): void {
    if (this.child?.model === model) return;
    this.dropChild();
    if (!model) return;
    const view = this.create_child_view<DOMWidgetView>(model);
    this.child = { model, view };
    Promise.all([view, this.displayed]).then(
      ([v]) => {
        if (this.child?.view !== view || v.luminoWidget.isAttached) return;
        v.el.classList.add("jp-StreamzOutput-table");
        Widget.attach(v.luminoWidget, this.el);
        v.trigger("displayed", this);
      },
      (err) => {
        // the table cannot be shown (e.g. a saved notebook without its state): the text says what it was
        console.warn("streamz-ts: the frame's table cannot be shown", err);
        if (this.child?.view !== view) return;
        this.child = undefined;
        this.body.hidden = false;
      },
    );
  }

  private dropChild(): void {
    const shown = this.child;
    this.child = undefined;
    shown?.view.then(
      (v) => {
        detachFromHost(v.luminoWidget); // attached here by Widget.attach: no layout detaches it
        v.remove();
      },
      () => undefined, // never shown: said when it failed
    );
  }

  override remove(): void {
    this.dropChild();
    return super.remove();
  }

  private show(): void {
    const started = performance.now();
    const name = String(this.model.get("name") ?? "");
    const count = Number(this.model.get("count") ?? 0);
    const html = this.model.get("html") as string | null;
    const text = String(this.model.get("text") ?? "");
    this.showChild((this.model.get("child") as WidgetModel | null) ?? null);
    const counted = this.model.get("count_shown") !== false;
    this.caption.textContent = counted ? `${name || "stream"} · ${count} value${count === 1 ? "" : "s"}` : name || "stream";
    this.body.hidden = this.child !== undefined;
    if (html) {
      // The HTML comes from the user's own kernel, like any other rich output of an executed cell.
      this.body.innerHTML = html;
      this.body.classList.remove("jp-StreamzOutput-text");
    } else {
      this.body.textContent = text;
      this.body.classList.add("jp-StreamzOutput-text");
    }
    // The banner also shows failures upstream (custom messages): only a change of the state's own
    // `error` (a value that cannot be shown) touches it here, not every update.
    const stateError = (this.model.get("error") as string | null) ?? null;
    if (stateError !== this.stateError) {
      this.stateError = stateError;
      showError(this.banner, stateError);
    }
    recordUpdate({
      kind: "streamOutput",
      model: this.model.model_id,
      at: performance.now(),
      ms: performance.now() - started,
      rows: 1,
      shown: 1,
      bytes: 0,
      seq: count,
      newest: text,
    });
  }
}
