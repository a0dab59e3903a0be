/**
 * Runs the policy pack over a list of resources without the Pulumi CLI, the way the engine asks
 * it: each rule's own `validateResource` on every managed custom resource of its types with the
 * resource's inputs, then each stack rule's `validateStack` once with every resource's outputs
 * (parents and dependencies as resource objects), with the enforcement levels and settings of a
 * policy-pack config. It calls the rules directly rather than through `@pulumi/policy`'s RPC
 * functions: those deserialise every resource once per rule, which on 10,000 resources cost more
 * than the rules (bench/check.bench.ts). `test/policies/pack.spec.ts` runs the whole pack through
 * the real gRPC server as the Pulumi CLI does; `test/policies/analyze.spec.ts` covers this adapter.
 */
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_ROOT } from "../paths";
import { readJson, shownFile } from "../../files/read";
import { mapItems, mapValues } from "./copyOnChange";
import { RegisteredResource, SECRET_SIG_KEY, isSecretValue } from "../recorded";
import { POLICIES, PolicyConfig, PolicyConfigError, Rule, STACK_MODEL, StackModel, StackRule, accountChecksSkipped, isStackRule, retainingDocuments, ruleConfig, setStackModel, stackModelOfRecords, typesOf, withEnforcement } from "../../policies/pack";
import type { PolicyResource } from "@pulumi/policy";

/** The pack's version: the package's, which the built pack folder's package.json carries (as the Pulumi CLI reads it). */
export const PACK_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version;

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
    /** Enforcement-level overrides and rule settings, as in `pulumi preview --policy-pack-config`. */
    config?: PolicyConfig;
    /** The rules to run. Defaults to the whole pack. */
    policies?: Rule[];
    /**
     * Every property value is plain JSON as a file holds it — no `undefined`, no secret values (a file
     * with no secret signature anywhere in it: engine/check/stackFiles.ts says so) — so the rules are
     * handed the properties as they are, without a walk over every value looking for something to clean.
     */
    plainJson?: boolean;
}

/**
 * Without `undefined` values and with secrets unwrapped (copies only what changes), as the engine
 * hands properties to a policy: a protobuf Struct holds no `undefined`, and `@pulumi/policy`
 * deserialises secrets to their plain values.
 */
function clean<T>(value: T): T {
    if (isSecretValue(value)) return clean(value.value) as T;
    if (Array.isArray(value)) return mapItems(value, clean) as T;
    if (!value || typeof value !== "object") return value;
    return mapValues(value as Record<string, unknown>, clean, true) as T;
}

/**
 * The state the stack policies see: outputs, falling back to inputs for keys a plan has no output
 * for yet — cleaned. A resource with no outputs (a plan's new resources, or a file that records
 * none) shows its inputs as they are: the very object the resource rules were given, whose
 * documents are read already.
 */
function stackProps(r: RegisteredResource, cleanInputs: (r: RegisteredResource) => Record<string, unknown>): Record<string, unknown> {
    if (!r.custom) return clean(r.outputs);
    for (const _ in r.outputs) {
        // Inputs the resource rules found clean already and clean outputs merge into a clean object:
        // only the outputs are walked again (a big export's roles and policies all have outputs).
        const inputs = cleanInputs(r);
        if (inputs === r.inputs && !(SECRET_SIG_KEY in inputs) && !(SECRET_SIG_KEY in r.outputs) && clean(r.outputs) === r.outputs) return { ...inputs, ...r.outputs };
        return clean({ ...r.inputs, ...r.outputs });
    }
    return cleanInputs(r);
}

/** {@link stackProps} of plain JSON properties (nothing to clean): the same objects, or the same merge. */
function plainStackProps(r: RegisteredResource): Record<string, unknown> {
    if (!r.custom) return r.outputs;
    for (const _ in r.outputs) return { ...r.inputs, ...r.outputs };
    return r.inputs;
}

