/**
 * IAM policy documents as the rules see them: where they live in each resource type, and their
 * statements normalised (JSON string or object in; `Action`/`Resource`/`Principal` as lists,
 * conditions as operator/key/values triples out). Unknown and masked documents are reported as
 * such, never guessed at.
 */
import { SERVICE } from "../vocabulary/names";
import { MASKED_SECRET, asArray, isUnknown, oneLine, unreadable } from "./values";
import { documentSites } from "./sites";
import { serviceName } from "./meaning";
import { hasWildcard, wildcardMatch } from "./wildcard";

/** What a document governs: an identity's permissions, a role's trust, or a resource's policy. */
/** `resource`: another service's resource policy (a secret, a VPC endpoint, a Lambda function). */
export type DocumentKind = "identity" | "trust" | "bucket" | "key" | "accessPoint" | "resource";

/** One document in one resource: its kind, the property it sits in, and its raw value. */
export interface DocumentSite {
    kind: DocumentKind;
    /** Property path in the resource, e.g. `assumeRolePolicy` or `inlinePolicies[0].policy`. */
    path: string;
    value: unknown;
    /** Why the document is not available (an AWS managed policy the data set does not have), when it is not. */
    missing?: string;
}

type Props = Record<string, unknown>;
export { DOCUMENT_TYPES, documentSites, typesHolding } from "./sites";

/** A principal element, normalised. `any` is `"*"` or `{"AWS": "*"}`. */
export interface Principals {
    any: boolean;
    aws: string[];
    service: string[];
    federated: string[];
    other: string[];
}

export interface ConditionEntry {
    /** The operator as written, e.g. `StringEquals`, `ArnLikeIfExists`, `ForAnyValue:StringLike`. */
    operator: string;
    /** The condition key, lower-cased (IAM compares keys case-insensitively). */
    key: string;
    values: string[];
}

export interface ParsedStatement {
    index: number;
    /** `Statement[2] (Sid PassRuntimeRole)`: how messages name the statement. */
    label: string;
    sid?: string;
    effect: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principal?: Principals;
    notPrincipal?: Principals;
    conditions: ConditionEntry[];
    /** coversAction's index of the Action/NotAction patterns, built on first use (internal). */
    actionIndex?: PatternIndex;
}

export interface ParsedDocument {
    statements: ParsedStatement[];
    /** Shape problems AWS would reject the document for (empty when it is well formed). */
    problems: string[];
}

export type DocumentRead =
    | { status: "ok"; document: ParsedDocument }
    | { status: "unknown" | "secret" }
    | { status: "invalid"; problem: string }
    | { status: "missing"; problem: string };

/**
 * Parsed documents by their text, shared by the rules checking one plan; the least recently used go
 * first, so a fleet's memory stays flat. Least recently used, not oldest: every rule memoises its
 * verdict on the parsed document, so an AWS managed policy attached all over a big stack
 * (ReadOnlyAccess: 3,000 actions) must stay the same object, not be parsed and judged again each time
 * 256 other documents have gone by.
 */
const cache = new Map<string, DocumentRead>();
const CACHE_LIMIT = 256;

/** How many {@link retainingDocuments} calls are running: while any is, nothing is evicted. */
let retainers = 0;

/**
 * Runs `work` (one analysis of one stack) with every document it reads kept until it ends, then
 * lets the cache shrink back to its limit. The stack rules read again every document the resource
 * rules read, after thousands of others: without this, a big stack's documents would each be
 * parsed twice (bench/check.bench.ts). The Pulumi CLI's analyzer, which hands the pack one resource
 * at a time, keeps the least-recently-used limit.
 */
export async function retainingDocuments<T>(work: () => Promise<T>): Promise<T> {
    retainers++;
    try {
        return await work();
    } finally {
        if (--retainers === 0) while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    }
}

/**
 * Reads a document given as JSON text or as an object. Unknown (preview) and masked (secret)
 * documents come back as such; text that is not a policy document comes back invalid.
 */
export function readDocument(value: unknown): DocumentRead {
    if (typeof value === "string") {
        const cached = cache.get(value);
        if (cached) {
            // Most recently used goes last (a Map keeps insertion order).
            cache.delete(value);
            cache.set(value, cached);
            return cached;
        }
        const read = readText(value);
        if (retainers === 0 && cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
        cache.set(value, read);
        return read;
    }
    const blocked = unreadable(value);
    if (blocked) return { status: blocked };
    return parseDocument(value);
}

function readText(text: string): DocumentRead {
    if (isUnknown(text)) return { status: "unknown" };
    if (text === MASKED_SECRET) return { status: "secret" };
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        return { status: "invalid", problem: `is not valid JSON (${oneLine((err as Error).message)})` };
    }
    return parseDocument(parsed);
}

