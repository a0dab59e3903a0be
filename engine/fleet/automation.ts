/**
 * The real path of a fleet: the same validated plan, through Pulumi's Automation API
 * (`LocalWorkspace`, which drives the Pulumi CLI). One stack per customer is selected or created,
 * its config set from the template and the customer's row, then previewed or updated — a bounded
 * number at a time, past failures. ExternalIds stay stable because each customer keeps its own
 * stack (and its state, where the generated ExternalId lives): nothing here regenerates one.
 *
 * Everything but the calls in {@link automationStacks} is exercised offline by the tests with a
 * stand-in {@link StackFactory}; that function is the only code that needs the Pulumi CLI.
 */
import * as path from "path";
import { ROLE_BOUNDARY_CONFIG_KEY } from "../../vocabulary/names";
import { UserError } from "../../vocabulary/userError";
import { DEPLOYER_COLUMNS, FleetPlan, PlannedPlane } from "./plan";
import { readProjectYaml } from "../preview/stackConfig";

/** A customer the real path cannot deploy: no deployer role to assume (refused before any Automation API call). */
export class FleetDeployerError extends UserError {}

/**
 * Every plane has its customer's deployer role and the boundary that role requires; throws a
 * {@link FleetDeployerError} naming the customers that lack them. The real path never deploys with
 * whatever credentials the caller has into a customer's account.
 */
export function requireDeployers(plan: FleetPlan): void {
    const missing = plan.planes.filter((p) => !p.deployer);
    if (missing.length > 0) {
        const who = missing.slice(0, 5).map((p) => `${p.customerId} (row ${p.row})`).join(", ") + (missing.length > 5 ? ` and ${missing.length - 5} more` : "");
        throw new FleetDeployerError(`no deployer role for customer${missing.length > 1 ? "s" : ""} ${who}: give columns ${DEPLOYER_COLUMNS.roleArn} and ` +
            `${DEPLOYER_COLUMNS.externalId} (dataplane onboard writes them to <out>/fleet-columns.csv; the customer deploys the onboarding stack first). ` +
            "The real path deploys into a customer's account only through its deployer role.");
    }
    const unbounded = plan.planes.filter((p) => !p.stackConfig.config[ROLE_BOUNDARY_CONFIG_KEY]);
    if (unbounded.length > 0) {
        throw new FleetDeployerError(`customer ${unbounded[0].customerId} (row ${unbounded[0].row}) has a deployer role but no ${ROLE_BOUNDARY_CONFIG_KEY.split(":")[1]}: ` +
            "its deployer creates roles only with the onboarding boundary; give the column rolePermissionsBoundaryArn (in dataplane onboard's fleet-columns.csv)");
    }
}

/** The AWS provider's assume-role settings for a plane (`aws:assumeRoles`, a list in @pulumi/aws 7), the ExternalId secret. */
export function assumeRoleConfig(plane: PlannedPlane): Record<string, { value: string; secret?: boolean }> {
    if (!plane.deployer) return {};
    return {
        "aws:assumeRoles[0].roleArn": { value: plane.deployer.roleArn },
        "aws:assumeRoles[0].externalId": { value: plane.deployer.externalId, secret: true },
        "aws:assumeRoles[0].sessionName": { value: `emr-dataplane-fleet-${plane.customerId}` },
    };
}

export const FleetOperation = { Preview: "preview", Up: "up" } as const;
export type FleetOperation = (typeof FleetOperation)[keyof typeof FleetOperation];

/** What the fleet needs of one Automation API stack. */
export interface FleetStack {
    /** `path`: keys are paths into lists and maps (`aws:assumeRoles[0].roleArn`), as `pulumi config set --path` takes them. */
    setAllConfig(config: Record<string, { value: string; secret?: boolean }>, path?: boolean): Promise<void>;
    preview(opts: { policyPacks?: string[] }): Promise<{ changeSummary: Record<string, number> }>;
    up(opts: { policyPacks?: string[] }): Promise<{ outputs: Record<string, { value: unknown; secret: boolean }>; summary: { result: string } }>;
}

/** Selects or creates the stack `stackName` of the project in `workDir`. */
export type StackFactory = (stackName: string, workDir: string) => Promise<FleetStack>;

