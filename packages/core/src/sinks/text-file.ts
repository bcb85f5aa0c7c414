import { createWriteStream, type WriteStream } from "node:fs";
import { registerBuiltin } from "../api";
import { below } from "../options";
import { Stream, type Pending, type StreamOptions } from "../stream";

/** Options of {@link Stream.sinkToTextFile}. */
export interface TextFileSinkOptions extends StreamOptions {
  /** Append to an existing file instead of replacing it. Default `false` (streamz's mode `"w"`). */
  append?: boolean;
  /** Written after each element. Default `"\n"`. */
  end?: string;
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Writes every element (`String(x)` plus `end`) to a file. When the OS is slower than the stream,
     * the emit waits for the file's buffer to drain (back pressure). `await sink.close()` flushes and
     * closes; `destroy()` closes too. A write error fails the element's emit and every later one.
     * streamz: `sink_to_textfile`.
     * @example
     * ```ts
     * const out = source.map((r) => JSON.stringify(r)).sinkToTextFile("out.jsonl");
     * // ... later
     * await out.close();
     * ```
     */
    sinkToTextFile(path: string, options?: TextFileSinkOptions): TextFileSink<T>;
  }
}

/** Node behind {@link Stream.sinkToTextFile}. */
export class TextFileSink<T> extends Stream<never> {
  /** Elements handed to the file so far. */
  written = 0;
  private readonly file: WriteStream;
  private readonly end: string;
  private failure: Error | undefined;
  private drained: Promise<void> | undefined;

  constructor(
    upstream: Stream<T>,
    readonly path: string,
    options: TextFileSinkOptions = {},
  ) {
    super(below(upstream, options));
    if (typeof path !== "string" || path === "") throw new TypeError("sinkToTextFile: path must be a non-empty string");
    this.end = options.end ?? "\n";
    this.file = createWriteStream(path, { flags: options.append ? "a" : "w" });
    this.file.on("error", (e) => {
      this.failure = new Error(`sinkToTextFile: cannot write ${path}: ${e.message}`, { cause: e });
    });
    this.attach(upstream);
  }
  override get kind(): string {
    return "sinkToTextFile";
  }
  protected override detail(): string {
    return this.path;
  }

  override update(x: unknown): Pending {
    if (this.failure !== undefined) return this.fail(this.failure, x);
    if (this.file.writableEnded) return this.fail(new Error(`sinkToTextFile: ${this.path} is closed`), x);
    this.written++;
    if (this.file.write(String(x) + this.end)) return undefined;
    this.drained ??= new Promise<void>((resolve) => {
      const done = () => {
        this.file.off("drain", done).off("close", done);
        this.drained = undefined;
        resolve();
      };
      this.file.on("drain", done).on("close", done);
    });
    return this.guardAsync(
      this.drained.then(() => this.check()),
      x,
    );
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Flushes what was written and closes the file; rejects if a write failed. */
  close(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = () => (this.failure !== undefined ? reject(this.failure) : resolve());
      if (this.file.closed) return settle();
      this.file.once("close", settle);
      this.file.end();
    });
  }

  protected override teardown(): void {
    if (!this.file.writableEnded) this.file.end();
  }
}

registerBuiltin("sinkToTextFile", function sinkToTextFile(this: Stream<any>, path: string, options?: TextFileSinkOptions) {
  return new TextFileSink(this, path, options);
});
