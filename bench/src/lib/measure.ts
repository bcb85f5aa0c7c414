/** Small helpers shared by the benchmarks: timing with warm-up, and markdown tables. */

/** Runs `fn` `runs` times (after one warm-up run) and returns the median duration in ms. */
export function medianMs(fn: () => void, runs = 7): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Like {@link medianMs} for asynchronous work. */
export async function medianMsAsync(fn: () => Promise<void>, runs = 7): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Formats a number with a fixed number of significant digits, e.g. `fmt(12345678)` -> "12.3 M". */
export function fmtRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k`;
  return perSecond.toFixed(0);
}

/** Prints a markdown table. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(header));
  console.log(line(header.map(() => "---")));
  for (const r of rows) console.log(line(r));
}
