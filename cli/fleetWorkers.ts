/**
 * `fleet preview` offline in worker threads: each thread has its own Pulumi runtime (the mock
 * runtime is global to a thread) and a young generation large enough that the SDK's short-lived
 * objects rarely reach the old one (a plane allocates tens of megabytes, nearly all garbage at
 * once: with V8's default young generation about a quarter of a plane's time was garbage
 * collection). Planes are handed out one at a time as threads finish them, so a thread slowed by
 * the machine takes fewer; results come back in list order.
 */
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { FleetPlan } from "../engine/fleet/plan";
import { PlaneResult } from "../engine/fleet/preview";
import { idleCost } from "../engine/reports/idleCost";
import type { WorkerInput, WorkerOutput } from "./fleetWorker";
import { CONCURRENCY } from "./commands/fleet";

/**
 * Each thread's young generation (MiB; V8 splits it into two semi-spaces and a large-object space).
 * Measured over 150 planes in one thread: 192 MiB takes ~0.85× the CPU of V8's default.
 */
export const YOUNG_GENERATION_MIB = 192;

/** Planes handed to a thread ahead of the one it is previewing, so it never waits for the next. */
const AHEAD = 2;

/**
 * The default number of threads for `planes` planes offline: one per CPU, but no more than one per
 * {@link CONCURRENCY}.planesPerThread planes (starting a thread loads the SDK and @pulumi/aws again:
 * about a second of CPU), so a small fleet runs in this thread.
 */
export function defaultThreads(planes: number, cpus: number = os.availableParallelism()): number {
    return Math.max(1, Math.min(cpus, Math.floor(planes / CONCURRENCY.planesPerThread)));
}

/** Starts the worker entry, compiled or (from sources) through tsx's CommonJS hook. */
function start(input: WorkerInput): Worker {
    const entry = path.join(__dirname, __filename.endsWith(".ts") ? "fleetWorker.ts" : "fleetWorker.js");
    const boot = `${entry.endsWith(".ts") ? 'require("tsx/cjs/api").register();' : ""} require(${JSON.stringify(entry)});`;
    return new Worker(boot, { eval: true, workerData: input, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB } });
}

export async function previewFleetInWorkers(plan: FleetPlan, threads: number, opts: { documents: boolean; showSecrets: boolean;
    onPlane: (result: PlaneResult, done: number, total: number, extra: WorkerOutput) => void }): Promise<PlaneResult[]> {
    const total = plan.planes.length;
    const results: PlaneResult[] = new Array(total);
    let done = 0;
    let next = 0;
    const n = Math.max(1, Math.min(threads, total));
    await Promise.all(Array.from({ length: n }, () => new Promise<void>((resolve) => {
        const pending = new Set<number>();
        const worker = start({ plan, documents: opts.documents, showSecrets: opts.showSecrets });
        const feed = () => {
            while (pending.size < AHEAD && next < total) {
                pending.add(next);
                worker.postMessage(next++);
            }
            if (pending.size === 0) worker.postMessage(-1); // nothing left: the thread ends
        };
        worker.on("message", (m: WorkerOutput) => {
            pending.delete(m.index);
            results[m.index] = m.result;
            opts.onPlane(m.result, ++done, total, m);
            feed();
        });
        // A thread that dies takes only the planes it was given with it: they are reported as failed.
        const finish = (error?: Error) => {
            for (const i of pending) {
                const p = plan.planes[i];
                results[i] = { customerId: p.customerId, stack: p.stack, resources: 0, outputs: {}, violations: [], idleCost: idleCost([]),
                    error: `the worker thread previewing it stopped${error ? `: ${error.message}` : ""}` };
                opts.onPlane(results[i], ++done, total, { index: i, result: results[i] });
            }
            pending.clear();
            resolve();
        };
        worker.on("error", finish);
        worker.on("exit", () => finish());
        feed();
    })));
    return results;
}