/** The inputs the resource rules see, cleaned once per resource and analysis (the stack rules may see the same object); as they are when `plainJson`. */
function cleanedInputs(plainJson: boolean | undefined): (r: RegisteredResource) => Record<string, unknown> {
    if (plainJson) return inputsAsTheyAre;
    const cleaned = new Map<RegisteredResource, Record<string, unknown>>();
    return (r) => {
        let found = cleaned.get(r);
        if (!found) cleaned.set(r, (found = clean(r.inputs)));
        return found;
    };
}

const inputsAsTheyAre = (r: RegisteredResource) => r.inputs;

/** A rule's level after the config, as the analyzer reports it (`remediate` runs as mandatory), or undefined when disabled. */
function levelOf(rule: Rule): Level | undefined {
    const level = rule.enforcementLevel ?? "mandatory";
    return level === "disabled" ? undefined : level === "advisory" ? "advisory" : "mandatory";
}

/** What `args.getConfig()` returns for a rule: its settings from the config, over the schema's defaults. */
function configGetter(rule: Rule, config: PolicyConfig | undefined) {
    const settings = ruleConfig(rule, config);
    return <T>() => settings as T;
}

/**
 * Runs the pack over `resources` (as the offline engine records them, or as read from a stack
 * export or preview JSON) and returns every violation, resource checks first.
 */
export function analyzeResources(resources: RegisteredResource[], opts: AnalyzeOptions = {}): Promise<Violation[]> {
    // The stack rules read every document the resource rules read: each is parsed once per analysis.
    const inputs = cleanedInputs(opts.plainJson);
    return retainingDocuments(() => analyze(resources, stackOf(resources, inputs, opts.plainJson), opts, inputs));
}

/**
 * {@link analyzeResources}, and how many account checks the pack could not make (no account of the
 * stack known), counted over the same stack model and the same parsed documents.
 */
export function analyzeWithAccountChecks(resources: RegisteredResource[], opts: AnalyzeOptions = {}): Promise<{ violations: Violation[]; accountChecksNotMade: number }> {
    return retainingDocuments(async () => {
        const inputs = cleanedInputs(opts.plainJson);
        const stack = stackOf(resources, inputs, opts.plainJson);
        const violations = await analyze(resources, stack, opts, inputs);
        return { violations, accountChecksNotMade: accountChecksSkipped(stack.model, opts.config) };
    });
}

async function analyze(resources: RegisteredResource[], stack: StackView, opts: AnalyzeOptions, cleanInputs: (r: RegisteredResource) => Record<string, unknown>): Promise<Violation[]> {
    const policies = withEnforcement(opts.policies ?? POLICIES, opts.config);
    const violations: Violation[] = [];
    // What each rule is called with besides the resource, made once per rule for the whole analysis
    // (as the engine gives a rule one config): its getter, its not-applicable thrower and its reporter,
    // which names the resource being validated (one at a time: each validation ends before the next).
    let current: RegisteredResource | undefined;
    const callers = new Map<ResourceRuleLike, RuleCaller>();
    const callerOf = (rule: ResourceRuleLike): RuleCaller => {
        const level = levelOf(rule)!;
        return {
            rule,
            args: { type: "", props: {}, urn: "", name: "", opts: UNPROTECTED, getConfig: configGetter(rule, opts.config), notApplicable: notApplicable(rule) },
            report: (message: string) => violations.push({ policyName: rule.name, enforcementLevel: level, urn: current!.urn, message, description: rule.description }),
        };
    };
    const byType = new Map<string, RuleCaller[]>();
    const rulesFor = (type: string) => {
        let found = byType.get(type);
        if (!found) {
            const rules = policies.filter((p): p is ResourceRuleLike => !isStackRule(p) && levelOf(p) !== undefined && typesOf(p).includes(type));
            byType.set(type, (found = rules.map((rule) => callers.get(rule) ?? callers.set(rule, callerOf(rule)).get(rule)!)));
        }
        return found;
    };
    for (let k = 0; k < resources.length; k++) {
        const r = resources[k];
        // Like the engine: managed custom resources, not providers, components or reads.
        if (!r.custom || r.op !== "register" || r.type.startsWith("pulumi:providers:")) continue;
        current = r;
        const props = cleanInputs(r);
        const resourceOpts = r.protect ? PROTECTED : UNPROTECTED;
        const callers = rulesFor(r.type);
        for (let i = 0; i < callers.length; i++) {
            // Each rule's arguments object is its own and reused: a validation ends (its promise awaited)
            // before the next begins, and 10,000 resources ask the rules some 100,000 times.
            const { rule, args, report } = callers[i];
            args.type = r.type;
            args.props = props;
            args.urn = r.urn;
            args.name = r.name;
            args.opts = resourceOpts;
            // A rule may answer without a promise (policies/model/rule.ts): wait only when it returns one.
            const pending = (rule.validateResource as (a: unknown, r: unknown) => Promise<void> | void)(args, report);
            if (pending) await pending;
        }
    }
    violations.push(...await analyzeStack(stack, policies.filter(isStackRule), opts.config));
    return violations;
}

