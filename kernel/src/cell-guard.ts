/**
 * What the kernel knows about the running cell, shared with the control thread, and the guard that a
 * cell's own `await`s go through (see {@link guardAwaits}).
 *
 * An interrupt must stop a cell whatever it is doing. While the cell awaits, the main thread is free
 * and the interrupt is handled there: the cell's run is marked interrupted and the executor stops
 * waiting for it; the cell's next `await` to resume then throws {@link CellInterrupted}, so a loop
 * that awaits between steps stops within one step. While the cell runs synchronous code the main
 * thread cannot listen, so the control thread acts on it, and needs to know which kind of code runs:
 * code that resumed after an `await` runs on its own, straight from the microtask queue, and is
 * terminated through the inspector without touching any kernel frame; the cell's first synchronous part
 * runs inside the executor's `vm` call, so terminating it also ends the executor's frames, and the
 * kernel then stops waiting for the executor ({@link CellRun.abandoned}).
 */

/** Index of each field of the shared state. */
export const enum Shared {
  /** {@link Phase} of the running cell. */
  Phase = 0,
  /** Id of the running cell's run, 0 when none runs. */
  Run = 1,
  /** Bumped by the main thread each time it has handled an interrupt sent by the control thread. */
  Acks = 2,
  Length = 3,
}

/** What the main thread is doing for the running cell. */
export const enum Phase {
  /** Not running cell code (kernel code, or the cell awaits). */
  Idle = 0,
  /** The cell's synchronous start, inside the executor's `vm` call. */
  Start = 1,
  /** Cell code resumed after an `await`. */
  Resumed = 2,
}

/** Thrown where an interrupted cell resumes. */
export class CellInterrupted extends Error {
  override name = "KeyboardInterrupt";
  constructor() {
    super("the cell was interrupted");
  }
}

/** One run of one cell. */
export interface CellRun {
  readonly id: number;
  interrupted: boolean;
  /** Resolves when the kernel stops waiting for the executor (its frames were terminated). */
  readonly abandoned: Promise<void>;
  /** Gives up on the executor's answer for this run. */
  abandon(): void;
}

/** The global name under which cell code reaches the guard. */
export const GUARD_KEY = "streamz-ts.cell-guard";

/** The guard calls that {@link guardAwaits} writes into cell code. */
export class CellGuard {
  /** The shared state (an `Int32Array` over a `SharedArrayBuffer`). */
  readonly shared = new Int32Array(new SharedArrayBuffer(Shared.Length * 4));
  private run: CellRun | undefined;
  private lastId = 0;

  constructor() {
    (globalThis as Record<symbol, unknown>)[Symbol.for(GUARD_KEY)] = this;
  }

  /** The running cell's run, if any. */
  get current(): CellRun | undefined {
    return this.run;
  }

  /** Called by the kernel before it hands a cell to the executor. */
  startRun(): CellRun {
    let abandon = (): void => undefined;
    const abandoned = new Promise<void>((resolve) => (abandon = resolve));
    this.run = { id: ++this.lastId, interrupted: false, abandoned, abandon };
    Atomics.store(this.shared, Shared.Phase, Phase.Idle);
    Atomics.store(this.shared, Shared.Run, this.run.id);
    return this.run;
  }

  /** Called by the kernel when the executor is done with the cell (or gave up on it). */
  endRun(): void {
    this.run = undefined;
    Atomics.store(this.shared, Shared.Run, 0);
    Atomics.store(this.shared, Shared.Phase, Phase.Idle);
  }

  /** Called by the kernel when it starts kernel work, so that no stale phase marks it as cell code. */
  kernelWork(): void {
    Atomics.store(this.shared, Shared.Phase, Phase.Idle);
  }

  /** Tells the control thread that an interrupt it sent has been handled here. */
  acknowledge(): void {
    Atomics.add(this.shared, Shared.Acks, 1);
    Atomics.notify(this.shared, Shared.Acks);
  }

  // The calls below are made by guarded cell code.

  /** First statement of a cell: its synchronous part starts. Returns the run it belongs to. */
  begin(): CellRun | undefined {
    Atomics.store(this.shared, Shared.Phase, Phase.Start);
    return this.run;
  }

  /** Wraps the operand of a top-level `await`: the cell stops running code until it resumes. */
  pause<T>(value: T): T {
    Atomics.store(this.shared, Shared.Phase, Phase.Idle);
    return value;
  }

  /** Wraps a resumed `await`: cell code runs again; throws if the cell's run was interrupted. */
  resume<T>(run: CellRun | undefined, value: T): T {
    Atomics.store(this.shared, Shared.Phase, Phase.Resumed);
    if (run?.interrupted) throw new CellInterrupted();
    return value;
  }
}
