/**
 * Follows the frame boundaries of one client's byte stream (RFC 6455 framing only: headers and payload
 * lengths, nothing is decoded or copied), so that when the connection ends the source can tell whether
 * it ended between messages or in the middle of one: inside a frame, or between the fragments of a
 * message. `ws` delivers whole messages only and says nothing about a half-received one.
 */
export class FrameTracker {
  /** Header bytes collected so far (a header is 2 to 14 bytes and may straddle chunks). */
  private header: number[] = [];
  /** Payload bytes of the current frame still to come. */
  private payloadLeft = 0;
  /** A data frame without FIN was seen: the message goes on in later frames. */
  private fragmented = false;

  /** Whether the bytes so far end inside a frame or inside a fragmented message. */
  get midMessage(): boolean {
    return this.header.length > 0 || this.payloadLeft > 0 || this.fragmented;
  }

  /** Feeds the next bytes the client sent. */
  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.payloadLeft > 0) {
        const n = Math.min(this.payloadLeft, chunk.length - i);
        this.payloadLeft -= n;
        i += n;
        continue;
      }
      this.header.push(chunk[i++]!);
      this.parseHeader();
    }
  }

  /** Completes the header when all its bytes are in; a frame with an empty payload ends at once. */
  private parseHeader(): void {
    const h = this.header;
    if (h.length < 2) return;
    const len7 = h[1]! & 0x7f;
    const masked = (h[1]! & 0x80) !== 0;
    const extra = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const size = 2 + extra + (masked ? 4 : 0);
    if (h.length < size) return;
    let length = len7;
    if (extra > 0) {
      length = 0;
      for (let k = 2; k < 2 + extra; k++) length = length * 256 + h[k]!;
    }
    const fin = (h[0]! & 0x80) !== 0;
    const opcode = h[0]! & 0x0f;
    if (opcode < 8) this.fragmented = !fin; // control frames (close, ping, pong) may come between fragments
    this.payloadLeft = length;
    this.header = [];
  }
}
