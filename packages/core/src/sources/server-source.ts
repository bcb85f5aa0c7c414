import type { StreamOptions } from "../stream";
import { Deferred, requirePort } from "./listen";
import { PushSource } from "./push-source";

/**
 * Base of the sources that listen on a port (`fromTcp`, `fromHttpServer`, `fromWebSocket`): the port
 * asked for (0 picks a free one), the port bound, and `listening`, which settles anew for every run.
 */
export abstract class ServerSource<T, I = T> extends PushSource<T, I> {
  /** The bound port once listening (useful with port 0); `undefined` before. */
  port: number | undefined;
  private ready = new Deferred<number>();

  constructor(
    protected readonly requestedPort: number,
    what: string,
    highWater: number,
    options?: StreamOptions,
  ) {
    super(highWater, options);
    requirePort(what, requestedPort);
  }

  protected override detail(): string {
    return String(this.port ?? this.requestedPort);
  }

  override start(): void {
    if (!this.running && this.ready.settled) this.ready = new Deferred<number>(); // `listening` of the new run
    super.start();
  }

  /** Resolves with the bound port once the source is started and listening; rejects if it cannot listen. */
  get listening(): Promise<number> {
    return this.ready.promise;
  }

  /** Runs `bind` (which listens and returns the bound port) and settles `listening` with its outcome. */
  protected async bindPort(bind: () => Promise<number>): Promise<void> {
    if (this.ready.settled) this.ready = new Deferred<number>(); // a restart listens anew
    try {
      this.port = await bind();
      this.ready.resolve(this.port);
    } catch (e) {
      this.ready.reject(e);
      throw e;
    }
  }
}
