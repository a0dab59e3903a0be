/**
 * `dataplane fleet preview|up` (declared in ../commands/fleet.ts): one template stack file and one customer list, one private plane
 * per customer — previewed and policy-checked offline in this process, or (with `--real`, and
 * `fleet up`) previewed or deployed through the Automation API.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Violation } from "../../engine/check/analyze";
import type { FleetPlan } from "../../engine/fleet/plan";
import type { PlaneResult } from "../../engine/fleet/preview";
import type { FleetOperation, RealPlaneResult } from "../../engine/fleet/automation";
import { CustomerList, readCustomerList } from "../../engine/fleet/customers";
import { idleCostLine } from "../../engine/reports/idleCost";
import { PACKAGE_ROOT } from "../../engine/paths";
import { revealOrMask } from "../../engine/recorded";
import { Parsed, Printer, UsageError } from "../args";
import { CONCURRENCY, ORG } from "../commands/fleet";
import { type FleetOutput, planeEntryText } from "../fleetOutput";
import type { ManagedDataUsed, ShippedManagedData } from "../managedPolicyData";
import { startFleetWorkers } from "../fleetWorkers";
import { aroundEmptyList } from "../jsonReport";
import { progress } from "../progress";
import { table } from "../render";
import { errorLine } from "../../vocabulary/printable";

/* eslint-disable @typescript-eslint/no-var-requires */
/**
 * What planning, previewing and reporting load (the SDKs, the components, the pack): required once
 * the worker threads are started, so that the threads load their modules while this thread loads its own.
 */
const gatherHeavy = () => ({
    ...(require("../../engine/fleet/plan") as typeof import("../../engine/fleet/plan")),
    ...(require("../../engine/fleet/collisions") as typeof import("../../engine/fleet/collisions")),
    ...(require("../../engine/fleet/preview") as typeof import("../../engine/fleet/preview")),
    ...(require("../../engine/fleet/automation") as typeof import("../../engine/fleet/automation")),
    ...(require("../fleetOutput") as typeof import("../fleetOutput")),
    ...(require("../policyReport") as typeof import("../policyReport")),
    ...(require("./preview") as typeof import("./preview")),
    ...(require("../managedPolicyData") as typeof import("../managedPolicyData")),
});
/* eslint-enable @typescript-eslint/no-var-requires */
/** Gathered once: the reports ask again (the real path once a plane). */
let heavyModules: ReturnType<typeof gatherHeavy> | undefined;
const heavy = () => (heavyModules ??= gatherHeavy());

/** The customer list when it reads (its problems are reported by planning, in their usual order), to count the planes before planning them. */
function listIfReadable(file: string): CustomerList | undefined {
    try {
        return readCustomerList(file);
    } catch {
        return undefined;
    }
}

