/**
 * One ordered send queue per zeromq socket. zeromq.js takes about 512 sends in one turn of the event
 * loop and then refuses the next with EBUSY until a send has been awaited, so a kernel that sends
 * without waiting loses messages in any burst. Every message of the kernel goes through here: frames
 * are handed to the socket one at a time, each send awaited, in the order they were queued.
 *
 * Memory stays bounded by what is queued, and what is queued is bounded upstream: printed output is
 * coalesced into few large messages ({@link StreamCoalescer}), and widgets hold back their update while
 * an earlier one of theirs still waits here ({@link SendQueue.handed}), so a slow client makes them send
 * one newer state instead of many old ones.
 */
import { logKernel } from "./wire";

/** The part of a zeromq socket the queue uses. */
export interface Sendable {
  send(frames: (Buffer | string)[]): Promise<void>;
}

/** A message waiting for its turn, numbered in queue order. */
interface Entry {
  seq: number;
  frames: (Buffer | string)[];
  onHanded: (() => void) | undefined;
}

/** Ordered, awaited sends on one socket. */
export class SendQueue {
  private entries: Entry[] = [];
  private head = 0;
  private lastSeq = 0;
  private handedSeq = 0;
  private pumping = false;
  /** Bumped by {@link recover}: a pump of an older generation stops at its next step. */
  private generation = 0;
  private closedFlag = false;

  constructor(
    private readonly sock: Sendable,
    private readonly name: string,
  ) {}

  /** Queues one message; returns its sequence number. `onHanded` runs once the socket has it. */
  send(frames: (Buffer | string)[], onHanded?: () => void): number {
    const seq = ++this.lastSeq;
    if (this.closedFlag) return seq;
    this.entries.push({ seq, frames, onHanded });
    if (!this.pumping) void this.pump(this.generation);
    return seq;
  }

  /** The sequence number of the last message handed to the socket: later ones still wait here. */
  get handed(): number {
    return this.handedSeq;
  }

  /** How many messages wait. */
  get length(): number {
    return this.entries.length - this.head;
  }

  /**
   * Restarts the pump after the runtime dropped its pending continuation (terminating a runaway cell
   * also drops the promise reactions queued behind it, ours included). The message that was being
   * sent had been handed to the socket already, so nothing is sent twice.
   */
  recover(): void {
    this.generation++;
    this.pumping = false;
    if (this.length > 0) void this.pump(this.generation);
  }

  /** Resolves once nothing waits (or after `timeoutMs`), for sending a last reply before closing. */
  async drained(timeoutMs = 1000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Stops sending; what still waits is dropped (the socket is going away). */
  close(): void {
    this.closedFlag = true;
    if (this.length > 0) logKernel(`${this.name}: ${this.length} message(s) not sent at close`);
    this.entries = [];
    this.head = 0;
  }

  private async pump(generation: number): Promise<void> {
    this.pumping = true;
    while (this.generation === generation && this.head < this.entries.length) {
      const entry = this.entries[this.head]!;
      // Taken before the send is awaited: if the runtime drops our continuation (see recover), the
      // message was handed over and must not be sent again.
      this.take();
      this.handedSeq = entry.seq;
      try {
        const sent = this.sock.send(entry.frames);
        entry.onHanded?.();
        await sent;
      } catch (err) {
        if (isBusy(err)) {
          // Something else sent on this socket in this turn: put the message back and let the loop turn.
          this.entries.splice(this.head, 0, entry);
          this.handedSeq = entry.seq - 1;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        logKernel(`${this.name}: a message could not be sent: ${String(err).slice(0, 200)}`);
      }
    }
    if (this.generation === generation) this.pumping = false;
  }

  /** Removes the head entry, compacting the array now and then rather than shifting it each time. */
  private take(): void {
    this.head++;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

function isBusy(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "EBUSY";
}
