/**
 * Printed output through iopub: a cell prints 100,000 lines `line <i>`, and a real client (Debian's
 * `jupyter_client`, driven by bench/py/iopub.py) counts the lines of every `stream` message of the request
 * until the cell's `idle` status. Kernels: ours (`streamz-ts`, installed into a temporary prefix as the
 * kernel tests do) and the peer ipykernel 6.17 (Debian's `python3-ipykernel`, its `python3` kernelspec),
 * measured in the same run, interleaved, each run on a fresh kernel after a 10-line warm-up cell.
 * Reports lines/s from execute to idle and the stream messages used, median of 3 runs; a run that loses,
 * reorders or duplicates lines, or does not reach idle within 60 s (or 10 s of silence after the
 * execute_reply), makes its row a failure row.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fmtRate, median, printTable } from "./lib/measure";

const LINES = Number(process.env.STREAMZ_BENCH_IOPUB_LINES ?? 100_000);
const RUNS = 3;
/** Per run: how long the cell may take to reach idle. */
const RUN_TIMEOUT_S = 60;
/** On top of that: kernel start (up to 60 s in the driver), warm-up, shutdown. */
const DRIVER_SLACK_MS = 150_000;
const PYTHON = "/usr/bin/python3"; // Debian's: the python3 on PATH may not see Debian's packages
const REPO = resolve(__dirname, "..", "..", "..");
const DRIVER = resolve(__dirname, "..", "..", "py", "iopub.py");

/** What one run of bench/py/iopub.py reports. */
interface RunResult {
  sent: number;
  received: number;
  messages: number;
  seconds: number | null;
  late_lines: number;
  intact: boolean;
  timed_out: boolean;
  /** The execute_reply came, then iopub stayed silent for 10 s with no idle status. */
  idle_lost: boolean;
  /** The execute_reply's status, if it came. */
  reply: string | null;
  died: boolean;
  error: string | null;
  exception?: string;
  spec?: string;
  /** Filled here: the kernel's stdout and stderr of that run. */
  log: string;
}

interface Peer {
  label: string;
  kernel: string;
  lang: "ts" | "py";
  cell: string;
}