export async function fleetCommand({ flags, positionals, interactive }: Parsed, operation: FleetOperation, out: Printer, err: Printer): Promise<number> {
    if (positionals.length > 0) throw new UsageError(`dataplane fleet ${operation}: unexpected argument ${positionals[0]} (see dataplane fleet ${operation} --help)`);
    // Options arrive checked against their declared range and rule (see COMMON).
    const given = flags.concurrency as number | undefined;
    const org = (flags.org as string | undefined) ?? ORG.default;
    const real = operation === "up" || Boolean(flags.real);
    const mask = flags["show-secrets"] ? undefined : "[secret]";
    const showSecrets = Boolean(flags["show-secrets"]);
    // Offline, worker threads (for a fleet large enough to repay them) start first, loading their
    // modules while this thread plans; then they validate the list's rows (a share each), before any plane runs.
    const list = real ? undefined : listIfReadable(flags.customers as string);
    const threads = list ? Math.min(offlineThreads(given, list.rows.length), list.rows.length) : 0;
    let output: FleetOutput | undefined;
    // --json: each plane's entry, as text, made while the threads preview the next planes (this thread waits on them).
    const entries = flags.json ? new Map<PlaneResult, string>() : undefined;
    // The AWS managed policies' data the threads' checks read (reported once by each thread that read any).
    let threadsManagedData: ManagedDataUsed;
    const workers = threads > 0 ? startFleetWorkers(threads, {
        documents: Boolean(flags.out), showSecrets, entries: Boolean(flags.json),
        onPlane: (r, _done, _total, extra) => {
            bar.tick(r.customerId);
            // The threads send the entry as text (and the result without what only the entry needs); a plane they never finished, as a result.
            if (entries) entries.set(r, extra.entry ?? planeEntryText(r, mask));
            if (extra.managedData) threadsManagedData = extra.managedData;
            if (output && extra.document) output.plane(r.stack, extra.region!, extra.document, r.outputs);
        },
    }) : undefined;
    let loaded: ReturnType<typeof heavy>;
    let unvalidated: import("../../engine/fleet/plan").UnvalidatedPlan;
    try {
        loaded = heavy();
        unvalidated = await loaded.planFleetUnvalidated(flags.template as string, flags.customers as string, list);
    } catch (e) {
        await workers?.stop();
        throw e;
    }
    const { refuseProblems, validateInTurns, FleetOutput, requireDeployers, runFleetForReal, markSecrets, previewFleet, previewDocument, fleetCollisionLines, CustomerListError, violationSummary, shippedManagedData } = loaded;
    let plan: FleetPlan;
    try {
        plan = sliceOf(workers ? refuseProblems(unvalidated, await workers.plan(unvalidated.plan)) : await validateInTurns(unvalidated), flags.slice as string | undefined);
    } catch (e) {
        await workers?.stop();
        throw e;
    }
    output = flags.out ? new FleetOutput(flags.out as string, org, plan.project) : undefined;
    const bar = progress(plan.planes.length, Boolean(interactive && !flags.json));
    if (real) {
        requireDeployers(plan);
        requirePulumiCli(operation);
        const results = await runFleetForReal(plan, {
            operation, concurrency: given ?? CONCURRENCY.real, org: flags.org as string | undefined, policyPacks: [(flags["policy-pack"] as string | undefined) ?? defaultPolicyPack()],
            onPlane: (r) => {
                bar.tick(r.customerId);
                if (output && r.outputs) {
                    const outputs = markSecrets(r.outputs);
                    output.plane(r.customerId, regionOf(plan, r.customerId), { ...r, outputs: revealOrMask(outputs, "[secret]") },
                        flags["show-secrets"] ? outputs : revealOrMask(outputs, "[secret]") as Record<string, unknown>);
                }
            },
        });
        bar.stop();
        return reportReal(plan, results, operation, Boolean(flags.json), output, out);
    }
    const position = new Map(unvalidated.plan.planes.map((p, i) => [p, i]));
    const planes: PlaneResult[] = workers
        ? await workers.preview(plan.planes.map((p) => position.get(p)!))
        : await previewFleet(plan, {
            onPlane: (r, _done, _total, preview) => {
                bar.tick(r.customerId);
                if (output && preview) output.plane(r.stack, preview.world.region, previewDocument(preview, showSecrets, r.violations, r.idleCost, r.packSettings), preview.outputs);
            },
        });
    bar.stop();
    // Planes that would take the same account-wide (or partition-wide) name cannot both deploy: the list is wrong.
    const collisions = fleetCollisionLines(plan, planes.map((p) => p.names));
    if (collisions.length > 0) {
        throw new CustomerListError(plan.customers, `${collisions[0]}${collisions.length > 1 ? ` (and ${collisions.length - 1} more name${collisions.length > 2 ? "s" : ""} shared by planes)` : ""}`);
    }
    const world = output?.finish(plan.planes.map((p) => p.stack));
    const failed = planes.filter((p) => p.error);
    const all = planes.flatMap((p) => p.violations);
    const mandatory = all.some((v) => v.enforcementLevel === "mandatory");
    const monthly = Math.round(planes.reduce((s, p) => s + p.idleCost.monthly, 0) * 100) / 100;
    // Judged by the managed policies' documents the package ships (the optional peer not installed): said as dataplane check says it.
    const managed = workers ? shippedManagedData(threadsManagedData) : shippedManagedData();
    if (flags.json) {
        // Printed in pieces, one a plane: 10,000 planes' entries are never joined into one string.
        const pieces = withPlanes(JSON.stringify({
            template: plan.template, project: plan.project,
            summary: { planes: planes.length, failed: failed.length, violations: violationSummary(all), idleCostMonthly: monthly },
            ...(managed ? { managedPolicyData: managed } : {}),
            planes: [],
            ...(world ? { world } : {}),
        }, null, 2), planes.map((p) => entries?.get(p) ?? planeEntryText(p, mask)));
        entries?.clear();
        for (const piece of pieces) out(piece);
    } else {
        printSummary(plan, planes, monthly, managed, out);
        if (world) out(`Wrote ${planes.length - failed.length} plane documents under ${output!.dir}/planes and the control-plane world ${world}`);
    }
    // planes[i] is plan.planes[i]'s result.
    planes.forEach((p, i) => { if (p.error) err(`error: customer ${p.customerId} (row ${plan.planes[i].row}): ${errorLine(p.error)}`); });
    return mandatory || failed.length > 0 ? 1 : 0;
}

/**
 * `document` (`JSON.stringify(…, null, 2)` of an object whose `planes` is empty) with `planes` holding
 * the `entries` ({@link elementText}), as lines to print one after another (each printed with a
 * newline after it): joined with newlines, the text JSON.stringify gives of the document with them.
 */
export function withPlanes(document: string, entries: string[]): string[] {
    const around = entries.length === 0 ? undefined : aroundEmptyList(document, "planes");
    if (!around) return [document];
    const last = entries.length - 1;
    return [around[0], ...entries.map((e, i) => `    ${e}${i < last ? "," : ""}`), `  ${around[1]}`];
}

/**
 * Worker threads for an offline fleet (0: the planes run one after another in this thread): as many
 * as `--concurrency` says; by default one per CPU (`cpus`) up to CONCURRENCY.offline, each with the
 * large young generation that makes a plane's garbage cheap (./fleetWorkers.ts), unless the fleet is
 * too small to repay a thread's start-up.
 */
