import type { BigIntStats } from "node:fs";
import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A file {@link FileTrail} holds open: readable to its end whatever happens to its name. */
export interface HeldFile {
  readonly fd: FileHandle;
  /** Device, inode and birth time: the same file under any name, and never a later file reusing the inode. */
  readonly id: string;
}

/** A file found by name, not opened yet. */
interface Found {
  readonly name: string;
  readonly id: string;
  readonly birth: bigint;
  /** Among equal birth times: rotated copies by their number (`.2` before `.1`), the path last. */
  readonly rank: number;
}

/** Compressed rotations are new files holding old lines in another form: never read as text. */
const COMPRESSED = /\.(gz|bz2|xz|zst|lz4|z|zip)$/i;

/**
 * The files that have lived at one path, oldest first, each held open from the moment it is found until
 * it has been read to its end. Files are told apart by device and inode (plus birth time, where the file
 * system records one), so a rename cannot make one file pass for another.
 *
 * {@link discover} runs at every poll, whatever the reader is doing. When the path names a file not held
 * yet, the directory is searched as well: a file that was at the path and was rotated away between two
 * polls (`app.log` -> `app.log.1`, even on to `app.log.2`) is still there under its new name, and is read
 * before the file now at the path. A rotated copy is a name in the same directory made of the file's name,
 * then `.`, `-` or `_`, then anything (not a compressed one).
 *
 * What can still be lost: a file deleted (or replaced by a rename onto its name) before a poll found it.
 * When it left a trace (it was seen but not opened, because `maxFiles` were held or it moved while being
 * opened), it is counted in `drops.files`; a file that lived and died between two polls leaves none.
 */
export class FileTrail {
  /** Held files, oldest first: the first is the one being read. */
  readonly files: HeldFile[] = [];
  /** Files held, read or already present at start: not to be read (again). */
  private known = new Set<string>();
  /** Files seen but not opened (no room, or moved while being opened), bounded by {@link MAX_SEEN}. */
  private readonly seen = new Set<string>();
  private readonly dir: string;
  private readonly base: string;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly maxFiles: number,
    private readonly lost: { files: number },
    private readonly followRotated: boolean,
  ) {
    this.dir = dirname(path);
    this.base = basename(path);
  }

  /** Whether a newer file is waiting behind the one being read. */
  get hasNewer(): boolean {
    return this.files.length > 1;
  }

  /** At start: rotated copies already there are old and never read; the file at the path is opened. */
  async begin(): Promise<HeldFile | undefined> {
    if (this.followRotated) for (const f of await this.scan()) if (f.name !== this.base) this.known.add(f.id);
    await this.discover();
    return this.files[0];
  }

  /** Looks at the path (and, when it changed, beside it) and opens the files that appeared, in order. */
  async discover(): Promise<void> {
    const at = await found(this.path, this.base, Infinity);
    const newest = this.files.at(-1);
    const changed = at !== undefined && !this.known.has(at.id);
    const vanished = at === undefined && newest !== undefined; // moved away, the next one not created yet
    if (!changed && !vanished && this.seen.size === 0) return;
    if (this.files.length >= this.maxFiles) {
      if (at !== undefined && changed) this.remember(at.id);
      return;
    }
    const all = this.followRotated ? await this.scan() : at === undefined ? [] : [at];
    const present = new Set(all.map((f) => f.id));
    for (const id of this.seen) {
      if (present.has(id)) continue;
      this.seen.delete(id);
      this.lost.files++;
    }
    // Forget files that are gone: a later file may reuse their inode (and, without birth times, their id).
    const held = new Set(this.files.map((f) => f.id));
    for (const id of this.known) if (!present.has(id) && !held.has(id)) this.known.delete(id);
    const fresh = all.filter((f) => !this.known.has(f.id)).sort(byAge);
    for (const f of fresh) {
      if (this.files.length >= this.maxFiles) {
        this.remember(f.id);
        continue;
      }
      await this.hold(f);
    }
  }

  /** Closes the oldest file (read to its end) and moves on to the next. */
  async shift(): Promise<void> {
    const done = this.files.shift();
    await done?.fd.close();
  }

  /** Closes every held file; later discoveries open nothing. */
  async close(): Promise<void> {
    this.closed = true;
    const all = this.files.splice(0);
    await Promise.allSettled(all.map((f) => f.fd.close()));
  }

  private async hold(f: Found): Promise<void> {
    let fd: FileHandle;
    try {
      fd = await open(join(this.dir, f.name), "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      this.remember(f.id); // moved on meanwhile: found at the next poll, or counted as lost
      return;
    }
    const id = idOf(await fd.stat({ bigint: true }));
    if (id !== f.id || this.closed) {
      await fd.close(); // another file took the name meanwhile: the next poll sorts it out
      if (!this.closed) this.remember(f.id);
      return;
    }
    this.seen.delete(id);
    this.known.add(id);
    this.files.push({ fd, id });
  }

  private remember(id: string): void {
    if (this.seen.size < MAX_SEEN) this.seen.add(id);
    else this.lost.files++;
  }

  /** The path and its rotated copies, as they are now. */
  private async scan(): Promise<Found[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const out: Found[] = [];
    for (const name of names) {
      if (name !== this.base && !this.isRotated(name)) continue;
      const f = await found(join(this.dir, name), name, name === this.base ? Infinity : -rotationNumber(name));
      if (f !== undefined) out.push(f);
    }
    return out;
  }

  private isRotated(name: string): boolean {
    if (!name.startsWith(this.base) || name.length <= this.base.length + 1) return false;
    const sep = name[this.base.length];
    return (sep === "." || sep === "-" || sep === "_") && !COMPRESSED.test(name);
  }
}

/** Most files remembered as seen but not opened; beyond that they are counted as lost at once. */
const MAX_SEEN = 1024;

function idOf(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.birthtimeNs}`;
}

/** The regular file at `path`, or undefined when there is none. */
async function found(path: string, name: string, rank: number): Promise<Found | undefined> {
  let st: BigIntStats;
  try {
    st = await stat(path, { bigint: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  if (!st.isFile()) return undefined;
  // Without birth times (0n), the last write orders them: a rotated file is no longer written, as a rule.
  return { name, id: idOf(st), birth: st.birthtimeNs > 0n ? st.birthtimeNs : st.mtimeNs, rank };
}

/** `app.log.3` -> 3; 0 when the name has no number at its end. */
function rotationNumber(name: string): number {
  const m = /(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

function byAge(a: Found, b: Found): number {
  if (a.birth !== b.birth) return a.birth < b.birth ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
