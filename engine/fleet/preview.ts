/**
 * A fleet's offline preview: every planned plane (see plan.ts) through the real program under the
 * offline engine and the policy pack, in this process, one after another (the mock runtime is
 * process-global), never stopping at a failing customer.
 */
import * as path from "path";
import { Violation, analyzeResources } from "../check/analyze";
import { IdleCost, idleCost } from "../reports/idleCost";
import { StackPreview, previewStackConfig } from "../preview/preview";
import { PackSettings, packSettingsFor } from "../../stacks/projects";
import { FleetPlan, PlannedPlane } from "./plan";
import { PhysicalName, physicalNames } from "./collisions";

export interface PlaneResult {
    customerId: string;
    stack: string;
    resources: number;
    outputs: Record<string, unknown>;
    violations: Violation[];
    idleCost: IdleCost;
    /** The pack settings its violations were judged with, and where they came from (absent when it could not be previewed). */
    packSettings?: PackSettings;
    /** Why the plane could not be previewed (its other fields are then empty). */
    error?: string;
    /** The physical names its resources set where AWS allows a name once (an account's IAM roles, S3 buckets): a fleet's planes must not share one. */
    names?: PhysicalName[];
}

export interface FleetRunOptions {
    /** Called after each plane, with its full preview when it ran (not kept afterwards: a fleet's memory stays flat). */
    onPlane?: (result: PlaneResult, done: number, total: number, preview?: StackPreview) => void | Promise<void>;
}

/** The result of a plane that could not be previewed: its names, nothing else but why. */
export function failedPlane(p: PlannedPlane, error: string): PlaneResult {
    return { customerId: p.customerId, stack: p.stack, resources: 0, outputs: {}, violations: [], idleCost: idleCost([]), error };
}

/** Previews one planned plane offline and checks it with the policy pack; a failure is reported in the result, not thrown. */
export async function previewPlane(plan: FleetPlan, p: PlannedPlane): Promise<{ result: PlaneResult; preview?: StackPreview }> {
    try {
        const preview = await previewStackConfig(p.stackConfig, undefined, plan.projectFile);
        const beside = path.basename(plan.template).replace(/\.ya?ml$/, ".policy.json");
        const pack = packSettingsFor(plan.project, p.stackConfig.config, plan.policyConfig, `the template's ${beside}`, `the pack's defaults (no ${beside} beside the template)`);
        const violations = await analyzeResources(preview.resources, { config: pack.config });
        return {
            result: {
                customerId: p.customerId, stack: p.stack, resources: preview.resources.length, outputs: preview.outputs, violations, idleCost: idleCost(preview.resources),
                packSettings: pack, names: physicalNames(preview.resources),
            },
            preview,
        };
    } catch (err) {
        return { result: failedPlane(p, (err as Error)?.message ?? String(err)) };
    }
}

/** Previews every planned plane offline, one after another in this thread; a failing plane is reported, not thrown. */
export async function previewFleet(plan: FleetPlan, opts: FleetRunOptions = {}): Promise<PlaneResult[]> {
    const results: PlaneResult[] = [];
    for (const [i, p] of plan.planes.entries()) {
        const { result, preview } = await previewPlane(plan, p);
        results.push(result);
        await opts.onPlane?.(result, i + 1, plan.planes.length, preview);
    }
    return results;
}
