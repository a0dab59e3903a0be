/** Shared by the benches: timing a whole process, its peak memory, interleaved pairs and their ratios, verdicts. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");
/** Preloaded into a measured process: prints its peak resident memory (KiB) and CPU time to standard error at exit. */
const MAXRSS = path.join(__dirname, "maxrss.cjs");

/** A measured process: wall time, peak memory, CPU time of all its threads (user + system), what it printed. */
export interface Sample { ms: number; maxRssMiB: number; cpuMs: number; stdout: string }

/** How a bench runs: its scratch folder, and whether this is a quick smoke run (fewer runs, smaller sizes). */
export interface BenchContext { dir: string; quick: boolean }

/** One target's outcome: `ok` undefined when the run could not judge it (a quick run's reduced sizes). */
export interface Verdict { target: string; measured: string; ok?: boolean }

/** Runs `node args…` in the package root; fails the bench unless it exits with one of `ok`. */
export function run(args: string[], ok: number[] = [0]): Sample {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--require", MAXRSS, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!ok.includes(r.status ?? -1)) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    const rss = /maxrss-kib (\d+)/.exec(r.stderr);
    const cpu = /cpu-us (\d+)/.exec(r.stderr);
    return { ms, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN, cpuMs: cpu ? Number(cpu[1]) / 1000 : NaN, stdout: r.stdout };
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The machine's load right now, printed beside every measurement (the machine is shared: numbers drift with it). */
export function load(): string {
    return `load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`;
}

/**
 * Runs the commands in turns (A B C A B C …, `rounds` times) after one warm-up turn, so that a
 * busy moment on the machine slows every command alike; returns each command's samples.
 */
export function interleaved(commands: Record<string, string[]>, rounds: number, ok: number[] = [0, 1]): Record<string, Sample[]> {
    const out: Record<string, Sample[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
    for (const args of Object.values(commands)) run(args, ok);
    for (let i = 0; i < rounds; i++) for (const [k, args] of Object.entries(commands)) out[k].push(run(args, ok));
    return out;
}

/** A measured pair: A and B in turns, and the median of the per-pair ratios A/B (what issue 24's targets are). */
export interface Pair { a: Sample[]; b: Sample[]; ratio: number; ratios: number[] }

export function pair(a: string[], b: string[], rounds: number, okA: number[] = [0], okB: number[] = [0]): Pair {
    run(a, okA);
    run(b, okB);
    const as: Sample[] = [];
    const bs: Sample[] = [];
    for (let i = 0; i < rounds; i++) {
        as.push(run(a, okA));
        bs.push(run(b, okB));
    }
    const ratios = as.map((x, i) => x.ms / bs[i].ms);
    return { a: as, b: bs, ratio: median(ratios), ratios };
}

/**
 * The pair's CPU time (user + system, all threads) as one line: each side's median and the median
 * per-pair ratio. Printed beside the wall-clock ratio the targets are judged by: on a machine other
 * work keeps busy, CPU time moves less with the load (a command that uses two threads, as the
 * garbage collector lets a big check do, loses more wall time to a busy machine than one that uses one).
 */
export function cpuLine(p: Pair): string {
    const ratios = p.a.map((x, i) => x.cpuMs / p.b[i].cpuMs);
    return `CPU time (user + system): ${median(p.a.map((x) => x.cpuMs)).toFixed(0)} ms against ${median(p.b.map((x) => x.cpuMs)).toFixed(0)} ms, ` +
        `${median(ratios).toFixed(2)}× (per-pair ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
}

/** One line for a command's samples: median wall time (min, max, n) and median peak memory. */
export function describe(label: string, xs: Sample[]): string {
    const ms = xs.map((s) => s.ms);
    return `${label.padEnd(48)} median ${median(ms).toFixed(0).padStart(6)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}, n=${xs.length}), peak ${median(xs.map((s) => s.maxRssMiB)).toFixed(0)} MiB`;
}

/**
 * Runs `body` with the `dataplane` commands it measures running dist/ as an installed package does:
 * without first comparing it with this checkout's ~200 source files (7-11 ms a command, which no
 * user pays: an install has no sources), by DATAPLANE_DIST_FRESH=1 (bin/dataplane.js). The bench has
 * just built dist/ ({@link build}).
 */
export function asInstalled<T>(body: () => T): T {
    const before = process.env.DATAPLANE_DIST_FRESH;
    process.env.DATAPLANE_DIST_FRESH = "1";
    try {
        return body();
    } finally {
        if (before === undefined) delete process.env.DATAPLANE_DIST_FRESH;
        else process.env.DATAPLANE_DIST_FRESH = before;
    }
}

/** Builds dist/ so the benches measure the command as users run it. */
export function build(): void {
    const b = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`npm run build failed: ${b.stdout}${b.stderr}`);
}

/**
 * Runs `body` with a new folder under the system's temp folder for the files it generates, and
 * removes the folder afterwards: in a finally (the bench failed or threw), and on Ctrl-C or a
 * termination signal (then the process exits with the signal's status).
 */
export async function withScratch<T>(prefix: string, body: (dir: string) => T | Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    const signals: [NodeJS.Signals, number][] = [["SIGINT", 130], ["SIGTERM", 143]];
    const handlers = signals.map(([signal, status]) => {
        const handler = () => { remove(); process.exit(status); };
        process.once(signal, handler);
        return [signal, handler] as const;
    });
    try {
        return await body(dir);
    } finally {
        remove();
        for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    }
}
