/**
 * The kernel tells a view that the stream behind it raised with a custom message
 * `{type: "error", message}` (protocol `CustomContent`). Every view shows it the same way: a banner
 * above its content, styled by the theme's error colours.
 */
import type { WidgetModel } from "@jupyter-widgets/base";
import type { CustomContent } from "@streamz-ts/protocol";

/**
 * Shows stream errors of `model` inside `host` (a banner element placed first). Returns the banner so
 * the caller can also show errors that come with state (StreamOutput's `error` attribute).
 */
export function attachErrorBanner(model: WidgetModel, host: HTMLElement, owner: object): HTMLElement {
  const banner = document.createElement("div");
  banner.className = "jp-StreamzError";
  banner.hidden = true;
  host.prepend(banner);
  model.on(
    "msg:custom",
    (content: CustomContent) => {
      if (content?.type === "error") showError(banner, content.message);
    },
    owner,
  );
  return banner;
}

/** Puts `message` in the banner, or hides it when `message` is empty or null. */
export function showError(banner: HTMLElement, message: string | null): void {
  banner.textContent = message ?? "";
  banner.hidden = !message;
}
