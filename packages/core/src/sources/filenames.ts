import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { requireMs } from "../options";
import type { StreamOptions } from "../stream";
import { Poller } from "./poll";
import { Source } from "./source";

/** Options of {@link filenames}. */
export interface FilenamesOptions extends StreamOptions {
  /** How often to list the directory. Default 100 ms. */
  pollMs?: number;
  /** Emit the files already there at start. Default `true`, as streamz does. */
  fromBeginning?: boolean;
}

/**
 * Emits the path of every file that appears in a directory, or whose name matches a glob on the last
 * path segment (`*` and `?`, e.g. `"data/*.csv"`), in name order per poll. A name that disappears and
 * reappears is emitted again (so memory stays the size of the directory). A missing directory counts
 * as empty. streamz: `Stream.filenames`.
 *
 * @example
 * ```ts
 * const incoming = filenames("drop/*.csv", { pollMs: 500 });
 * incoming.map((path) => fs.readFileSync(path, "utf8")).sink(load);
 * incoming.start();
 * ```
 */
export function filenames(dirOrGlob: string, options?: FilenamesOptions): FilenamesSource {
  return new FilenamesSource(dirOrGlob, options);
}

/** Node behind {@link filenames}. */
export class FilenamesSource extends Source<string> {
  readonly dir: string;
  private readonly match: RegExp;
  private readonly poller: Poller;
  private readonly opts: FilenamesOptions;

  constructor(
    readonly pattern: string,
    options: FilenamesOptions = {},
  ) {
    super(options);
    if (typeof pattern !== "string" || pattern === "") throw new TypeError("filenames: expected a directory or a glob");
    const isGlob = /[*?]/.test(basename(pattern));
    if (/[*?]/.test(isGlob ? dirname(pattern) : pattern))
      throw new RangeError("filenames: wildcards are supported in the last path segment only");
    this.dir = isGlob ? dirname(pattern) : pattern;
    this.match = globToRegExp(isGlob ? basename(pattern) : "*");
    this.opts = options;
    this.poller = new Poller(this, requireMs("filenames", options.pollMs ?? 100));
  }
  override get kind(): string {
    return "filenames";
  }
  protected override detail(): string {
    return this.pattern;
  }

  protected async run(): Promise<void> {
    let seen = new Set<string>(this.opts.fromBeginning === false ? await this.list() : []);
    while (this.running) {
      const now = await this.list();
      for (const name of now) {
        if (seen.has(name)) continue;
        const r = this.emitDetached(join(this.dir, name));
        if (r !== undefined) await r;
      }
      seen = new Set(now);
      if (this.running) await this.poller.sleep();
    }
  }

  private async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new Error(`filenames: cannot list ${this.dir}: ${(e as Error).message}`, { cause: e });
    }
    return names.filter((n) => this.match.test(n)).sort();
  }

  protected override halt(): void {
    this.poller.interrupt();
  }
}

/** `*` any run of characters, `?` one character; a leading dot must be matched literally (as in shells). */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(glob.startsWith(".") ? `^${body}$` : `^(?!\\.)${body}$`);
}