interface RuleCaller {
    rule: ResourceRuleLike;
    /** The rule's validation arguments: its getter and not-applicable thrower, and the resource being validated. */
    args: {
        type: string; props: Record<string, unknown>; urn: string; name: string; opts: { protect: boolean };
        getConfig: ReturnType<typeof configGetter>; notApplicable: (reason?: string) => never;
    };
    report: (message: string) => void;
}

// The resource options a rule is shown: shared, as nothing writes them.
const PROTECTED = Object.freeze({ protect: true });
const UNPROTECTED = Object.freeze({ protect: false });

type ResourceRuleLike = Exclude<Rule, StackRule>;

const notApplicable = (rule: Rule) => (reason?: string): never => {
    throw new Error(`${rule.name}: not applicable${reason ? `: ${reason}` : ""}`);
};

/**
 * Runs the stack rules as `@pulumi/policy`'s AnalyzeStack would — each rule's own `validateStack`
 * with every resource (outputs, parent and dependencies as resource objects), skipping disabled
 * rules — but hands them one shared list: the analyzer's RPC function deserialises and proxies every
 * resource once per rule, which on 10,000 resources cost more than the rules themselves. The pack's
 * rules judge the stack's model, handed to them made ({@link STACK_MODEL}); the list is made only for a
 * rule that asks for it. test/policies/pack.spec.ts still runs the whole pack through the real gRPC server.
 */
async function analyzeStack(stack: StackView, rules: StackRule[], config: PolicyConfig | undefined): Promise<Violation[]> {
    const violations: Violation[] = [];
    for (const rule of rules) {
        const level = levelOf(rule);
        if (!level) continue;
        const report = (message: string, urn?: string) => violations.push({ policyName: rule.name, enforcementLevel: level, urn: urn || undefined, message, description: rule.description });
        const args = {
            get resources() { return stack.list(); },
            [STACK_MODEL]: stack.model, getConfig: configGetter(rule, config), stackTags: new Map(), notApplicable: notApplicable(rule),
        };
        await rule.validateStack(args as never, report);
    }
    return violations;
}

/** The stack as the stack rules see it: its model, and (made when first asked) the resource objects of `@pulumi/policy`'s shape. */
interface StackView {
    model: StackModel;
    list: () => PolicyResource[];
}

/**
 * The stack as the stack rules see it (outputs, parents and dependencies), built once per analysis:
 * the model straight from the recorded resources, and `@pulumi/policy`'s resource objects only when
 * a rule asks for them (then with that very model as theirs).
 */
function stackOf(resources: RegisteredResource[], cleanInputs: (r: RegisteredResource) => Record<string, unknown>, plainJson: boolean | undefined): StackView {
    const props = resources.map(plainJson ? plainStackProps : (r) => stackProps(r, cleanInputs));
    const model = stackModelOfRecords(resources, props);
    let list: PolicyResource[] | undefined;
    return {
        model,
        list: () => {
            if (!list) setStackModel((list = policyResourcesOf(resources, props)), model);
            return list;
        },
    };
}