function parseDocument(doc: unknown): DocumentRead {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { status: "invalid", problem: "is not a JSON object with a Statement" };
    const raw = (doc as Props).Statement;
    if (raw === undefined) return { status: "invalid", problem: "has no Statement" };
    const problems: string[] = [];
    const version = (doc as Props).Version;
    if (version !== undefined && version !== "2012-10-17" && version !== "2008-10-17") problems.push(`Version ${JSON.stringify(version)} is not 2012-10-17`);
    const statements: ParsedStatement[] = [];
    const list = asArray(raw);
    for (let index = 0; index < list.length; index++) {
        const s = list[index];
        if (!s || typeof s !== "object" || Array.isArray(s)) problems.push(`Statement[${index}] is not an object`);
        else statements.push(parseStatement(s as Props, index, problems));
    }
    return { status: "ok", document: { statements, problems } };
}

// A big stack holds thousands of documents: the parsers below name the field (`label`: `field`) only in a problem.

function strings(value: unknown, label: string, field: string, problems: string[]): string[] | undefined {
    if (value === undefined) return undefined;
    const list = asArray(value as unknown[]);
    let plain = list.length > 0;
    for (let i = 0; plain && i < list.length; i++) plain = typeof list[i] === "string";
    if (!plain) {
        problems.push(`${label}: ${field} must be a string or a non-empty list of strings`);
        return list.filter((v): v is string => typeof v === "string");
    }
    return list as string[];
}

const TWELVE_DIGITS = /^\d{12}$/;

