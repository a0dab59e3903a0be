/**
 * What onboarding needs of one plane's offline plan: its account, region and partition, the tags
 * its resources carry, the names its roles, buckets and log groups get, and each registered
 * resource's calls (from the table) resolved to the ARNs they are authorized on.
 */
import type { RegisteredResource } from "../recorded";
import { revealOrMask } from "../offline/run";
import { Scope, arn, partitionOf } from "../../vocabulary/arn";
import { UserError } from "../../vocabulary/userError";
import { ActionUse, EC2_KINDS, Kind, NO_AWS_CALLS, Phase, Target, tableEntry } from "./table";
import type { RecordedInvoke } from "../offline/run";
import { lookupCalls } from "./lookups";

/** A plane registers a type the onboarding table does not know: its deployer could not deploy it. */
export class UnknownResourceTypeError extends UserError {}

export interface PlaneFacts {
    scope: Scope;
    customerId: string;
    /** Tags every tagged resource of the plane carries (`emr-dataplane:plane`, `emr-dataplane:customer`): the scope of random ids. */
    planeTags: Record<string, string>;
    /** Every tag key the plane's resources send (ForAllValues on aws:TagKeys). */
    tagKeys: string[];
    /** Role names the plane creates or writes inline policies on. */
    roleNames: string[];
    /** Bucket name patterns (`emr-dataplane-resources-*`) and exact names the plane creates or configures. */
    bucketPatterns: string[];
    logGroupNames: string[];
    /** Registered resources with their resolved calls. */
    resources: PlaneResource[];
}

/** One call of one resource, on one target ARN. */
export interface Call {
    action: string;
    phase: Phase;
    kind: Kind;
    /** The ARN authorized (`*` for actions with no resource type). */
    resource: string;
    /** The create sends the plane's tags (aws:RequestTag). */
    requestTags: boolean;
    /** Tags the target carries (aws:ResourceTag), when it is a plane resource. */
    resourceTags?: Record<string, string>;
    createAction?: string;
    use: ActionUse;
}

export interface PlaneResource {
    type: string;
    name: string;
    retained: boolean;
    tags: Record<string, string>;
    calls: Call[];
}

function str(v: unknown): string | undefined {
    return typeof v === "string" && v.length > 0 ? v : undefined;
}

function tagsOf(r: RegisteredResource): Record<string, string> {
    const t = (r.inputs.tags ?? r.outputs.tags) as Record<string, string> | undefined;
    return t && typeof t === "object" ? { ...t } : {};
}

/** The ARN of a target of `kind` with this id or name. */
export function arnOf(scope: Scope, kind: Kind, id: string): string {
    if (EC2_KINDS.includes(kind)) return arn.ec2(scope, kind, id);
    switch (kind) {
        case "bucket": return arn.bucket(scope.partition, id);
        case "key": return arn.kmsKey(scope.partition, scope.region, scope.accountId, id);
        case "role": return arn.role(scope.partition, scope.accountId, id);
        case "application": return arn.emrApplication(scope, id);
        case "log-group": return `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${id}`;
        case "service-linked-role": return arn.emrServerlessServiceLinkedRole(scope);
        default: return "*";
    }
}

/** The id a resource of the table has in its own ARN. */
function ownId(r: RegisteredResource, kind: Kind): string {
    if (kind === "bucket") return str(r.outputs.bucket) ?? str(r.inputs.bucket) ?? String(r.id);
    if (kind === "role") return str(r.inputs.name) ?? str(r.outputs.name) ?? String(r.id);
    if (kind === "log-group") return str(r.inputs.name) ?? String(r.id);
    if (kind === "key") return str(r.outputs.keyId) ?? String(r.id);
    return String(r.id);
}

/** The type under which a plane's look-ups (./lookups.ts) appear among its resources' calls. */
export const LOOKUPS_TYPE = "provider look-ups";

/**
 * Reads the plan: every custom resource must have a row in the table (or make no AWS call), every
 * provider look-up the program made (`invokes`) a row in the look-up table. Throws
 * {@link UnknownResourceTypeError} naming the types it lacks, or UnknownLookupError (./lookups.ts).
 */
