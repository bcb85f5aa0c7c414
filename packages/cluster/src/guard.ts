import { ClusterNode, defineClusterOp } from "./cluster-stream";

/**
 * Local operators that read element values in the kernel. On a cluster stream they would see futures,
 * so they refuse with a clear message instead of computing something wrong.
 */
const LOCAL_ONLY = ["pluck", "slice", "unique", "collect", "sinkToList", "zipLatest", "scatter", "chart", "table", "output"];

for (const name of LOCAL_ONLY) {
  defineClusterOp(name, function (this: ClusterNode<any>) {
    throw new TypeError(
      `${name}() is not supported on a cluster stream (its elements are futures on ${this.pool.description}); call .gather() first`,
    );
  });
}
Object.defineProperty(ClusterNode.prototype, Symbol.asyncIterator, {
  value(this: ClusterNode<any>) {
    throw new TypeError(`a cluster stream cannot be iterated directly (its elements are futures); iterate its .gather()`);
  },
  writable: true,
  configurable: true,
});
