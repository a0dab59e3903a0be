/**
 * `fleet preview --concurrency N` offline: the planes shared round-robin among N worker threads of
 * this process, each with its own Pulumi runtime; results come back in list order.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import { FleetPlan } from "../engine/fleet/plan";
import { PlaneResult } from "../engine/fleet/preview";
import { idleCost } from "../engine/reports/idleCost";
import type { WorkerInput, WorkerOutput } from "./fleetWorker";

/** Starts the worker entry, compiled or (from sources) through tsx's CommonJS hook. */
function start(input: WorkerInput): Worker {
    const entry = path.join(__dirname, __filename.endsWith(".ts") ? "fleetWorker.ts" : "fleetWorker.js");
    const boot = `${entry.endsWith(".ts") ? 'require("tsx/cjs/api").register();' : ""} require(${JSON.stringify(entry)});`;
    return new Worker(boot, { eval: true, workerData: input });
}

export async function previewFleetInWorkers(plan: FleetPlan, threads: number, opts: { documents: boolean; showSecrets: boolean;
    onPlane: (result: PlaneResult, done: number, total: number, extra: WorkerOutput) => void }): Promise<PlaneResult[]> {
    const results: PlaneResult[] = new Array(plan.planes.length);
    let done = 0;
    const n = Math.max(1, Math.min(threads, plan.planes.length));
    const lanes = Array.from({ length: n }, (_, w) => plan.planes.map((_p, i) => i).filter((i) => i % n === w));
    await Promise.all(lanes.map((indices) => new Promise<void>((resolve) => {
        const pending = new Set(indices);
        const worker = start({ plan, indices, documents: opts.documents, showSecrets: opts.showSecrets });
        worker.on("message", (m: WorkerOutput) => {
            pending.delete(m.index);
            results[m.index] = m.result;
            opts.onPlane(m.result, ++done, plan.planes.length, m);
        });
        // A worker that dies takes only its own remaining planes with it: they are reported as failed.
        const finish = (error?: Error) => {
            for (const i of pending) {
                const p = plan.planes[i];
                results[i] = { customerId: p.customerId, stack: p.stack, resources: 0, outputs: {}, violations: [], idleCost: idleCost([]),
                    error: `the worker thread previewing it stopped${error ? `: ${error.message}` : ""}` };
                opts.onPlane(results[i], ++done, plan.planes.length, { index: i, result: results[i] });
            }
            pending.clear();
            resolve();
        };
        worker.on("error", finish);
        worker.on("exit", () => finish());
    })));
    return results;
}
