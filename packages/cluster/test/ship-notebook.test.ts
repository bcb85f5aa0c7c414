import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";

/**
 * Cells run through tslab's own converter and executor (what the streamz-ts kernel runs): tslab compiles
 * a name declared in an earlier cell into `exports.name`, so a shipped function that uses a helper from
 * an earlier cell has the free variable `exports` in its source, not the helper's name.
 */
interface Executor {
  execute(src: string): Promise<boolean>;
  locals: Record<string, unknown>;
}

describe("shipping a function that uses a helper from an earlier notebook cell (tslab)", () => {
  let executor: Executor;
  let close: () => void;
  const printed: unknown[] = [];
  before(() => {
    // tslab is the kernel's dependency, not this package's: resolve it from the kernel package, which
    // declares it (and exports its package.json for this), so the test runs the very tslab the kernel runs.
    const fromKernel = createRequire(require.resolve("@streamz-ts/kernel/package.json"));
    const { createConverter } = fromKernel("tslab/dist/converter");
    const { createExecutor } = fromKernel("tslab/dist/executor");
    const node = createConverter();
    close = () => node.close();
    const console = { log: (...a: unknown[]) => printed.push(...a), error: (...a: unknown[]) => printed.push(...a) };
    executor = createExecutor(process.cwd(), { node, browser: node, close }, console);
  });
  after(() => close());

  // A bare import's type augmentation lasts one cell in plain tslab (the kernel carries it forward): each cell imports.
  const imports = `import { Stream } from "@streamz-ts/core";\nimport "@streamz-ts/cluster";\n`;
  async function run(cell: string): Promise<void> {
    printed.length = 0;
    assert.equal(await executor.execute(cell), true, `the cell ran: ${JSON.stringify(printed)}`);
  }

  it("names the helper, not `exports`, and the fix it suggests works", { timeout: 120_000 }, async () => {
    await run(`function helper(x: number): number { return x + 1; }\nconst k = 3;`);
    await run(`${imports}
      let message = "";
      try { new Stream<number>().scatter({ threads: 1 }).map((x: number) => helper(x) * k); } catch (e) { message = (e as Error).message; }
      message`);
    const message = String(printed[0]);
    assert.doesNotMatch(message, /exports/);
    assert.match(message, /^map: the function uses `helper` and `k`, defined in earlier cells/);
    // a value travels in args; a function is defined inside (its source is quoted for that)
    assert.match(message, /\.map\(\(x, args\) => \.\.\. args\.k \.\.\., \{ args: \{ k: k \} \}\)/);
    assert.match(message, /`helper` is a function, which args cannot carry: define it inside the shipped function/);
    assert.ok(message.includes("function helper(x) { return x + 1; }"), message);
    // the fix, as the message says: helper defined inside, k passed in args
    await run(`${imports}
      const source = new Stream<number>();
      const out = source.scatter({ threads: 1 })
        .map((x: number, args: { k: number }) => { function helper(x: number): number { return x + 1; } return helper(x) * args.k; }, { args: { k: k } })
        .gather().sinkToList();
      for (let i = 0; i < 4; i++) await source.emit(i);
      source.destroy();
      JSON.stringify(out)`);
    assert.equal(printed[0], "[3,6,9,12]");
  });
});
