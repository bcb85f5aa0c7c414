/**
 * The view of `StreamOutput`: the stream's latest value, as HTML when the kernel sent an HTML form,
 * else as text, under a small caption with the stream's name and how many values it produced.
 */
import { attachToolbar } from "./view-toolbar";
import { DOMWidgetView } from "@jupyter-widgets/base";
import { attachErrorBanner, showError } from "./error-banner";
import { recordUpdate } from "./metrics";

/** Shows the latest value of a stream; re-renders only the value on each update. */
export class StreamOutputView extends DOMWidgetView {
  private caption!: HTMLElement;
  private body!: HTMLElement;
  private banner!: HTMLElement;
  private stateError: string | null | undefined;

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

  private show(): void {
    const started = performance.now();
    const name = String(this.model.get("name") ?? "");
    const count = Number(this.model.get("count") ?? 0);
    const html = this.model.get("html") as string | null;
    const text = String(this.model.get("text") ?? "");
    this.caption.textContent = `${name || "stream"} · ${count} value${count === 1 ? "" : "s"}`;
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
