/**
 * A worker thread of `dataplane fleet preview` offline (see ./fleetWorkers.ts): its own Pulumi
 * runtime (the mock runtime is global to a thread, not to the process). It loads its modules as soon
 * as it starts, while the main thread is still planning; then it is sent the plan with its share of
 * the rows, validates their config and posts their problems; then it previews the planes it is
 * sent (their indices in the plan, one message each; -1 ends it, also before any plan) one after
 * another, posting back each result, with the plane's document as the text `--out` writes when
 * asked for it (serialized here, not in the thread that writes the files), and, once, which AWS
 * managed policies' data its checks read (the main thread reports it as `dataplane check` does).
 */
import "../engine/offline/lazyClosure";
import { parentPort, workerData } from "worker_threads";
import { FleetPlan, RowProblem, configProblem } from "../engine/fleet/plan";
import { PlaneResult, previewPlane } from "../engine/fleet/preview";
import { previewDocument } from "./run/preview";
import { planeDocumentText, planeEntryText } from "./fleetOutput";
import { managedDataUsed } from "../policies/model/managed";
import type { ManagedDataUsed } from "./managedPolicyData";

/** `documents`: `--out` (the plane documents, and the outputs for its world file); `entries`: `--json`. */
export interface WorkerInput { documents: boolean; showSecrets: boolean; entries: boolean }
/** The first message a thread is sent: the plan, and the rows (indices in it) whose config it validates. */
export interface WorkerPlan { plan: FleetPlan; validate: number[] }
/**
 * A previewed plane: its result without what only its `--json` entry and `--out` document need (its
 * pack settings; its outputs but for `--out`'s world file), which come as the text written (`entry`,
 * `document`); and the AWS managed policies' data this thread judged by, the first time it read any
 * (./managedPolicyData.ts). A small message: the main thread keeps 10,000 planes' results until the end.
 */
export interface WorkerOutput { index: number; result: PlaneResult; entry?: string; document?: string; region?: string; managedData?: ManagedDataUsed }

const { documents, showSecrets, entries } = workerData as WorkerInput;
let plan: FleetPlan;
const queue: number[] = [];
let running = false;
let managedDataReported = false;

async function drain(): Promise<void> {
    running = true;
    while (queue.length > 0) {
        const index = queue.shift()!;
        if (index < 0) {
            parentPort!.close();
            return;
        }
        const { result, preview } = await previewPlane(plan, plan.planes[index]);
        const { packSettings: _settings, outputs, ...rest } = result;
        const message: WorkerOutput = { index, result: { ...rest, outputs: documents ? outputs : {} } };
        if (entries) message.entry = planeEntryText(result, showSecrets ? undefined : "[secret]");
        if (documents && preview) {
            message.document = planeDocumentText(previewDocument(preview, showSecrets, result.violations, result.idleCost, result.packSettings));
            message.region = preview.world.region;
        }
        if (!managedDataReported) {
            message.managedData = managedDataUsed();
            managedDataReported = message.managedData !== undefined;
        }
        parentPort!.postMessage(message);
    }
    running = false;
}

/** The config problems of `validate`'s rows, the event loop turning between rows (see planFleetInTurns). */
async function validateShare(validate: number[]): Promise<RowProblem[]> {
    const problems: RowProblem[] = [];
    for (const [k, index] of validate.entries()) {
        const problem = configProblem(plan, plan.planes[index]);
        if (problem) problems.push(problem);
        if (k % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    }
    return problems;
}

parentPort!.once("message", (first: WorkerPlan | number) => {
    if (typeof first === "number") {
        parentPort!.close(); // stopped before the plan came
        return;
    }
    plan = first.plan;
    validateShare(first.validate).then((problems) => {
        parentPort!.postMessage({ problems });
        parentPort!.on("message", (index: number) => {
            queue.push(index);
            if (!running) drain().catch((err) => { throw err; });
        });
    }, (err) => { throw err; });
});
