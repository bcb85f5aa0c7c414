/**
 * Printed output on its way from the main thread to the IO thread, in shared memory. The main thread
 * writes what a cell prints into this ring and goes on; the IO thread (see `iopub-relay.ts`) reads it on
 * its own time and sends it, so text printed right before a long synchronous computation reaches the
 * client while the computation runs, as with ipykernel's IO thread. A full ring makes the writer wait
 * for the reader: printing slows down to what the client takes, and nothing is dropped.
 *
 * One writer (main), one reader (IO thread). A record is `[byte length: i32][stream: u8][parent: i32]`
 * and its UTF-8 bytes; a record never wraps: at the end of the buffer the writer leaves a wrap mark
 * (length -1), or less than a header of room that the reader skips the same way.
 */

/** The ring's shared memory: positions and counters, then the bytes. */
export interface OutputRingMemory {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

const enum Slot {
  /** Offset where the writer writes next. */
  Write = 0,
  /** Offset where the reader reads next. */
  Read = 1,
  /** Records written so far (wraps at 2^31, compared with wrap-safe subtraction). */
  Records = 2,
  /** 1 while the reader sleeps waiting for records. */
  Sleeping = 3,
  Count = 4,
}

const HEADER = 9;
const WRAP = -1;

/** The stream of a record. */
export type StreamName = "stdout" | "stderr";
/** What a record holds: text printed on a stream, or (`parent`) the header that the text after it belongs to. */
export type RecordKind = StreamName | "parent";
const KIND_CODES: Record<RecordKind, number> = { stdout: 0, stderr: 1, parent: 2 };
const KINDS: RecordKind[] = ["stdout", "stderr", "parent"];

/** New shared memory for a ring of `bytes` bytes. */
export function outputRingMemory(bytes = 4 * 1024 * 1024): OutputRingMemory {
  return { control: new SharedArrayBuffer(Slot.Count * 4), data: new SharedArrayBuffer(bytes) };
}

/** Both ends' views of the shared memory. */
abstract class RingEnd {
  protected readonly slots: Int32Array;
  protected readonly bytes: Buffer;
  protected readonly view: DataView;
  protected readonly capacity: number;

  constructor(memory: OutputRingMemory) {
    this.slots = new Int32Array(memory.control);
    this.bytes = Buffer.from(memory.data);
    this.view = new DataView(memory.data);
    this.capacity = memory.data.byteLength;
  }
}

/** The main thread's end. */
export class OutputRingWriter extends RingEnd {
  /** How many records have been written: a message posted now comes after all of them. */
  get records(): number {
    return Atomics.load(this.slots, Slot.Records);
  }

  /**
   * Writes `text` printed on `stream` by the cell `parent`, waiting for room if need be. The parent is an
   * id that an earlier `parent` record, whose text is the parent header's JSON, gave the reader.
   */
  write(parent: number, stream: RecordKind, text: string): void {
    // Pieces small enough that a record always fits in half the ring (a character is at most 3 bytes).
    const most = Math.floor((this.capacity / 2 - HEADER) / 3);
    for (let at = 0; at < text.length; at += most) this.writeRecord(parent, stream, text.length <= most ? text : text.slice(at, at + most));
  }

  private writeRecord(parent: number, stream: RecordKind, text: string): void {
    const need = HEADER + Buffer.byteLength(text, "utf8");
    let w = Atomics.load(this.slots, Slot.Write);
    if (w + need > this.capacity) {
      // No room before the end: wrap once the reader has left the start of the ring.
      this.waitUntil(() => {
        const r = Atomics.load(this.slots, Slot.Read);
        return r <= w && r > 0;
      });
      if (this.capacity - w >= 4) this.view.setInt32(w, WRAP);
      w = 0;
      Atomics.store(this.slots, Slot.Write, 0);
    }
    // Room from w up to (not onto) the reader.
    this.waitUntil(() => {
      const r = Atomics.load(this.slots, Slot.Read);
      return r <= w || w + need < r;
    });
    this.view.setInt32(w, need - HEADER);
    this.view.setUint8(w + 4, KIND_CODES[stream]);
    this.view.setInt32(w + 5, parent);
    this.bytes.write(text, w + HEADER, "utf8");
    Atomics.store(this.slots, Slot.Write, w + need);
    Atomics.add(this.slots, Slot.Records, 1);
    if (Atomics.load(this.slots, Slot.Sleeping) === 1) Atomics.notify(this.slots, Slot.Records);
  }

  /** Blocks this thread until `ready()` (the reader frees room from its own thread, whatever this one does). */
  private waitUntil(ready: () => boolean): void {
    while (!ready()) Atomics.wait(this.slots, Slot.Read, Atomics.load(this.slots, Slot.Read), 50);
  }
}

/** One record as the reader gets it. */
export interface OutputRecord {
  parent: number;
  stream: RecordKind;
  text: string;
}

/** The IO thread's end. */
export class OutputRingReader extends RingEnd {
  private consumed = 0;

  /** Records read so far (comparable with the writer's `records`). */
  get records(): number {
    return this.consumed;
  }

  /** Reads the next record, if one is there, and frees its room. */
  next(): OutputRecord | undefined {
    if (Atomics.load(this.slots, Slot.Records) === this.consumed) return undefined;
    let r = Atomics.load(this.slots, Slot.Read);
    if (this.capacity - r < HEADER || this.view.getInt32(r) === WRAP) r = 0;
    const length = this.view.getInt32(r);
    const record: OutputRecord = {
      stream: KINDS[this.view.getUint8(r + 4)]!,
      parent: this.view.getInt32(r + 5),
      text: this.bytes.toString("utf8", r + HEADER, r + HEADER + length),
    };
    this.consumed = (this.consumed + 1) | 0;
    Atomics.store(this.slots, Slot.Read, r + HEADER + length);
    Atomics.notify(this.slots, Slot.Read);
    return record;
  }

  /** Resolves when a record may be there (at once if one is). */
  async arrival(): Promise<void> {
    Atomics.store(this.slots, Slot.Sleeping, 1);
    const seen = this.consumed;
    if (Atomics.load(this.slots, Slot.Records) === seen) await Atomics.waitAsync(this.slots, Slot.Records, seen).value;
    Atomics.store(this.slots, Slot.Sleeping, 0);
  }
}