/** The resources as `@pulumi/policy` hands them to a stack rule (outputs `props`, parents and dependencies as resource objects). */
function policyResourcesOf(resources: RegisteredResource[], props: Record<string, unknown>[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const list: PolicyResource[] = resources.map((r, i) => {
        const resource = {
            type: r.type, urn: r.urn, name: r.name, props: props[i], dependencies: [], propertyDependencies: {},
            opts: r.protect ? STACK_PROTECTED : STACK_UNPROTECTED,
            isType: notOfType, asType: asNoType,
        } as unknown as PolicyResource;
        byUrn.set(r.urn, resource);
        return resource;
    });
    resources.forEach((r, i) => {
        if (r.parent && byUrn.has(r.parent)) list[i].parent = byUrn.get(r.parent);
        const dependencies: PolicyResource[] = list[i].dependencies;
        for (const d of r.dependencies ?? []) {
            const found = byUrn.get(d);
            if (found) dependencies.push(found);
        }
    });
    return list;
}

// A stack rule's view of a resource's options, shared by every resource (nothing writes them; the file records only `protect`).
const stackOpts = (protect: boolean) => Object.freeze({ protect, ignoreChanges: Object.freeze([]), aliases: Object.freeze([]), customTimeouts: Object.freeze({}), additionalSecretOutputs: Object.freeze([]) });
const STACK_PROTECTED = stackOpts(true);
const STACK_UNPROTECTED = stackOpts(false);

// What a stack rule's resource answers to isType/asType: the analyzer has no typed resource classes here.
const notOfType = () => false;
const asNoType = () => undefined;

/** `config` with `accounts` added to every rule's `ownAccounts` setting (rules that read settings): the stack's own accounts, learnt elsewhere. */
export function withOwnAccounts(config: PolicyConfig | undefined, accounts: string[]): PolicyConfig | undefined {
    if (accounts.length === 0) return config;
    const out: PolicyConfig = { ...config };
    for (const rule of POLICIES.filter((p) => p.configSchema)) {
        const own = out[rule.name];
        const given: Exclude<PolicyConfig[string], string> = typeof own === "string" ? { enforcementLevel: own } : own ?? {};
        out[rule.name] = { ...given, ownAccounts: [...new Set([...(given.ownAccounts ?? []), ...accounts])] };
    }
    return out;
}

/** Whether any violation is mandatory (the preview and `check` exit 1). */
export function hasMandatory(violations: Violation[]): boolean {
    return violations.some((v) => v.enforcementLevel === "mandatory");
}

/**
 * Reads a policy-pack config file (the format of `pulumi preview --policy-pack-config`) through the
 * package's one reader (files/read.ts: a byte-order mark, UTF-16, size, nesting, and a key written
 * twice — which could turn a rule off — refused naming both places); bad rule names and levels fail here.
 */
export function readPolicyConfig(file: string): PolicyConfig {
    const doc = readJson(file, { error: (shown, problem) => new PolicyConfigError(`${shown}: ${problem}`), what: "a JSON policy config" });
    return checkedPolicyConfig(doc, shownFile(file));
}

/** A parsed policy config, checked: a JSON object of known rule names to levels and settings (`source` names it in errors). */
export function checkedPolicyConfig(doc: unknown, source: string): PolicyConfig {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new PolicyConfigError(`${source}: a policy config is a JSON object of rule names to enforcement levels`);
    withEnforcement(POLICIES, doc as PolicyConfig, source);
    return doc as PolicyConfig;
}


/**
 * The policy config of a stack file, when one sits beside it: `Pulumi.<stack>.policy.json` for
 * `Pulumi.<stack>.yaml` (the same format as `--policy-config`). `dataplane preview` reads it, so a
 * stack that trusts another account's principal says so once, next to its config.
 */
export function policyConfigBeside(stackFile: string): PolicyConfig | undefined {
    const file = stackFile.replace(/\.ya?ml$/, "") + ".policy.json";
    return fs.existsSync(file) ? readPolicyConfig(file) : undefined;
}
