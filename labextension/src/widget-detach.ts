/**
 * Detaching a Lumino widget that was attached to a plain host element (`Widget.attach`), when its view
 * goes away. When a notebook closes, the output area's node leaves the page first: such a widget is then
 * still "attached" for Lumino but no longer in the document, and `Widget.detach` (also called by
 * `dispose`) would throw "Widget is not attached". It is then told it was detached, which is what
 * detach does besides moving the DOM.
 */
import { MessageLoop } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";

/** Detaches `widget` from its host, whether or not the host is still in the page (a no-op when not attached). */
export function detachFromHost(widget: Widget): void {
  if (!widget.isAttached) return;
  if (widget.node.isConnected) {
    Widget.detach(widget);
  } else {
    MessageLoop.sendMessage(widget, Widget.Msg.BeforeDetach);
    MessageLoop.sendMessage(widget, Widget.Msg.AfterDetach);
  }
}