export function offlineThreads(given: number | undefined, planes: number, cpus: number = os.availableParallelism()): number {
    if (given !== undefined) return given;
    return planes >= CONCURRENCY.workerFrom ? Math.max(1, Math.min(cpus, CONCURRENCY.offline)) : 0;
}

function printSummary(plan: FleetPlan, planes: PlaneResult[], monthly: number, managed: ShippedManagedData | undefined, out: Printer): void {
    const { violationSummary, violationLines } = heavy();
    out(`Offline fleet preview: ${planes.length} planes of project ${plan.project} from ${plan.template}`);
    out("");
    const rows = [["customer", "stack", "resources", "violations", "idle cost/month"]];
    for (const p of planes) {
        rows.push([p.customerId, p.stack, String(p.resources), p.error ? "FAILED (see below)" : violationSummary(p.violations), `US$${p.idleCost.monthly.toFixed(2)}`]);
    }
    const all: Violation[] = planes.flatMap((p) => p.violations);
    rows.push(["total", `${planes.length} planes`, String(planes.reduce((s, p) => s + p.resources, 0)), violationSummary(all), `US$${monthly.toFixed(2)}`]);
    for (const line of table(rows)) out(`  ${line}`);
    const costs = new Map(planes.filter((p) => !p.error).map((p) => [idleCostLine(p.idleCost), 0]));
    for (const p of planes) if (!p.error) costs.set(idleCostLine(p.idleCost), costs.get(idleCostLine(p.idleCost))! + 1);
    out("");
    for (const [line, n] of costs) out(`Idle cost: ${n} plane${n > 1 ? "s" : ""} at ${line}`);
    if (managed) out(`AWS managed policies: ${managed.note}`);
    for (const p of planes.filter((x) => x.violations.length > 0)) {
        out("");
        out(`customer ${p.customerId}:`);
        for (const line of violationLines(p.violations)) out(`  ${line}`);
    }
}

/** `--slice i/n`: the planes at positions i, i+n, … of the (whole, validated) list. */
export function sliceOf(plan: FleetPlan, slice: string | undefined): FleetPlan {
    if (slice === undefined) return plan;
    const m = /^(\d+)\/(\d+)$/.exec(slice);
    const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(n >= 1 && i >= 0 && i < n)) throw new UsageError(`dataplane fleet: --slice must be i/n with 0 <= i < n (e.g. 0/4), got ${JSON.stringify(slice)}`);
    return { ...plan, planes: plan.planes.filter((_, k) => k % n === i) };
}

/** The real path drives the Pulumi CLI: without it on PATH, say so once (exit 2) rather than fail every plane. */
export function requirePulumiCli(operation: FleetOperation, env: NodeJS.ProcessEnv = process.env): void {
    const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
    const found = (env.PATH ?? "").split(path.delimiter).filter(Boolean).some((dir) => names.some((n) => fs.existsSync(path.join(dir, n))));
    if (!found) {
        throw new UsageError(`dataplane fleet ${operation}${operation === "preview" ? " --real" : ""}: needs the Pulumi CLI on PATH ` +
            "(install it: curl -fsSL https://get.pulumi.com | sh); the offline dataplane fleet preview needs nothing");
    }
}

function regionOf(plan: FleetPlan, customerId: string): string {
    return plan.planes.find((p) => p.customerId === customerId)?.stackConfig.config["aws:region"] ?? "us-east-1";
}

/** The built pack folder the package ships (`npm run build` assembles it: tools/buildPack.ts). */
function defaultPolicyPack(): string {
    return path.join(PACKAGE_ROOT, "dist", "policy-pack");
}

function reportReal(plan: FleetPlan, results: RealPlaneResult[], operation: FleetOperation, json: boolean, output: FleetOutput | undefined, out: Printer): number {
    const world = operation === "up" ? output?.finish(plan.planes.map((p) => p.customerId)) : undefined;
    const failed = results.filter((r) => r.error);
    if (json) {
        out(JSON.stringify({ template: plan.template, project: plan.project, operation, summary: { planes: results.length, failed: failed.length },
            planes: results.map((r) => ({ ...r, outputs: r.outputs && revealOrMask(heavy().markSecrets(r.outputs), "[secret]") })), ...(world ? { world } : {}) }, null, 2));
    } else {
        out(`Fleet ${operation} through the Automation API: ${results.length} planes of project ${plan.project}`);
        const rows = [["customer", "stack", "result"]];
        for (const r of results) rows.push([r.customerId, r.stack, r.error ? `FAILED: ${r.error}` : r.changeSummary ? Object.entries(r.changeSummary).map(([k, v]) => `${v} ${k}`).join(", ") : "updated"]);
        for (const line of table(rows)) out(`  ${line}`);
        if (world) out(`Wrote the control-plane world ${world}`);
    }
    return failed.length > 0 ? 1 : 0;
}
