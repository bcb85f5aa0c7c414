import { requireCount, requireMs } from "../options";
import type { StreamOptions } from "../stream";
import { Poller } from "./poll";
import { Source } from "./source";
import { DEFAULT_MAX_BYTES, noDrops, Splitter, type DropCounts } from "./split";
import { FileTrail } from "./text-file-files";

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
  /**
   * Most files held open at once: the one being read and the rotated ones waiting behind it (a reader
   * far behind its writer). A file that appears while that many are held is opened once there is room,
   * or counted in `drops.files` if it was deleted meanwhile. Default 16.
   */
  maxFiles?: number;
  /**
   * Look beside the path for rotated copies (`app.log.1`, `app.log-20261201`, ...) of files that were at
   * the path only between two polls. Default `true`; `false` follows the path alone, like `tail -F`.
   */
  followRotated?: boolean;
}

/** What {@link TextFileSource} dropped, by reason. */
export interface TextFileDrops extends DropCounts {
  /** Whole files seen (at the path or rotated beside it) but deleted before they could be opened. */
  files: number;
}

/**
 * Follows a text file like `tail -F` and emits each complete line (UTF-8, delimiter removed). It reads
 * a chunk, emits its lines awaiting each emit, and only then reads on: a slow sink slows the reader,
 * nothing piles up in memory. streamz: `Stream.from_textfile`.
 *
 * - Rotation (the path now names another file) or re-creation: the old file stays open and is read to
 *   its end (its last line is emitted even without a newline: nobody will finish it), then the next one
 *   from its start. The path is looked at every `pollMs` whatever the reader is doing, so a sink slower
 *   than the writer falls behind without losing files: each one is held open from the poll that finds it
 *   (up to `maxFiles`). Files are told apart by device and inode, not by name. A file rotated away before
 *   a poll saw it at the path (even rotated twice, `app.log` -> `.1` -> `.2`) is found under its new name.
 * - What can still be lost: a file deleted (or replaced by a rename onto its name) before any poll opened
 *   it. One that a poll saw is counted in `drops.files`; one that lived and died between two polls leaves
 *   no trace. Lines appended to a rotated file after it was read to its end and the next one began.
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
  /** Lines (and whole files) dropped instead of emitted, by reason. */
  readonly drops: TextFileDrops = { ...noDrops(), files: 0 };
  /** Times the reader moved on to a newer file (rotation, re-creation). */
  rotations = 0;
  /** Times the file was found truncated. */
  truncations = 0;
  /** Byte offset read up to in the current file. */
  position = 0;
  private readonly poller: Poller;
  private readonly opts: TextFileSourceOptions;
  private readonly maxFiles: number;
  private trail: FileTrail | undefined;
  private wake: (() => void) | undefined;
  /** Polls done so far: the reader waits only if none finished since it began the read that found the end. */
  private polls = 0;
  private lastError = "";

  constructor(
    readonly path: string,
    options: TextFileSourceOptions = {},
  ) {
    super(options);
    if (typeof path !== "string" || path === "") throw new TypeError("fromTextFile: path must be a non-empty string");
    this.opts = options;
    this.poller = new Poller(this, requireMs("fromTextFile", options.pollMs ?? 100));
    this.maxFiles = requireCount("fromTextFile", "maxFiles", options.maxFiles ?? 16, 1);
    new Splitter(options.delimiter ?? "\n", options.maxBytes ?? DEFAULT_MAX_BYTES, this.drops); // validates now
  }
  override get kind(): string {
    return "fromTextFile";
  }
  protected override detail(): string {
    return this.path;
  }
  /** Files held open: the one being read and the rotated ones waiting behind it. */
  get openFiles(): number {
    return this.trail?.files.length ?? 0;
  }

  protected async run(): Promise<void> {
    const splitter = new Splitter(this.opts.delimiter ?? "\n", this.opts.maxBytes ?? DEFAULT_MAX_BYTES, this.drops);
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const trail = new FileTrail(this.path, this.maxFiles, this.drops, this.opts.followRotated ?? true);
    this.trail = trail;
    let watching: Promise<void> = Promise.resolve();
    try {
      const first = await this.guarded(() => trail.begin());
      // only a file present at start is skipped; one that appears later is all new
      this.position = first !== undefined && !this.opts.fromBeginning ? (await first.fd.stat()).size : 0;
      watching = this.watch(trail);
      while (this.running) {
        const polled = this.polls;
        const file = trail.files[0];
        if (file === undefined) {
          await this.nextPoll(polled);
          continue;
        }
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
        const size = (await file.fd.stat()).size;
        if (trail.hasNewer) {
          if (size > this.position) continue; // it grew before it was moved: finish it
          const last = splitter.end();
          if (last !== undefined) {
            const r = this.emitDetached(last);
            if (r !== undefined) await r;
          }
          await trail.shift();
          this.position = 0;
          this.rotations++;
          continue;
        }
        if (size < this.position) {
          splitter.discard();
          this.position = 0;
          this.truncations++;
          continue;
        }
        await this.nextPoll(polled); // at the end, or deleted: keep the handle (a writer may still append) and wait
      }
    } finally {
      this.poller.interrupt();
      await watching;
      await trail.close();
    }
  }

  /** Polls the path every `pollMs`, independently of the reader, and wakes the reader after each poll. */
  private async watch(trail: FileTrail): Promise<void> {
    while (this.running) {
      await this.poller.sleep();
      if (!this.running) break;
      await this.guarded(() => trail.discover());
      this.polls++;
      this.wakeReader();
    }
    this.wakeReader();
  }

  /**
   * Resolves after the next poll, or at once when a poll finished since `since` (it may have found
   * something while the reader was busy) or when stopping (stop() may have come meanwhile).
   */
  private nextPoll(since: number): Promise<void> {
    if (!this.running || this.polls !== since) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Runs a look at the file system; an error (other than a missing file) is reported once, not at every poll. */
  private async guarded<R>(look: () => Promise<R>): Promise<R | undefined> {
    try {
      const r = await look();
      this.lastError = "";
      return r;
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== this.lastError) {
        this.lastError = msg;
        this.reportDetached(new Error(`fromTextFile: cannot read ${this.path}: ${msg}`, { cause: e }), undefined);
      }
      return undefined;
    }
  }

  protected override halt(): void {
    this.poller.interrupt();
    this.wakeReader();
  }
}
