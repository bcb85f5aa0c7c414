/**
 * Random: a streaming frame of random rows at an interval, for demos (streamz.dataframe's `Random`).
 * Every `interval` it emits the rows due since the last tick, one per `freq`: `time` (timestamp),
 * `name` (one of five), `x` uniform in [0, 1), `y` Poisson(1) integers, `z` standard normal.
 */
import { RealScheduler, Source, type StreamOptions } from "@streamz-ts/core";
import { encodeStrings } from "./column";
import { StreamingDataFrame } from "./dataframe";
import { parseDuration } from "./duration";
import { ColumnFrame } from "./frame";

/** Options of {@link Random}. */
export interface RandomOptions extends StreamOptions {
  /** Time between rows: "100ms" or milliseconds; default "100ms". */
  freq?: string | number;
  /** Time between frames; default "500ms". */
  interval?: string | number;
  /** Seed for reproducible data; default: random. */
  seed?: number;
  /**
   * Added to the scheduler's clock to make the `time` column: default, on the real clock (which is
   * monotonic, counting from process start), the offset to wall-clock time; 0 on a virtual clock.
   */
  epoch?: number;
}

const NAMES = ["Alice", "Bob", "Charlie", "Dan", "Edith"];

/** A small seeded generator (mulberry32): reproducible demo data without a dependency. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The source node behind {@link Random}: ticks on the scheduler, emits a frame per tick. */
export class RandomSource extends Source<ColumnFrame> {
  private readonly rand: () => number;
  private last: number;
  private wake: (() => void) | undefined;
  private timer: ReturnType<Source<ColumnFrame>["scheduler"]["setTimeout"]> | undefined;

  /** Added to the clock's time for the `time` column. */
  readonly epoch: number;

  constructor(
    readonly freq: number,
    readonly interval: number,
    seed: number,
    options: StreamOptions & { epoch?: number } = {},
  ) {
    super(options);
    this.rand = generator(seed);
    this.last = this.scheduler.now();
    this.epoch = options.epoch ?? (this.scheduler instanceof RealScheduler ? Date.now() - this.scheduler.now() : 0);
  }

  override get kind(): string {
    return "Random";
  }

  protected override detail(): string {
    return `freq=${this.freq}ms, interval=${this.interval}ms`;
  }

  /** The rows due between the last tick and `now`. */
  frame(now: number): ColumnFrame {
    const n = Math.max(0, Math.floor((now - this.last) / this.freq));
    const time = new Float64Array(n);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const z = new Float64Array(n);
    const names = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      time[i] = this.epoch + this.last + (i + 1) * this.freq;
      names[i] = NAMES[Math.floor(this.rand() * NAMES.length)]!;
      x[i] = this.rand();
      y[i] = this.poisson();
      z[i] = Math.sqrt(-2 * Math.log(1 - this.rand())) * Math.cos(2 * Math.PI * this.rand());
    }
    this.last += n * this.freq;
    return ColumnFrame.of({
      time: { dtype: "timestamp", values: time },
      name: encodeStrings(names),
      x: { dtype: "float", values: x },
      y: { dtype: "int", values: y },
      z: { dtype: "float", values: z },
    });
  }

  /** Poisson(1) by Knuth's method: multiply uniforms until below e^-1. */
  private poisson(): number {
    let k = 0;
    for (let p = this.rand(); p > Math.exp(-1); p *= this.rand()) k++;
    return k;
  }

  protected async run(): Promise<void> {
    this.last = this.scheduler.now();
    while (this.running) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = this.scheduler.setTimeout(resolve, this.interval);
      });
      if (!this.running) break;
      const r = this.emitDetached(this.frame(this.scheduler.now()));
      if (r !== undefined) await r;
    }
  }

  protected override halt(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.wake?.();
    this.wake = undefined;
  }
}

/**
 * A streaming frame of random data; call `start()` to begin and `stop()` to end.
 * @example
 * ```ts
 * const sdf = new Random({ freq: "10ms", interval: "100ms" });
 * sdf.groupby("name").get("x").mean().plot.bar("name", "x", { backlog: 5 });
 * sdf.start();
 * ```
 */
export class Random extends StreamingDataFrame {
  /** The source node (its `frame(now)` makes a frame without waiting, e.g. for tests). */
  readonly source: RandomSource;

  constructor(options: RandomOptions = {}) {
    const freq = parseDuration(options.freq ?? "100ms");
    const interval = parseDuration(options.interval ?? "500ms");
    const source = new RandomSource(freq, interval, options.seed ?? Math.floor(Math.random() * 2 ** 32), options);
    super(source, { example: source.frame(source.scheduler.now()), converted: true });
    this.source = source;
  }
}
