/**
 * Saved notebooks keep their pictures. With the ipywidgets manager's `saveState` setting on (the Lab
 * host turns it on), saving a notebook writes each live model's state into its metadata
 * (`application/vnd.jupyter.widget-state+json`, binary attributes as base64 buffers), and a notebook
 * reopened with no kernel that knows the models draws its views from that state alone.
 *
 * A row model's own `rows` is only its last batch (an `append` of the newest rows, an `upsert` of the
 * keys that changed), so {@link RowsModel} saves instead what its views show: every held row, as one
 * `replace` batch ({@link RowsPicture}: followed batch by batch without decoding, encoded only when the
 * notebook is saved). Every model of ours is a {@link SavedStateModel}: saved with the notebook while it
 * is shown, live or not.
 */
import { DOMWidgetModel, type WidgetModel } from "@jupyter-widgets/base";
import { RowsPicture } from "./rows-picture";

/** A picture of `model`'s rows: its current batch, then each batch as its views take it. */
function follow(model: WidgetModel): RowsPicture {
  const picture = new RowsPicture();
  picture.take(model);
  model.on("change:seq", () => picture.take(model));
  return picture;
}

/**
 * A model that the manager saves for as long as a view shows it. The manager saves only the models it
 * counts as live (`comm_live`), so by default it drops every picture still on screen whose comm is gone:
 * a model restored from a saved notebook (no comm) when the reopened notebook is saved again (autosave
 * does, since restoring marks it changed: upstream jupyter-widgets/ipywidgets#3888), and every model
 * after a kernel restart. The outputs that show them stay in the notebook, and would reopen as "model
 * not found". A side effect: no view of ours wears ipywidgets' red "disconnected" mark, which on a saved
 * picture reads as an error.
 */
export class SavedStateModel extends DOMWidgetModel {
  override get comm_live(): boolean {
    return super.comm_live || Object.keys(this.views ?? {}).length > 0;
  }

  override set comm_live(live: boolean) {
    super.comm_live = live;
  }
}

/** A model whose `rows` (protocol `RowsState`) are saved as the whole picture its views show. */
export class RowsModel extends SavedStateModel {
  // A field initializer: it runs once the model is constructed, its first state set.
  private readonly picture = follow(this);

  override get_state(drop_defaults?: boolean) {
    const state = super.get_state(drop_defaults);
    const rows = this.picture.encode();
    if (rows === undefined) return state;
    // A `replace` of every held row: a view made from this state draws them all and asks nothing.
    return { ...state, rows: rows as never, rows_mode: "replace", removed: null, positions: null };
  }
}