/** The streamz-ts kernelspec under a fresh prefix, with kernel/src/install.ts (from the kernel's build). */
function tempPrefix(): { prefix: string; env: NodeJS.ProcessEnv } {
  const installJs = join(REPO, "kernel", "dist", "src", "install.js");
  if (!existsSync(installJs)) throw new Error(`${installJs} is missing: build the kernel first (npx tsc -b kernel)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { installKernelspec } = require(installJs) as { installKernelspec(o: { prefix: string }): string };
  const prefix = mkdtempSync(join(tmpdir(), "streamz-ts-bench-iopub-"));
  installKernelspec({ prefix });
  const env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_RUNTIME_DIR: join(prefix, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    IPYTHONDIR: join(prefix, "ipython"), // ipykernel's history database, not the user's
    STREAMZ_REPO: REPO,
    PYTHONUNBUFFERED: "1",
  };
  return { prefix, env };
}

function hasIpykernel(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import ipykernel, jupyter_client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** One run of the driver, with a deadline of its own so that nothing here can hang. */
function runOnce(peer: Peer, prefix: string, env: NodeJS.ProcessEnv, run: number): Promise<RunResult> {
  const logPath = join(prefix, `${peer.kernel}-${run}.log`);
  const args = [DRIVER, peer.kernel, peer.lang, String(LINES), String(RUN_TIMEOUT_S), logPath];
  return new Promise((done) => {
    const child = spawn(PYTHON, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(
      () => {
        child.kill("SIGTERM"); // the driver shuts its kernel down on SIGTERM
        killTimer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      },
      RUN_TIMEOUT_S * 1000 + DRIVER_SLACK_MS,
    );
    child.on("close", (code) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      const log = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (line) return done({ ...(JSON.parse(line.slice("RESULT ".length)) as RunResult), log });
      done({
        sent: LINES,
        received: 0,
        messages: 0,
        seconds: null,
        late_lines: 0,
        intact: false,
        timed_out: true,
        idle_lost: false,
        reply: null,
        died: false,
        error: null,
        exception: `driver exited ${code} with no result: ${stderr.slice(-2000)}`,
        log,
      });
    });
  });
}

/** Why a run failed, or undefined when it delivered every line, in order, before idle. */
function failure(r: RunResult): string | undefined {
  if (r.exception) return `driver error: ${r.exception.trim().split("\n").pop()}`;
  if (r.died) return "the kernel died";
  if (r.idle_lost) return "execute_reply came, idle status never did";
  if (r.timed_out) return `no idle within ${RUN_TIMEOUT_S} s`;
  if (r.error) return `cell error ${r.error}`;
  if (r.received < r.sent) return "lost lines";
  if (!r.intact) return r.received > r.sent ? "duplicated lines" : "lines out of order";
  return undefined;
}

const n = (x: number) => x.toLocaleString("en");

/** The table row of one kernel over its runs. */
function row(peer: Peer, runs: RunResult[], peerRate: number | "self" | undefined): { cells: string[]; rate?: number } {
  const fails = runs.map(failure);
  const received = runs.map((r) => n(r.received)).join(", ");
  const messages = n(median(runs.map((r) => r.messages)));
  const timed = runs.filter((r) => r.seconds !== null);
  const secs = timed.length ? median(timed.map((r) => r.seconds!)).toFixed(2) : "–";
  if (fails.every((f) => f === undefined)) {
    const rate = median(runs.map((r) => r.received / r.seconds!));
    const vs = peerRate === "self" ? "1.00x" : peerRate === undefined ? "n/a" : `${(rate / peerRate).toFixed(2)}x`;
    return { cells: [peer.label, peer.cell, `${received} / ${n(LINES)}`, messages, secs, fmtRate(rate), vs], rate };
  }
  const why = [...new Set(fails.filter((f) => f !== undefined))].join("; ");
  const bad = fails.filter((f) => f !== undefined).length;
  const good = runs.filter((_, i) => fails[i] === undefined);
  const partial = good.length ? `; the ${good.length} complete: ${fmtRate(median(good.map((r) => r.received / r.seconds!)))}` : "";
  return {
    cells: [
      peer.label,
      peer.cell,
      `${received} / ${n(LINES)}`,
      messages,
      secs,
      `FAIL in ${bad} of ${runs.length} runs: ${why}${partial}`,
      "n/a",
    ],
  };
}

/** A few distinct lines of a failing kernel's own output, to say what it complained about. */
function logSummary(runs: RunResult[]): string | undefined {
  const lines = runs
    .flatMap((r) => (failure(r) ? r.log.split("\n") : []))
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.slice(0, 160), (counts.get(l.slice(0, 160)) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return top.map(([l, c]) => `${c}x \`${l}\``).join("; ");
}

async function main(): Promise<void> {
  const peers: Peer[] = [
    { label: "streamz-ts (ours)", kernel: "streamz-ts", lang: "ts", cell: '`for (let i = 0; i < N; i++) console.log("line " + i);`' },
  ];
  const ipykernel = hasIpykernel();
  if (ipykernel)
    peers.push({
      label: "ipykernel 6.17 (Debian python3-ipykernel)",
      kernel: "python3",
      lang: "py",
      cell: '`for i in range(N): print("line", i)`',
    });
  const { prefix, env } = tempPrefix();
  const results = new Map<Peer, RunResult[]>(peers.map((p) => [p, []]));
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const p of peers) results.get(p)!.push(await runOnce(p, prefix, env, run));
    }
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
  const peer = ipykernel ? row(peers[1]!, results.get(peers[1]!)!, "self") : undefined;
  const ours = row(peers[0]!, results.get(peers[0]!)!, peer?.rate);
  const rows = [ours.cells];
  if (peer) rows.push(peer.cells);
  else rows.push(["ipykernel", "not measured: Debian's python3-ipykernel is not installed", "", "", "", "", ""]);
  printTable(
    `iopub: a cell printing ${n(LINES)} lines, counted by jupyter_client until the cell's idle status (median of ${RUNS} runs, each on a fresh kernel)`,
    ["kernel", "cell", "lines received / sent, per run", "stream messages", "s execute to idle", "lines/s", "lines/s vs ipykernel"],
    rows,
  );
  for (const p of peers) {
    const runs = results.get(p)!;
    const late = runs.reduce((a, r) => a + r.late_lines, 0);
    if (late > 0) console.log(`\n${p.label}: ${n(late)} lines arrived after the cell's idle status (not counted above).`);
    const summary = logSummary(runs);
    if (summary) console.log(`\n${p.label}, kernel output in the failing runs: ${summary}`);
    const exc = runs.find((r) => r.exception)?.exception;
    if (exc) console.log(`\n${p.label}, driver: ${exc.trim()}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
