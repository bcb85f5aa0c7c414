/**
 * The small toolbar of a live view, shown while the pointer is over it: pause (the kernel stops sending
 * to this view and the picture holds still; the kernel keeps the state), resume (one catch-up update with
 * the whole state, then live again) and, on a view the user explores (a chart zoomed or panned, a table
 * scrolled away from its newest rows), follow (back to the live edge). Buttons use the Lab theme's
 * colours and say what they do in their titles.
 */
import type { WidgetModel } from "@jupyter-widgets/base";
import type { CustomContent } from "@streamz-ts/protocol";

/** What the toolbar shows and does. */
export interface ViewToolbar {
  readonly element: HTMLElement;
  /** Shows the follow button (the user is exploring); hidden again when it is clicked. */
  exploring(on: boolean): void;
  /** Whether this view asked the kernel to pause. */
  readonly paused: boolean;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "jp-StreamzToolbar-button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

/** Adds the toolbar to `host` (first child); `onFollow` returns the view to the live edge. */
export function attachToolbar(model: WidgetModel, host: HTMLElement, onFollow?: () => void): ViewToolbar {
  const bar = document.createElement("div");
  bar.className = "jp-StreamzToolbar";
  let paused = false;
  const send = (content: CustomContent): void => model.send(content as never, {});
  const pause = button("Pause", "Stop updating this view (the stream goes on)", () => {
    paused = true;
    send({ type: "pause" });
    sync();
  });
  const resume = button("Resume", "Catch up with the stream and update live again", () => {
    paused = false;
    send({ type: "resume" });
    sync();
  });
  const follow = button("Follow", "Back to the live edge", () => {
    toolbar.exploring(false);
    onFollow?.();
  });
  follow.hidden = true;
  const state = document.createElement("span");
  state.className = "jp-StreamzToolbar-state";
  function sync(): void {
    pause.hidden = paused;
    resume.hidden = !paused;
    state.textContent = paused ? "paused" : follow.hidden ? "" : "exploring";
    host.classList.toggle("jp-mod-paused", paused);
  }
  bar.append(state, pause, resume, follow);
  host.prepend(bar);
  const toolbar: ViewToolbar = {
    element: bar,
    exploring(on: boolean): void {
      follow.hidden = !on;
      sync();
    },
    get paused() {
      return paused;
    },
  };
  sync();
  return toolbar;
}
