/**
 * The graph node that feeds a widget: a sink that hands each element to the widget and returns
 * synchronously, so a displayed stream keeps its fast path (no promise, no allocation per element).
 */
import { below, Stream, type Pending } from "@streamz-ts/core";

/** What a {@link WidgetFeed} hands elements to. */
export interface FeedTarget<T> {
  /** Takes one element; must be cheap (it runs on the stream's hot path) and must not throw. */
  accept(x: T): void;
}

/** Sink node behind every widget. Destroying it (when the widget closes) detaches the widget. */
export class WidgetFeed<T> extends Stream<never> {
  constructor(
    upstream: Stream<T>,
    private readonly target: FeedTarget<T>,
    private readonly widgetKind: string,
  ) {
    super(below(upstream, undefined));
    this.attach(upstream);
  }

  override get kind(): string {
    return "widget";
  }

  protected override detail(): string | undefined {
    return this.widgetKind;
  }

  override update(x: unknown): Pending {
    this.target.accept(x as T);
    return undefined;
  }
}
