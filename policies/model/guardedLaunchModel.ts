/**
 * Launchers as the guarded-launch rules see them: what a Step Functions definition does (the
 * roles it names, the profile parameters it loads, the Lambda functions it invokes), and, for each
 * state machine of the stack, its role, the functions it invokes with their roles, and the runtime
 * role of each launch profile it loads whose parameter is in the same stack.
 */
import { DEFAULT_SETTINGS } from "./settings";
import { LAUNCH_PROFILE_KIND } from "../../vocabulary/names";
import { allows, coversAction, wildcardMatch } from "./documents";
import { RoleView, StackModel, StackResource } from "./stackModel";
import { knownString, oneLine } from "./values";
import { arnPattern } from "../../vocabulary/arn";

export const LAUNCH_TYPES = {
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    lambda: "aws:lambda/function:Function",
    parameter: "aws:ssm/parameter:Parameter",
} as const;


// ---- state machine definitions --------------------------------------------------------------

/** What the rules need from an Amazon States Language definition. */
export interface DefinitionFacts {
    /** Paths of role fields whose value comes from execution data (`RoleArn.$`, `ExecutionRoleArn.$`, a JSONata `{% … %}`). */
    dynamicRoles: string[];
    /** `ExecutionRoleArn` literals, with their paths. */
    executionRoles: { path: string; value: string }[];
    /** Names of the profile parameters (`/emr-dataplane/profiles/…`) its tasks load. */
    profileParameters: string[];
    /** Lambda functions its tasks invoke (name or ARN, as written). */
    functions: string[];
    /** Its EMR Serverless StartJobRun tasks (optimized or AWS SDK integration): the path of each and its `ExecutionIamPolicy` field as written, if any (`ExecutionIamPolicy.$` counts as written). */
    jobStarts: { path: string; executionIamPolicy?: unknown; fromData: boolean }[];
}

export type DefinitionRead = { status: "ok"; facts: DefinitionFacts } | { status: "unknown" } | { status: "invalid"; problem: string };

/** Step Functions' service integrations (`arn:<p>:states:::lambda:invoke`), and Lambda functions themselves. */
const GLOBAL = { region: "empty", account: "empty" } as const;
const LAMBDA_INVOKE = arnPattern("states", "lambda:invoke(\\.waitForTaskToken)?", GLOBAL);
const LAMBDA_FUNCTION = arnPattern("lambda", ".*", { region: "any", account: "any" });
/** A task that starts an EMR Serverless job run ("Create and manage Amazon EMR Serverless applications with Step Functions"; the AWS SDK integration's `aws-sdk:emrserverless:startJobRun`). */
const START_JOB_RUN = arnPattern("states", "(emr-serverless:startJobRun(\\.sync(:2)?)?|aws-sdk:emrserverless:startJobRun)", GLOBAL);
const SSM_GET_PARAMETER = arnPattern("states", "aws-sdk:ssm:getParameter", GLOBAL);
const definitions = new Map<string, DefinitionRead>();

/** Reads a state machine definition (JSON text); unknown until apply and masked values come back unknown. */
export function readDefinition(value: unknown, catalogRoot = DEFAULT_SETTINGS.catalogRoot): DefinitionRead {
    const text = knownString(value);
    if (text === undefined) return { status: "unknown" };
    const key = `${catalogRoot}\n${text}`;
    let read = definitions.get(key);
    if (!read) {
        read = parseDefinition(text, catalogRoot);
        if (definitions.size > 1000) definitions.clear();
        definitions.set(key, read);
    }
    return read;
}

function parseDefinition(text: string, catalogRoot: string): DefinitionRead {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        return { status: "invalid", problem: `is not valid JSON (${oneLine((err as Error).message)})` };
    }
    if (!parsed || typeof parsed !== "object" || typeof (parsed as Record<string, unknown>).States !== "object") return { status: "invalid", problem: "has no States" };
    const facts: DefinitionFacts = { dynamicRoles: [], executionRoles: [], profileParameters: [], functions: [], jobStarts: [] };
    collect(parsed, "", facts, catalogRoot);
    return { status: "ok", facts };
}

function collect(node: unknown, path: string, facts: DefinitionFacts, catalogRoot: string): void {
    if (Array.isArray(node)) return node.forEach((x, i) => collect(x, `${path}[${i}]`, facts, catalogRoot));
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (typeof o.Resource === "string") {
        const params = (o.Parameters ?? o.Arguments ?? {}) as Record<string, unknown>;
        if (LAMBDA_INVOKE.test(o.Resource) && typeof params.FunctionName === "string") facts.functions.push(params.FunctionName);
        else if (LAMBDA_FUNCTION.test(o.Resource)) facts.functions.push(o.Resource);
        if (SSM_GET_PARAMETER.test(o.Resource) && typeof params.Name === "string" && params.Name.startsWith(`${catalogRoot}/profiles/`)) facts.profileParameters.push(params.Name);
        if (START_JOB_RUN.test(o.Resource)) {
            const key = Object.keys(params).find((k) => /^executioniampolicy(\.\$)?$/i.test(k));
            const value = key === undefined ? undefined : params[key];
            const fromData = key !== undefined && (key.endsWith(".$") || (typeof value === "string" && value.trim().startsWith("{%")) || JSON.stringify(value).includes('.$"'));
            facts.jobStarts.push({ path: path || "(root)", executionIamPolicy: value, fromData });
        }
    }
    for (const [key, value] of Object.entries(o)) {
        const at = path ? `${path}.${key}` : key;
        if (/rolearn\.\$$/i.test(key) || (/rolearn$/i.test(key) && typeof value === "string" && value.trim().startsWith("{%"))) facts.dynamicRoles.push(at);
        else if (/^executionrolearn$/i.test(key) && typeof value === "string") facts.executionRoles.push({ path: at, value });
        collect(value, at, facts, catalogRoot);
    }
}

