/**
 * The Lab and browser harness of the labextension's browser tests (CommonJS, shared on purpose), for
 * the benchmarks that measure the frontend in a real JupyterLab.
 */
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const support = resolve(__dirname, "..", "..", "..", "..", "labextension", "test", "support");
const load = createRequire(__filename);

/** lab-server.cjs: `prepareLab()`, `startLab({ notebooks })`. */
export const { prepareLab, startLab } = load(join(support, "lab-server.cjs"));
/** browser.cjs: `openBrowser()`. */
export const { openBrowser } = load(join(support, "browser.cjs"));
