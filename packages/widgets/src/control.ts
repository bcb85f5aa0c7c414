/**
 * The comm targets the frontend opens: the ipywidgets 8 control channel, which asks for every model's
 * state when a notebook (re)connects, and `jupyter.widget`, on which our models are only ever created by
 * the kernel (a frontend-created model is refused with a close).
 */
import {
  CONTROL_TARGET,
  WIDGET_TARGET,
  type BufferPath,
  type KernelBridge,
  type ModelStateEntry,
  type UpdateStatesMessage,
} from "@streamz-ts/protocol";
import { liveModels } from "./registry";

/** Builds the `update_states` answer: every live model's full state, buffers cut out by path. */
export function updateStates(): { message: UpdateStatesMessage; buffers: DataView[] } {
  const states: Record<string, ModelStateEntry> = {};
  const buffer_paths: BufferPath[] = [];
  const buffers: DataView[] = [];
  for (const [id, model] of liveModels()) {
    if (model.isClosed) continue;
    model.prepareSnapshot();
    const w = model.wire(model.fullState());
    const s = w.state as Record<string, string>;
    states[id] = {
      model_name: s._model_name!,
      model_module: s._model_module!,
      model_module_version: s._model_module_version!,
      state: w.state,
    };
    w.buffer_paths.forEach((p, i) => {
      buffer_paths.push([id, "state", ...p]);
      buffers.push(w.buffers[i]!);
    });
  }
  return { message: { method: "update_states", states, buffer_paths }, buffers };
}

/** Registers our targets on the kernel bridge (idempotent: a later call replaces the handlers). */
export function registerTargets(bridge: KernelBridge): void {
  bridge.registerTarget(CONTROL_TARGET, (comm) => {
    comm.onMessage((msg) => {
      if (msg.data.method !== "request_states") return;
      const { message, buffers } = updateStates();
      comm.send(message as unknown as Record<string, unknown>, {}, buffers);
    });
  });
  bridge.registerTarget(WIDGET_TARGET, (comm) => comm.close());
}
