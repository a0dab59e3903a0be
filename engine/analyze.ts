/**
 * Runs the policy pack over a list of resources without the Pulumi CLI: the requests the engine
 * would send (`Analyze` per resource with its inputs, `AnalyzeStack` once with every resource's
 * outputs) are built from the resources and handed to `@pulumi/policy`'s own analyzer functions,
 * so enforcement levels, "not applicable" and unknown-value handling are the real ones.
 *
 * `makeAnalyzeRpcFun`/`makeAnalyzeStackRpcFun` are internal to `@pulumi/policy` (pinned in
 * package.json); `test/policies/analyze.spec.ts` covers this adapter.
 */
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_ROOT } from "./paths";
import type { RegisteredResource } from "./recorded";
import { PACK_NAME, POLICIES, PolicyConfig, withEnforcement } from "../policies/policies";
import { Rule, isStackRule, typesOf } from "../policies/rule";

/* eslint-disable @typescript-eslint/no-var-requires */
const server = require("@pulumi/policy/server");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
/** The pack's version: its package.json's, as the Pulumi CLI reads it. */
export const PACK_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "policies", "package.json"), "utf8")).version;

export type Level = "advisory" | "mandatory";

/** One violation: which rule, how strictly, on which resource, and what to do. */
export interface Violation {
    policyName: string;
    enforcementLevel: Level;
    /** The resource it is about (absent for a stack-wide finding). */
    urn?: string;
    /** What is wrong and how to fix it. */
    message: string;
    /** The rule's description. */
    description: string;
}

export interface AnalyzeOptions {
    /** Enforcement-level overrides, as in `pulumi preview --policy-pack-config`. */
    config?: PolicyConfig;
    /** The rules to run. Defaults to the whole pack. */
    policies?: Rule[];
}

const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));

const LEVEL_NAMES: Record<number, Level> = { [analyzerPb.EnforcementLevel.ADVISORY]: "advisory", [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory" };

/**
 * A request's properties: a protobuf Struct, as the engine sends. The analyzer only ever reads it
 * with `toJavaScript()`, once per policy; answering that with the plain value saves a Struct
 * round trip per resource and policy (a third of the time on 1,000 resources). `undefined` is
 * dropped, as a Struct cannot hold it.
 */
function properties(value: Record<string, unknown> | undefined) {
    const plain = clean(value ?? {});
    const struct = new Struct();
    struct.toJavaScript = () => plain;
    return struct;
}

/** Without `undefined` values (copies only what contains one). */
function clean<T>(value: T): T {
    if (Array.isArray(value)) {
        const items = value.map(clean);
        return (items.some((x, i) => x !== value[i]) ? items : value) as T;
    }
    if (!value || typeof value !== "object") return value;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        if (v === undefined) {
            changed = true;
            continue;
        }
        const c = clean(v);
        if (c !== v) changed = true;
        out[k] = c;
    }
    return (changed ? out : value) as T;
}

function options(r: RegisteredResource) {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(r.protect);
    if (r.parent) opts.setParent(r.parent);
    return opts;
}

function call<T>(fun: (call: unknown, callback: (err: unknown, resp: T) => void) => unknown, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        fun({ request }, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
}

function violationsOf(response: any, descriptions: Map<string, string>): Violation[] {
    return response.getDiagnosticsList().map((d: any) => {
        const description = descriptions.get(d.getPolicyname()) ?? d.getDescription();
        // A string report arrives as "<description>\n<message>": keep the message.
        const message: string = d.getMessage().startsWith(`${description}\n`) ? d.getMessage().slice(description.length + 1) : d.getMessage();
        return {
            policyName: d.getPolicyname(),
            enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "mandatory",
            urn: d.getUrn() || undefined,
            message,
            description,
        };
    });
}

/** The state the stack policies see: outputs, falling back to inputs for keys a plan has no output for yet. */
function stackProps(r: RegisteredResource): Record<string, unknown> {
    return r.custom ? { ...r.inputs, ...r.outputs } : r.outputs;
}

/**
 * Runs the pack over `resources` (as the offline engine records them, or as read from a stack
 * export or preview JSON) and returns every violation, resource checks first.
 */
export async function analyzeResources(resources: RegisteredResource[], opts: AnalyzeOptions = {}): Promise<Violation[]> {
    const policies = withEnforcement(opts.policies ?? POLICIES, opts.config);
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));
    const analyzeStack = server.makeAnalyzeStackRpcFun(PACK_NAME, PACK_VERSION, "mandatory", policies);
    // The engine asks every policy about every resource and each skips types it does not look at;
    // asking only the policies that look at a type gives the same diagnostics, faster.
    const byType = new Map<string, unknown>();
    const analyzerFor = (type: string) => {
        if (!byType.has(type)) {
            const applicable = policies.filter((p) => !isStackRule(p) && typesOf(p).includes(type));
            byType.set(type, applicable.length ? server.makeAnalyzeRpcFun(PACK_NAME, PACK_VERSION, "mandatory", applicable) : undefined);
        }
        return byType.get(type) as Parameters<typeof call>[0] | undefined;
    };

    const violations: Violation[] = [];
    for (const r of resources) {
        // Like the engine: managed custom resources, not providers, components or reads.
        if (!r.custom || r.op !== "register" || r.type.startsWith("pulumi:providers:")) continue;
        const analyze = analyzerFor(r.type);
        if (!analyze) continue;
        const req = new analyzerPb.AnalyzeRequest();
        req.setType(r.type);
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setProperties(properties(r.inputs));
        req.setOptions(options(r));
        violations.push(...violationsOf(await call(analyze, req), descriptions));
    }

    const stackReq = new analyzerPb.AnalyzeStackRequest();
    stackReq.setResourcesList(resources.map((r) => {
        const res = new analyzerPb.AnalyzerResource();
        res.setType(r.type);
        res.setUrn(r.urn);
        res.setName(r.name);
        res.setProperties(properties(stackProps(r)));
        res.setOptions(options(r));
        if (r.parent) res.setParent(r.parent);
        res.setDependenciesList(r.dependencies ?? []);
        return res;
    }));
    violations.push(...violationsOf(await call(analyzeStack, stackReq), descriptions));
    return violations;
}

/** Whether any violation is mandatory (the preview and `check` exit 1). */
export function hasMandatory(violations: Violation[]): boolean {
    return violations.some((v) => v.enforcementLevel === "mandatory");
}
