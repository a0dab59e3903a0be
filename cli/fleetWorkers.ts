/**
 * `fleet preview` offline in worker threads: each thread has its own Pulumi runtime (the mock
 * runtime is global to a thread) and a young generation large enough that the SDK's short-lived
 * objects rarely reach the old one (a plane allocates tens of megabytes, nearly all garbage at
 * once: with V8's default young generation about a quarter of a plane's time was garbage
 * collection). The threads start before the plan is made, loading their modules meanwhile; then
 * they validate the rows' config, a share each (nothing is previewed until every row is valid);
 * then planes are handed out one at a time as threads finish them, so a thread slowed by the
 * machine takes fewer. Results come back in the order asked for.
 *
 * This module loads nothing heavy itself: the main thread starts the threads before it loads the
 * planning and preview code.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import { PACKAGE_ROOT } from "../engine/paths";
import type { FleetPlan, PlannedPlane, RowProblem } from "../engine/fleet/plan";
import type { PlaneResult } from "../engine/fleet/preview";
import type { WorkerInput, WorkerOutput, WorkerPlan } from "./fleetWorker";

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
export function cacheBoot(): string {
    const bin = path.join(PACKAGE_ROOT, "bin");
    const compileCache = require.cache[path.join(bin, "compileCache.js")]?.exports as { stats?: { enabled?: boolean } } | undefined;
    if (!compileCache?.stats?.enabled) return "";
    return `require(${JSON.stringify(path.join(bin, "compileCache.js"))}).installCommandCaches();`;
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
    entries: boolean;
    onPlane: (result: PlaneResult, done: number, total: number, extra: WorkerOutput) => void;
}

/** Worker threads for one fleet: {@link plan} once, then {@link validated}, then {@link preview}; or {@link stop}. */
export interface FleetWorkers {
    /** Sends the threads the plan, each with a share of its rows to validate: every planned row's config problem (none: every row is valid). */
    plan(plan: FleetPlan): Promise<RowProblem[]>;
    /** Previews the plan's planes at `indices` (each once), in that order; the threads end afterwards. */
    preview(indices: number[]): Promise<PlaneResult[]>;
    /** Ends the threads without previewing. */
    stop(): Promise<void>;
}

/** Starts `threads` worker threads (they load their modules meanwhile) for a plan still to be made. */
export function startFleetWorkers(threads: number, opts: FleetWorkerOptions): FleetWorkers {
    const workers = Array.from({ length: Math.max(1, threads) }, () => start({ documents: opts.documents, showSecrets: opts.showSecrets, entries: opts.entries }));
    /** Why each thread that ended already did (one that fails while loading ends before it is sent the plan). */
    const ended = new Map<Worker, Error | undefined>();
    for (const worker of workers) {
        worker.once("error", (error) => ended.set(worker, error));
        worker.once("exit", () => { if (!ended.has(worker)) ended.set(worker, undefined); });
    }
    const exited = workers.map((worker) => new Promise<void>((resolve) => worker.once("exit", () => resolve())));
    let planned: FleetPlan | undefined;
    return {
        plan: (plan) => {
            planned = plan;
            const n = workers.length;
            return Promise.all(workers.map((worker, w) => new Promise<RowProblem[]>((resolve, reject) => {
                const fail = (error?: Error) => reject(new Error(`a worker thread stopped while validating the customer list${error ? `: ${error.message}` : ""}`));
                if (ended.has(worker)) return fail(ended.get(worker));
                worker.once("message", (m: { problems: RowProblem[] }) => {
                    worker.off("error", fail).off("exit", fail);
                    resolve(m.problems);
                });
                worker.once("error", fail).once("exit", fail);
                const first: WorkerPlan = { plan, validate: plan.planes.map((_p, i) => i).filter((i) => i % n === w) };
                worker.postMessage(first);
            }))).then((lists) => lists.flat());
        },
        stop: async () => {
            for (const worker of workers) worker.postMessage(-1);
            await Promise.all(exited);
        },
        preview: (indices) => previewIn(workers, planned!, indices, opts),
    };
}

/** {@link failedPlane}, loaded when first needed (engine/fleet/preview.ts loads the preview and the pack). */
function failed(p: PlannedPlane, error: string): PlaneResult {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require("../engine/fleet/preview") as typeof import("../engine/fleet/preview")).failedPlane(p, error);
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
                const result = failed(plan.planes[i], `the worker thread previewing it stopped${error ? `: ${error.message}` : ""}`);
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
        const result = failed(plan.planes[i], "every worker thread stopped");
        results.set(i, result);
        opts.onPlane(result, ++done, total, { index: i, result });
    }
    return indices.map((i) => results.get(i)!);
}