// ---- launchers in the stack -----------------------------------------------------------------

/** A state machine with what it acts through: its role, the Lambda functions it invokes, its profiles' runtime roles. */
export interface LauncherView {
    stateMachine: StackResource;
    label: string;
    facts: DefinitionFacts;
    role?: RoleView;
    functions: { resource: StackResource; label: string; role?: RoleView }[];
    /** Profiles it loads whose parameter is in this stack, with the runtime role each names. */
    profiles: { parameter: string; runtimeRoleArn: string }[];
}

/** The readable identity documents a role holds (inline, RolePolicy, attached Policy). */
export function documentsOf(model: StackModel, role: RoleView) {
    const names = [role.name, role.arn, role.resource.name].filter((n): n is string => !!n);
    return model.documentsHeldBy(names).flatMap((d) => (d.read.status === "ok" ? [{ ...d, document: d.read.document }] : []));
}

function roleWithArn(model: StackModel, arn: string | undefined): RoleView | undefined {
    return model.roleWithArn(arn);
}

export const roleLabel = (r: RoleView) => `role ${r.name ?? r.resource.name}`;

/** Every launch profile document deployed in this stack's parameters (their JSON values), by parameter name. */
export function profileDocuments(model: StackModel): Map<string, Record<string, any>> {
    const docs = new Map<string, Record<string, any>>();
    for (const p of model.ofType(LAUNCH_TYPES.parameter)) {
        const name = knownString(p.props.name);
        try {
            const doc = JSON.parse(knownString(p.props.insecureValue) ?? knownString(p.props.value) ?? "");
            if (name !== undefined && doc?.kind === LAUNCH_PROFILE_KIND) docs.set(name, doc);
        } catch {
            // not a profile
        }
    }
    return docs;
}

/** The runtime role a launch profile parameter of this stack names (its JSON value), by parameter name. */
function profileRuntimeRole(model: StackModel, parameterName: string): string | undefined {
    for (const p of model.ofType(LAUNCH_TYPES.parameter)) {
        if (knownString(p.props.name) !== parameterName) continue;
        try {
            const doc = JSON.parse(knownString(p.props.insecureValue) ?? knownString(p.props.value) ?? "");
            if (doc?.kind === LAUNCH_PROFILE_KIND && typeof doc.runtimeRoleArn === "string") return doc.runtimeRoleArn;
        } catch {
            return undefined;
        }
    }
    return undefined;
}

const launcherViews = new WeakMap<StackModel, Map<string, LauncherView[]>>();

/** Every state machine of the stack whose definition can be read, as a launcher. */
export function launchersOf(model: StackModel, catalogRoot = DEFAULT_SETTINGS.catalogRoot): LauncherView[] {
    let perRoot = launcherViews.get(model);
    if (!perRoot) launcherViews.set(model, (perRoot = new Map()));
    let views = perRoot.get(catalogRoot);
    if (views) return views;
    const lambdas = model.ofType(LAUNCH_TYPES.lambda);
    views = model.ofType(LAUNCH_TYPES.stateMachine).flatMap((stateMachine) => {
        const read = readDefinition(stateMachine.props.definition, catalogRoot);
        if (read.status !== "ok") return [];
        const role = roleWithArn(model, knownString(stateMachine.props.roleArn));
        // What the definition invokes, and what the role may invoke.
        const invocable = role ? documentsOf(model, role).flatMap((d) => allows(d.document).filter((s) => coversAction(s, "lambda:InvokeFunction")).flatMap((s) => s.resources ?? [])) : [];
        const functions = lambdas.filter((f) => {
            const arn = knownString(f.props.arn);
            const name = knownString(f.props.name);
            return read.facts.functions.some((ref) => ref === arn || ref === name || (arn !== undefined && ref.startsWith(`${arn}:`)))
                || (arn !== undefined && invocable.some((pattern) => wildcardMatch(pattern, arn)));
        }).map((resource) => ({ resource, label: `function ${knownString(resource.props.name) ?? resource.name}`, role: roleWithArn(model, knownString(resource.props.role)) }));
        const profiles = read.facts.profileParameters.flatMap((parameter) => {
            const runtimeRoleArn = profileRuntimeRole(model, parameter);
            return runtimeRoleArn ? [{ parameter, runtimeRoleArn }] : [];
        });
        return [{ stateMachine, label: `state machine ${knownString(stateMachine.props.name) ?? stateMachine.name}`, facts: read.facts, role, functions, profiles }];
    });
    perRoot.set(catalogRoot, views);
    return views;
}