function parsePrincipal(value: unknown, label: string, field: string, problems: string[]): Principals | undefined {
    if (value === undefined) return undefined;
    const p: Principals = { any: value === "*", aws: [], service: [], federated: [], other: [] };
    if (value === "*") return p;
    if (!value || typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${label}: ${field} must be "*" or an object like {"AWS": …} or {"Service": …}`);
        return p;
    }
    for (const kind of Object.keys(value)) {
        const list = strings((value as Props)[kind], label, `${field}.${kind}`, problems) ?? [];
        if (kind === "AWS") {
            // A bare account id means that account's root.
            for (const a of list) {
                if (a === "*") p.any = true;
                else p.aws.push(TWELVE_DIGITS.test(a) ? `arn:aws:iam::${a}:root` : a);
            }
        } else if (kind === "Service") p.service.push(...list);
        else if (kind === "Federated") p.federated.push(...list);
        else p.other.push(...list.map((x) => `${kind}:${x}`));
    }
    return p;
}

function parseStatement(s: Props, index: number, problems: string[]): ParsedStatement {
    const sid = typeof s.Sid === "string" ? s.Sid : undefined;
    const label = `Statement[${index}]${sid ? ` (Sid ${sid})` : ""}`;
    const effect = typeof s.Effect === "string" ? s.Effect : "";
    if (effect !== "Allow" && effect !== "Deny") problems.push(`${label}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
    const statement: ParsedStatement = {
        index, label, sid, effect,
        actions: strings(s.Action, label, "Action", problems),
        notActions: strings(s.NotAction, label, "NotAction", problems),
        resources: strings(s.Resource, label, "Resource", problems),
        notResources: strings(s.NotResource, label, "NotResource", problems),
        principal: parsePrincipal(s.Principal, label, "Principal", problems),
        notPrincipal: parsePrincipal(s.NotPrincipal, label, "NotPrincipal", problems),
        conditions: [],
        actionIndex: undefined,
    };
    if (!statement.actions === !statement.notActions) problems.push(`${label}: needs exactly one of Action and NotAction`);
    if (statement.resources && statement.notResources) problems.push(`${label}: has both Resource and NotResource`);
    const condition = s.Condition;
    if (condition !== undefined) {
        if (!condition || typeof condition !== "object" || Array.isArray(condition)) {
            problems.push(`${label}: Condition must be an object of operators`);
        } else {
            for (const operator of Object.keys(condition)) {
                const block = (condition as Props)[operator];
                if (!block || typeof block !== "object" || Array.isArray(block)) {
                    problems.push(`${label}: Condition.${operator} must be an object of condition keys`);
                    continue;
                }
                for (const key of Object.keys(block)) {
                    statement.conditions.push({ operator, key: key.toLowerCase(), values: asArray((block as Props)[key] as unknown[]).map(String) });
                }
            }
        }
    }
    return statement;
}

/** The documents of a resource, read. */
export function readSites(type: string, props: Props): { site: DocumentSite; read: DocumentRead }[] {
    // Every document rule and several stack rules read the same resource's documents: once per properties object.
    let found = sitesRead.get(props);
    if (!found || found.type !== type) {
        found = { type, sites: documentSites(type, props).map((site) => ({ site, read: site.missing ? { status: "missing" as const, problem: site.missing } : readDocument(site.value) })) };
        sitesRead.set(props, found);
    }
    return found.sites;
}

const sitesRead = new WeakMap<Props, { type: string; sites: { site: DocumentSite; read: DocumentRead }[] }>();

// ---- statement semantics -------------------------------------------------------------------

export { hasWildcard, wildcardMatch };

/** Whether an Allow/Deny statement covers `action` (`iam:PassRole`), by Action or NotAction, the way IAM evaluates it. */
export function coversAction(statement: ParsedStatement, action: string): boolean {
    // Indexed once per statement, on the statement itself: rules ask a 10,000-resource stack's
    // statements some 360,000 questions. A parsed document is shared by every resource holding its text.
    const index = statement.actionIndex ??= indexPatterns(statement.actions ?? statement.notActions ?? []);
    if (!statement.actions && !statement.notActions) return false;
    const split = splitAction(action);
    // Most questions are about a service the statement does not name (iam:PassRole of an S3 grant).
    if (index.services && (split.service === undefined || !index.services.has(split.service))) return !statement.actions;
    // Verdicts are memoised only for long lists (ReadOnlyAccess): a short one is cheaper to match again
    // than to remember, and rules ask each statement about dozens of actions (the escalation list).
    let found = index.memo?.get(action);
    if (found === undefined) {
        found = statement.actions ? matchesAny(index, split) : !matchesAny(index, split);
        index.memo?.set(action, found);
    }
    return found;
}

/**
 * A statement's action patterns, lower-cased, by their service part: a pattern whose service part is
 * literal (`s3:Get*`) can only match actions of that service, so an action is compared with its own
 * service's patterns and those with a wildcard before the colon (`*`, `s?:Get*`) — not with the
 * 3,000 patterns of ReadOnlyAccess one by one.
 */
interface PatternIndex {
    byService: ReadonlyMap<string, string[]>;
    anyService: string[];
    /** The literal service parts of the patterns; undefined when a pattern's service part has a wildcard (`*`, `s?:Get*`). */
    services?: ReadonlySet<string>;
    /** coversAction's verdicts by action (long lists only). */
    memo?: Map<string, boolean>;
}

const NO_SERVICES: ReadonlyMap<string, string[]> = new Map();

function indexPatterns(patterns: string[]): PatternIndex {
    const lowered = patterns.map((p) => p.toLowerCase());
    // Each pattern's literal service part; undefined for a pattern without a colon (`*`) or with a
    // wildcard before it (`s?:Get*`), which is tried against every action.
    const serviceOf = lowered.map((lower) => {
        const colon = lower.indexOf(":");
        const service = colon < 0 ? undefined : lower.slice(0, colon);
        return service === undefined || hasWildcard(service) ? undefined : service;
    });
    const services = serviceOf.includes(undefined) ? undefined : new Set(serviceOf as string[]);
    // A short list is cheaper to try whole than through a map, and to match again than to remember.
    if (patterns.length <= 8) return { byService: NO_SERVICES, anyService: lowered, services };
    const byService = new Map<string, string[]>();
    const anyService: string[] = [];
    lowered.forEach((lower, i) => {
        const service = serviceOf[i];
        if (service === undefined) anyService.push(lower);
        else {
            const list = byService.get(service);
            if (list) list.push(lower);
            else byService.set(service, [lower]);
        }
    });
    return { byService, anyService, services, memo: new Map() };
}

/** An action lower-cased and split at its colon, once per action name. */
function splitAction(action: string): ActionSplit {
    let split = actionSplits.get(action);
    if (!split) {
        const lower = action.toLowerCase();
        const colon = lower.indexOf(":");
        split = { lower, service: colon < 0 ? undefined : lower.slice(0, colon) };
        if (actionSplits.size > 10_000) actionSplits.clear();
        actionSplits.set(action, split);
    }
    return split;
}

interface ActionSplit {
    lower: string;
    service?: string;
}

/** Whether any indexed pattern matches the action (case-insensitively, as IAM compares actions). */
function matchesAny(index: PatternIndex, { lower, service }: ActionSplit): boolean {
    const own = service === undefined ? undefined : index.byService.get(service);
    // Loops, not .some(): rules ask every statement about dozens of actions, and closures add up.
    if (own) for (const p of own) if (wildcardMatch(p, lower)) return true;
    for (const p of index.anyService) if (wildcardMatch(p, lower)) return true;
    return false;
}

/** Actions the rules ask about (a few dozen names), lower-cased and split once. */
const actionSplits = new Map<string, ActionSplit>();

/** The Allow statements of a document. */
export function allows(document: ParsedDocument): ParsedStatement[] {
    // Asked by most rules of every resource holding the document: one (frozen) list per document.
    let found = allowed.get(document);
    if (!found) allowed.set(document, (found = Object.freeze(document.statements.filter((s) => s.effect === "Allow")) as ParsedStatement[]));
    return found;
}

const allowed = new WeakMap<ParsedDocument, ParsedStatement[]>();

/**
 * Condition operators that restrict a key to the listed values whenever the request is made.
 * `…IfExists` and `ForAllValues:` forms are left out: they pass when the key is absent.
 */
const RESTRICTING = new Set(["StringEquals", "StringLike", "StringEqualsIgnoreCase", "ArnEquals", "ArnLike", "ForAnyValue:StringEquals", "ForAnyValue:StringLike", "ForAnyValue:StringEqualsIgnoreCase", "ForAnyValue:ArnEquals", "ForAnyValue:ArnLike"]);

/**
 * The values a statement requires for condition `key` (with an operator that cannot be
 * satisfied by leaving the key out), or undefined when it does not restrict the key.
 */
export function requiredValues(statement: ParsedStatement, key: string): string[] | undefined {
    const entries = requiredEntries(statement, key);
    if (entries.length === 0) return undefined;
    return entries.length === 1 ? entries[0].values : entries.flatMap((c) => c.values);
}

/**
 * The resources of a statement that `broad` picks, JSON-quoted as messages show them, or its
 * NotResource (which applies to every resource it does not list); empty, and allocated once, when
 * none is picked — rules ask this of every statement, and most name exact resources.
 */
export function broadTargets(s: ParsedStatement, broad: (resource: string) => boolean): string[] {
    if (s.notResources) return [`NotResource ${JSON.stringify(s.notResources)}`];
    let found: string[] | undefined;
    for (const r of s.resources ?? []) if (broad(r)) (found ??= []).push(JSON.stringify(r));
    return found ?? NO_TARGETS;
}

const NO_TARGETS: string[] = Object.freeze([]) as unknown as string[];

/** A value that matches anything (`*`) or almost anything (`?*`, `**`). */
export function isWildcardOnly(value: string): boolean {
    return /^[*?]+$/.test(value) && value.includes("*");
}

/** Whether a statement's principal admits every AWS principal. */
export function admitsAnyone(statement: ParsedStatement): boolean {
    return Boolean(statement.principal?.any || statement.notPrincipal);
}

/** Every principal a statement names, as `AWS:…`, `Service:…`, `Federated:…` or `*`. */
export function principalList(p: Principals | undefined): string[] {
    if (!p) return [];
    return [...(p.any ? ["*"] : []), ...p.aws.map((a) => `AWS:${a}`), ...p.service.map((s) => `Service:${s}`), ...p.federated.map((f) => `Federated:${f}`), ...p.other];
}

/** Whether a statement admits any of these service principals, in any spelling (regional forms, `.amazonaws.com.cn`, case). */
export function admitsService(statement: ParsedStatement, ...services: string[]): boolean {
    const wanted = new Set(services.map(serviceName));
    return Boolean(statement.principal?.service.some((s) => wanted.has(serviceName(s))));
}

/** The restricting condition entries of a statement on `key` (see {@link requiredValues}). */
export function requiredEntries(statement: ParsedStatement, key: string): ConditionEntry[] {
    // Rules ask every statement about several keys, and most statements have no condition at all.
    if (statement.conditions.length === 0) return NO_ENTRIES;
    const lower = lowerKey(key);
    let found: ConditionEntry[] | undefined;
    for (const c of statement.conditions) if (c.key === lower && RESTRICTING.has(c.operator)) (found ??= []).push(c);
    return found ?? NO_ENTRIES;
}

const NO_ENTRIES: ConditionEntry[] = Object.freeze([]) as unknown as ConditionEntry[];

/** Condition keys the rules ask about (a few dozen constants), lower-cased once. */
const lowerKeys = new Map<string, string>();
function lowerKey(key: string): string {
    let lower = lowerKeys.get(key);
    if (lower === undefined) {
        lower = key.toLowerCase();
        if (lowerKeys.size > 10_000) lowerKeys.clear();
        lowerKeys.set(key, lower);
    }
    return lower;
}

/** Whether a statement admits the EMR Serverless service principal. */
export function admitsEmrServerless(statement: ParsedStatement): boolean {
    return admitsService(statement, SERVICE.emrServerless);
}

/** ARN parsing is the package's one ARN module (a copy in ./vocabulary, so the pack loads alone). */
export { accountOf, isAccountRoot } from "../vocabulary/arn";
