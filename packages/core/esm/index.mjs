// The ES-module entry of @streamz-ts/core: the CommonJS build's own exports, re-exported (Node's ESM loader
// reads their names from tsc's output), so `import` and `require` users share one module instance.
export * from "../dist/src/index.js";
