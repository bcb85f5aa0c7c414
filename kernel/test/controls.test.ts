/**
 * Controls as streams through a real client playing the browser (test/py/controls_checks.py): a slider
 * is an ipywidgets FloatSlider whose value is a `Stream<number>`, usable in `combineLatest` before it
 * is touched; a drag is an element; garbage is ignored and values are clamped; `set()` moves every view;
 * a dropdown, a button and a box; and a reconnecting notebook gets the controls back.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptFacts } from "./support";

describe("controls as streams", () => {
  const checks = scriptFacts("controls_checks.py");
  const facts = (): Record<string, any> => checks.facts();

  it("opens a slider as the standard FloatSlider, with its layout and style", () => {
    const { status, models, shown, state } = facts().slider;
    assert.equal(status, "ok");
    assert.deepEqual(Object.values(models).sort(), ["FloatSliderModel", "LayoutModel", "SliderStyleModel"]);
    assert.equal(models[shown[0]], "FloatSliderModel");
    assert.equal(state._model_module, "@jupyter-widgets/controls");
    assert.equal(state._model_module_version, "2.0.0");
    assert.deepEqual([state.min, state.max, state.step, state.value, state.description], [0, 1, 0.01, 0.5, "threshold"]);
    assert.ok(Object.keys(models).some((id) => state.layout === `IPY_MODEL_${id}` && models[id] === "LayoutModel"));
  });

  it("is a stream: combineLatest sees its value before anyone moves it, and each drag after", () => {
    assert.deepEqual(facts().combine_before, ["'[0.6,0.9]'"]);
    // The drag itself is an element: combineLatest pairs it with the latest x (0.9 > 0.7 passes again),
    // then 0.65 is below the new threshold and 0.8 above it.
    assert.deepEqual(facts().combine_after_drag, ["'[0.7,[0.6,0.9,0.9,0.8]]'"]);
  });

  it("ignores a value of the wrong type and clamps one out of range", () => {
    assert.deepEqual(facts().garbage_and_clamp, ["1"]);
  });

  it("moves every view when the kernel sets it", () => {
    assert.deepEqual(facts().set_from_kernel, [{ method: "update", state: { value: 0.1 }, buffer_paths: [] }]);
  });

  it("a dropdown streams the chosen option", () => {
    assert.deepEqual(facts().dropdown_state, { _model_name: "DropdownModel", _options_labels: ["x", "y", "z"], index: 1 });
    assert.deepEqual(facts().dropdown_after, [`'["z",["y","z"]]'`]);
  });

  it("a button streams its clicks", () => {
    assert.deepEqual(facts().clicks, ["3"]);
  });

  it("a box lays controls out", () => {
    const { children, slider } = facts().hbox;
    assert.equal(children.length, 2);
    assert.equal(children[0], slider);
  });

  it("comes back when a notebook reconnects", () => {
    assert.equal(facts().reconnect_has_slider, true);
  });
});