/** The Automation API: `LocalWorkspace.createOrSelectStack` (loaded only on the real path). */
export const automationStacks: StackFactory = async (stackName, workDir) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { LocalWorkspace } = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir });
    return {
        setAllConfig: (config, path) => stack.setAllConfig(config, path),
        preview: async (opts) => ({ changeSummary: (await stack.preview(opts)).changeSummary as Record<string, number> }),
        up: async (opts) => {
            const r = await stack.up(opts);
            return { outputs: r.outputs, summary: { result: r.summary.result } };
        },
    };
};

export interface RealPlaneResult {
    customerId: string;
    stack: string;
    /** `preview`: the change counts; `up`: the stack outputs (secrets flagged). */
    changeSummary?: Record<string, number>;
    outputs?: Record<string, { value: unknown; secret: boolean }>;
    error?: string;
}

export interface RealFleetOptions {
    operation: FleetOperation;
    /** Planes at once (each is a Pulumi CLI process). Defaults to 4. */
    concurrency?: number;
    /** Pulumi organization to qualify stack names with (`org/stack`); unset: the backend's default. */
    org?: string;
    /** Policy packs to enforce (folders), as `pulumi preview --policy-pack` takes. */
    policyPacks?: string[];
    stacks?: StackFactory;
    onPlane?: (result: RealPlaneResult, done: number, total: number) => void;
}

/**
 * The config to set on a customer's stack: the template stack file's own values (not the project
 * defaults, which stay in Pulumi.yaml) and the customer's columns. Encrypted template values
 * cannot be copied (each stack has its own key): they are returned in `skipped`.
 */
export function stackConfigFor(plan: FleetPlan, plane: PlannedPlane): { config: Record<string, { value: string; secret?: boolean }>; skipped: string[] } {
    const doc = readProjectYaml(plan.template) as { config?: Record<string, unknown> } | undefined;
    const qualify = (k: string) => (k.includes(":") ? k : `${plan.project}:${k}`);
    const config: Record<string, { value: string; secret?: boolean }> = {};
    const skipped: string[] = [];
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) skipped.push(qualify(key));
        else config[qualify(key)] = { value: typeof value === "string" ? value : JSON.stringify(value) };
    }
    for (const key of Object.values(plane.columns)) {
        const value = plane.stackConfig.config[key];
        if (value !== undefined) config[key] = { value, secret: plane.stackConfig.secretKeys.includes(key) };
    }
    Object.assign(config, assumeRoleConfig(plane));
    return { config, skipped: skipped.filter((k) => !Object.values(plane.columns).includes(k)) };
}

/** Runs `worker` over `items`, at most `limit` at a time, in list order of start. */
export async function bounded<T, R>(items: T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await worker(items[i]);
        }
    });
    await Promise.all(lanes);
    return results;
}

/** Previews or updates every plane of `plan` for real; a failing plane is reported in its result, never thrown. */
export async function runFleetForReal(plan: FleetPlan, opts: RealFleetOptions): Promise<RealPlaneResult[]> {
    requireDeployers(plan);
    const stacks = opts.stacks ?? automationStacks;
    const workDir = path.dirname(plan.projectFile);
    let done = 0;
    return bounded(plan.planes, opts.concurrency ?? 4, async (plane) => {
        const stackName = opts.org ? `${opts.org}/${plane.stack}` : plane.stack;
        let result: RealPlaneResult;
        try {
            const stack = await stacks(stackName, workDir);
            // Path mode: the assume-role keys index into the provider's list setting.
            await stack.setAllConfig(stackConfigFor(plan, plane).config, true);
            if (opts.operation === FleetOperation.Up) {
                const up = await stack.up({ policyPacks: opts.policyPacks });
                result = { customerId: plane.customerId, stack: stackName, outputs: up.outputs, ...(up.summary.result === "succeeded" ? {} : { error: `update ${up.summary.result}` }) };
            } else {
                const preview = await stack.preview({ policyPacks: opts.policyPacks });
                result = { customerId: plane.customerId, stack: stackName, changeSummary: preview.changeSummary };
            }
        } catch (err) {
            result = { customerId: plane.customerId, stack: stackName, error: ((err as Error)?.message ?? String(err)).split("\n").map((l) => l.trim()).filter(Boolean).slice(-1)[0] };
        }
        opts.onPlane?.(result, ++done, plan.planes.length);
        return result;
    });
}
