/**
 * `fleet preview` offline in worker threads: each thread has its own Pulumi runtime (the mock
 * runtime is global to a thread) and a young generation large enough that the SDK's short-lived
 * objects rarely reach the old one (a plane allocates tens of megabytes, nearly all garbage at
 * once: with V8's default young generation about a quarter of a plane's time was garbage
 * collection). The threads first validate the rows' config, a share each (nothing is previewed
 * until every row is valid); then planes are handed out one at a time as threads finish them, so
 * a thread slowed by the machine takes fewer. Results come back in the order asked for.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import { PACKAGE_ROOT } from "../engine/paths";
import { FleetPlan, RowProblem } from "../engine/fleet/plan";
import { PlaneResult, failedPlane } from "../engine/fleet/preview";
import type { WorkerInput, WorkerOutput } from "./fleetWorker";

/**
 * Each thread's young generation (MiB; V8 splits it into two semi-spaces and a large-object space).
 * Measured over 150 planes in one thread: garbage collection ~1 ms a plane, against ~5–7 ms with
 * V8's default.
 */
export const YOUNG_GENERATION_MIB = 192;

/** Planes handed to a thread ahead of the one it is previewing, so it never waits for the next. */
const AHEAD = 2;

/**
 * How a thread installs the `dataplane` command's compile and resolution caches (bin/compileCache.js,
 * bin/resolveCache.js), as bin/dataplane.js does for the main thread — when the main thread has them
 * (the compiled command, caches not turned off): a thread's modules then load from the code the
 * command's earlier runs compiled (about 100 ms of each thread's start).
 */
function cacheBoot(): string {
    const bin = path.join(PACKAGE_ROOT, "bin");
    const compileCache = require.cache[path.join(bin, "compileCache.js")]?.exports as { stats?: { enabled?: boolean } } | undefined;
    if (!compileCache?.stats?.enabled) return "";
    const [c, r] = [JSON.stringify(path.join(bin, "compileCache.js")), JSON.stringify(path.join(bin, "resolveCache.js"))];
    return `{ const c = require(${c}); if (c.installCompileCache()) { const f = c.cacheRoot(); ` +
        `if (f) require(${r}).installResolveCache(f, ${JSON.stringify(PACKAGE_ROOT)}, require("path").dirname(require("path").dirname(f))); } }`;
}

/** Starts the worker entry, compiled (with the command's caches) or (from sources) through tsx's CommonJS hook. */
function start(input: WorkerInput): Worker {
    const entry = path.join(__dirname, __filename.endsWith(".ts") ? "fleetWorker.ts" : "fleetWorker.js");
    const boot = `${entry.endsWith(".ts") ? 'require("tsx/cjs/api").register();' : cacheBoot()} require(${JSON.stringify(entry)});`;
    return new Worker(boot, { eval: true, workerData: input, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB } });
}

export interface FleetWorkerOptions {
    documents: boolean;
    showSecrets: boolean;
    onPlane: (result: PlaneResult, done: number, total: number, extra: WorkerOutput) => void;
}

/** Worker threads over one plan: {@link validated} first, then {@link preview}, or {@link stop}. */
export interface FleetWorkers {
    /** Every planned row's config problem (none: every row is valid), each thread validating a share. */
    validated: Promise<RowProblem[]>;
    /** Previews the plan's planes at `indices` (each once), in that order; the threads end afterwards. */
    preview(indices: number[]): Promise<PlaneResult[]>;
    /** Ends the threads without previewing. */
    stop(): Promise<void>;
}

export function startFleetWorkers(plan: FleetPlan, threads: number, opts: FleetWorkerOptions): FleetWorkers {
    const n = Math.max(1, Math.min(threads, plan.planes.length));
    const workers = Array.from({ length: n }, (_, w) => start({
        plan, documents: opts.documents, showSecrets: opts.showSecrets, validate: plan.planes.map((_p, i) => i).filter((i) => i % n === w),
    }));
    const exited = workers.map((worker) => new Promise<void>((resolve) => worker.once("exit", () => resolve())));
    const validated = Promise.all(workers.map((worker) => new Promise<RowProblem[]>((resolve, reject) => {
        const fail = (error?: Error) => reject(new Error(`a worker thread stopped while validating the customer list${error ? `: ${error.message}` : ""}`));
        worker.once("message", (m: { problems: RowProblem[] }) => {
            worker.off("error", fail).off("exit", fail);
            resolve(m.problems);
        });
        worker.once("error", fail).once("exit", fail);
    }))).then((lists) => lists.flat());
    return {
        validated,
        stop: async () => {
            for (const worker of workers) worker.postMessage(-1);
            await Promise.all(exited);
        },
        preview: (indices) => previewIn(workers, plan, indices, opts),
    };
}

/** Hands `indices` out to the threads as they finish planes; a thread that dies takes only the planes it was given with it. */
async function previewIn(workers: Worker[], plan: FleetPlan, indices: number[], opts: FleetWorkerOptions): Promise<PlaneResult[]> {
    const total = indices.length;
    const results = new Map<number, PlaneResult>();
    let done = 0;
    let next = 0;
    await Promise.all(workers.map((worker) => new Promise<void>((resolve) => {
        const pending = new Set<number>();
        const feed = () => {
            while (pending.size < AHEAD && next < total) {
                pending.add(indices[next]);
                worker.postMessage(indices[next++]);
            }
            if (pending.size === 0) worker.postMessage(-1); // nothing left: the thread ends
        };
        worker.on("message", (m: WorkerOutput) => {
            pending.delete(m.index);
            results.set(m.index, m.result);
            opts.onPlane(m.result, ++done, total, m);
            feed();
        });
        const finish = (error?: Error) => {
            for (const i of pending) {
                const result = failedPlane(plan.planes[i], `the worker thread previewing it stopped${error ? `: ${error.message}` : ""}`);
                results.set(i, result);
                opts.onPlane(result, ++done, total, { index: i, result });
            }
            pending.clear();
            resolve();
        };
        worker.on("error", finish);
        worker.on("exit", () => finish());
        feed();
    })));
    // Every thread stopped before these were handed out.
    const left = indices.filter((i) => !results.has(i));
    for (const i of left) {
        const result = failedPlane(plan.planes[i], "every worker thread stopped");
        results.set(i, result);
        opts.onPlane(result, ++done, total, { index: i, result });
    }
    return indices.map((i) => results.get(i)!);
}
