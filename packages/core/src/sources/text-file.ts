import { open, stat, type FileHandle } from "node:fs/promises";
import type { Stats } from "node:fs";
import { requireMs } from "../options";
import type { StreamOptions } from "../stream";
import { Poller } from "./poll";
import { Source } from "./source";
import { DEFAULT_MAX_BYTES, noDrops, Splitter, type DropCounts } from "./split";

/** Options of {@link fromTextFile}. */
export interface TextFileSourceOptions extends StreamOptions {
  /** Emit the lines already in the file at start. Default `false`: only what is appended (like `tail -f`;
   * streamz's `from_textfile` reads from the beginning unless `from_end=True`). */
  fromBeginning?: boolean;
  /** Line separator; removed from the emitted strings. Default `"\n"`. */
  delimiter?: string;
  /** How often to look for new data, rotation and truncation once at the end. Default 100 ms. */
  pollMs?: number;
  /** Longest line in bytes; longer ones are skipped and counted in `drops.oversized`. Default 1 MiB. */
  maxBytes?: number;
}

/**
 * Follows a text file like `tail -F` and emits each complete line (UTF-8, delimiter removed). It reads
 * a chunk, emits its lines awaiting each emit, and only then reads on: a slow sink slows the reader,
 * nothing piles up in memory. streamz: `Stream.from_textfile`.
 *
 * - Rotation (the path now names another file) or re-creation: the old file is read to its end (its last
 *   line is emitted even without a newline: nobody will finish it), then the new file from its start.
 * - Deletion: the open file is read to its end; then the source waits for the path to reappear.
 * - Truncation (the file got shorter than what was read): reading restarts at 0; an unfinished last line
 *   is counted in `drops.truncated`. A file that is truncated and regrows past the old size between two
 *   polls cannot be told from an append (as with `tail`).
 * - A missing file is waited for; a line that is not UTF-8 is counted in `drops.malformed`.
 *
 * @example
 * ```ts
 * const log = fromTextFile("/var/log/app.log", { pollMs: 200 });
 * log.filter((l) => l.includes("ERROR")).sink(console.log);
 * log.start();          // later: log.stop(); await log.finished;
 * ```
 */
export function fromTextFile(path: string, options?: TextFileSourceOptions): TextFileSource {
  return new TextFileSource(path, options);
}

/** Node behind {@link fromTextFile}. */
export class TextFileSource extends Source<string> {
  /** Lines dropped instead of emitted, by reason. */
  readonly drops: DropCounts = noDrops();
  /** Times the reader moved on to a new file at the path (rotation, re-creation). */
  rotations = 0;
  /** Times the file was found truncated. */
  truncations = 0;
  /** Byte offset read up to in the current file. */
  position = 0;
  private readonly poller: Poller;
  private readonly opts: TextFileSourceOptions;
  private lastError = "";

  constructor(readonly path: string, options: TextFileSourceOptions = {}) {
    super(options);
    if (typeof path !== "string" || path === "") throw new TypeError("fromTextFile: path must be a non-empty string");
    this.opts = options;
    this.poller = new Poller(this, requireMs("fromTextFile", options.pollMs ?? 100));
    new Splitter(options.delimiter ?? "\n", options.maxBytes ?? DEFAULT_MAX_BYTES, this.drops); // validates now
  }
  override get kind(): string {
    return "fromTextFile";
  }
  protected override detail(): string {
    return this.path;
  }

  protected async run(): Promise<void> {
    const splitter = new Splitter(this.opts.delimiter ?? "\n", this.opts.maxBytes ?? DEFAULT_MAX_BYTES, this.drops);
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let file: { fd: FileHandle; ino: number; dev: number } | undefined;
    let atStart = true;
    try {
      while (this.running) {
        if (file === undefined) {
          file = await this.tryOpen();
          if (file === undefined) {
            await this.poller.sleep();
            continue;
          }
          // only a file present at start is skipped; one that appears later is all new
          this.position = atStart && !this.opts.fromBeginning ? (await file.fd.stat()).size : 0;
          atStart = false;
        }
        atStart = false;
        const { bytesRead } = await file.fd.read(chunk, 0, chunk.length, this.position);
        if (bytesRead > 0) {
          this.position += bytesRead;
          // lines of a chunk already read are emitted even if stop() comes meanwhile: they were read
          for (const line of splitter.push(chunk.subarray(0, bytesRead))) {
            const r = this.emitDetached(line);
            if (r !== undefined) await r;
          }
          continue;
        }
        const now = await statOrUndefined(this.path);
        const mine = await file.fd.stat();
        if (now === undefined || now.ino !== file.ino || now.dev !== file.dev) {
          if (mine.size > this.position) continue; // the old file grew before it was moved: finish it
          if (now === undefined) {
            await this.poller.sleep(); // deleted: keep the handle (a writer may still append) and wait
            continue;
          }
          const last = splitter.end();
          if (last !== undefined) {
            const r = this.emitDetached(last);
            if (r !== undefined) await r;
          }
          await file.fd.close();
          file = undefined;
          this.rotations++;
          continue;
        }
        if (mine.size < this.position) {
          splitter.discard();
          this.position = 0;
          this.truncations++;
          continue;
        }
        await this.poller.sleep();
      }
    } finally {
      await file?.fd.close();
    }
  }

  private async tryOpen(): Promise<{ fd: FileHandle; ino: number; dev: number } | undefined> {
    let fd: FileHandle;
    try {
      fd = await open(this.path, "r");
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== "ENOENT" && err.message !== this.lastError) {
        this.lastError = err.message; // reported once, not at every poll
        this.reportDetached(new Error(`fromTextFile: cannot open ${this.path}: ${err.message}`, { cause: e }), undefined);
      }
      return undefined;
    }
    this.lastError = "";
    const st = await fd.stat();
    return { fd, ino: st.ino, dev: st.dev };
  }

  protected override halt(): void {
    this.poller.interrupt();
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
