/**
 * The network client libraries, loaded when a source or sink that needs one is made.
 *
 * Why: `ioredis` and `ws` take most of the core's import time (about 100 ms together against ~10 ms for
 * the rest), and most graphs use neither. `import type` keeps their types; `require` here loads the code
 * the first time a node asks for it (Node caches it after that).
 */
import type * as WsModule from "ws";
import type IoRedis from "ioredis";

/** The `ws` package (WebSocket client and server). */
export function loadWs(): typeof WsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require("ws") as typeof WsModule;
}

/** The `ioredis` client class. */
export function loadRedis(): typeof IoRedis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (require("ioredis") as { default: typeof IoRedis }).default;
}