export function planeFacts(resources: RegisteredResource[], region: string, accountId: string, customerId: string, invokes: readonly RecordedInvoke[] = []): PlaneFacts {
    const scope: Scope = { partition: partitionOf(region), region, accountId };
    const managed = resources.filter((r) => r.custom && r.op === "register" && !r.type.startsWith("pulumi:") && !NO_AWS_CALLS.includes(r.type))
        .map((r) => ({ ...r, inputs: revealOrMask(r.inputs, "[secret]") as Record<string, unknown>, outputs: revealOrMask(r.outputs, "[secret]") as Record<string, unknown> }));
    const unknown = [...new Set(managed.filter((r) => !tableEntry(r.type)).map((r) => r.type))];
    if (unknown.length > 0) {
        throw new UnknownResourceTypeError(`the plane registers ${unknown.join(", ")}, which the onboarding table (engine/onboarding/table.ts) does not list: ` +
            "its deployer role could not deploy it. Add the type's calls to the table, with their sources.");
    }
    const byId = new Map<string, RegisteredResource>();
    for (const r of managed) if (r.id) byId.set(String(r.id), r);
    // The tags every tagged resource carries, and every key any of them sends.
    const tagged = managed.filter((r) => Object.keys(tagsOf(r)).length > 0).map(tagsOf);
    const planeTags = tagged.length === 0 ? {} : Object.fromEntries(Object.entries(tagged[0]).filter(([k, v]) => k !== "Name" && tagged.every((t) => t[k] === v)));
    const tagKeys = [...new Set(tagged.flatMap((t) => Object.keys(t)))].sort();

    const roleNames = new Set<string>();
    const bucketPatterns = new Set<string>();
    const logGroupNames = new Set<string>();
    for (const r of managed) {
        if (r.type === "aws:iam/role:Role") roleNames.add(ownId(r, "role"));
        if (r.type === "aws:iam/rolePolicy:RolePolicy" && str(r.inputs.role)) roleNames.add(str(r.inputs.role)!);
        if (r.type === "aws:s3/bucket:Bucket") bucketPatterns.add(str(r.inputs.bucketPrefix) ? `${r.inputs.bucketPrefix}*` : ownId(r, "bucket"));
        if (r.type === "aws:cloudwatch/logGroup:LogGroup") logGroupNames.add(ownId(r, "log-group"));
    }
    // A configured bucket the plane does not create (an adopted one, parts opted in): named exactly.
    for (const r of managed) {
        const b = r.type.startsWith("aws:s3/bucket") && r.type !== "aws:s3/bucket:Bucket" ? str(r.inputs.bucket) : undefined;
        if (b && ![...bucketPatterns].some((p) => (p.endsWith("*") ? b.startsWith(p.slice(0, -1)) : b === p))) bucketPatterns.add(b);
    }

    const planeResources = managed.map((r): PlaneResource => {
        const entry = tableEntry(r.type)!;
        const tags = tagsOf(r);
        const calls: Call[] = [];
        for (const use of entry.uses.filter((u) => !u.notGranted)) {
            for (const target of use.on) {
                for (const id of targetIds(r, target)) {
                    const parent = target.from ? byId.get(id) : r;
                    const resourceTags = target.tags === "request" || target.kind === "*" ? undefined : (parent ? tagsOf(parent) : undefined);
                    for (const phase of use.phases) {
                        calls.push({ action: use.action, phase, kind: target.kind, resource: arnOf(scope, target.kind, id), requestTags: target.tags === "request",
                            resourceTags, createAction: use.createAction, use });
                    }
                }
            }
        }
        return { type: r.type, name: r.name, retained: r.retainOnDelete, tags, calls };
    });
    // What the program asks before it creates anything: each look-up's actions on their exact resources.
    const lookups = lookupCalls(invokes, scope);
    if (lookups.length > 0) {
        planeResources.push({
            type: LOOKUPS_TYPE, name: "program", retained: false, tags: {},
            calls: lookups.flatMap((l) => l.use.phases.map((phase): Call => ({ action: l.action, phase, kind: l.resource === "*" ? "*" : "exact", resource: l.resource, requestTags: false, use: l.use }))),
        });
    }
    return { scope, customerId, planeTags, tagKeys, roleNames: [...roleNames].sort(), bucketPatterns: [...bucketPatterns].sort(), logGroupNames: [...logGroupNames].sort(), resources: planeResources };
}

/** The ids a target names: the resource's own, or those held by an input (one id or a list; none when unset). */
function targetIds(r: RegisteredResource, target: Target): string[] {
    if (target.kind === "*" || target.kind === "service-linked-role") return ["*"];
    if (!target.from) return [ownId(r, target.kind)];
    const v = r.inputs[target.from];
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x.length > 0);
}

/**
 * The calls deploying, updating and destroying the plane sends. A retained resource
 * (`retainOnDelete`) is only dropped from the state on destroy: its delete calls are never sent.
 */
export function callsOf(facts: PlaneFacts): Call[] {
    return facts.resources.flatMap((r) => r.calls.filter((c) => !(c.phase === "delete" && r.retained)));
}
