/**
 * A worker thread of `dataplane fleet preview --concurrency N` (offline): its own Pulumi runtime
 * (the mock runtime is global to a thread, not to the process), previewing the planes it is sent
 * and posting back each result, with the plane's document when `--out` asks for it.
 */
import "../engine/offline/lazyClosure";
import { parentPort, workerData } from "worker_threads";
import { FleetPlan } from "../engine/fleet/plan";
import { PlaneResult, previewPlane } from "../engine/fleet/preview";
import { previewDocument } from "./run/preview";

export interface WorkerInput { plan: FleetPlan; indices: number[]; documents: boolean; showSecrets: boolean }
export interface WorkerOutput { index: number; result: PlaneResult; document?: unknown; region?: string }

(async () => {
    const { plan, indices, documents, showSecrets } = workerData as WorkerInput;
    for (const index of indices) {
        const { result, preview } = await previewPlane(plan, plan.planes[index]);
        const message: WorkerOutput = { index, result };
        if (documents && preview) {
            message.document = previewDocument(preview, showSecrets, result.violations, result.idleCost, result.packSettings);
            message.region = preview.world.region;
        }
        parentPort!.postMessage(message);
    }
})().catch((err) => { throw err; });
