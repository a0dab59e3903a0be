/**
 * A worker thread of `dataplane fleet preview` offline (see ./fleetWorkers.ts): its own Pulumi
 * runtime (the mock runtime is global to a thread, not to the process), previewing the planes it
 * is sent (their indices in the plan, one message each; -1 ends it) one after another and posting
 * back each result, with the plane's document as the text `--out` writes when asked for it
 * (serialized here, not in the thread that writes the files).
 */
import "../engine/offline/lazyClosure";
import { parentPort, workerData } from "worker_threads";
import { FleetPlan } from "../engine/fleet/plan";
import { PlaneResult, previewPlane } from "../engine/fleet/preview";
import { previewDocument } from "./run/preview";
import { planeDocumentText } from "./fleetOutput";

export interface WorkerInput { plan: FleetPlan; documents: boolean; showSecrets: boolean }
export interface WorkerOutput { index: number; result: PlaneResult; document?: string; region?: string }

const { plan, documents, showSecrets } = workerData as WorkerInput;
const queue: number[] = [];
let running = false;

async function drain(): Promise<void> {
    running = true;
    while (queue.length > 0) {
        const index = queue.shift()!;
        if (index < 0) {
            parentPort!.close();
            return;
        }
        const { result, preview } = await previewPlane(plan, plan.planes[index]);
        const message: WorkerOutput = { index, result };
        if (documents && preview) {
            message.document = planeDocumentText(previewDocument(preview, showSecrets, result.violations, result.idleCost, result.packSettings));
            message.region = preview.world.region;
        }
        parentPort!.postMessage(message);
    }
    running = false;
}

parentPort!.on("message", (index: number) => {
    queue.push(index);
    if (!running) drain().catch((err) => { throw err; });
});
