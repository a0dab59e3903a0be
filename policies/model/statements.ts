/**
 * What an IAM statement means, the way IAM evaluates it: which actions it covers, which condition
 * values it requires, which principals it admits, which resources it names too broadly.
 */
import { SERVICE } from "../../vocabulary/names";
import { ConditionEntry, ParsedDocument, ParsedStatement, PatternIndex, Principals } from "./documentTypes";
import { serviceName } from "./meaning";
import { hasWildcard, wildcardMatch } from "./wildcard";

/** Whether an Allow/Deny statement covers `action` (`iam:PassRole`), by Action or NotAction, the way IAM evaluates it. */
export function coversAction(statement: ParsedStatement, action: string): boolean {
    // Indexed once per statement, on the statement itself: rules ask a 10,000-resource stack's
    // statements some 360,000 questions. A parsed document is shared by every resource holding its text.
    const index = statement.actionIndex ??= indexPatterns(statement.actions ?? statement.notActions ?? []);
    if (!statement.actions && !statement.notActions) return false;
    const split = splitAction(action);
    // Most questions are about a service the statement does not name (iam:PassRole of an S3 grant).
    const services = index.services;
    if (services && (split.service === undefined || !(isList(services) ? services.includes(split.service) : services.has(split.service)))) return !statement.actions;
    // Verdicts are memoised only for long lists (ReadOnlyAccess): a short one is cheaper to match again
    // than to remember, and rules ask each statement about dozens of actions (the escalation list).
    let found = index.memo?.get(action);
    if (found === undefined) {
        found = statement.actions ? matchesAny(index, split) : !matchesAny(index, split);
        index.memo?.set(action, found);
    }
    return found;
}

const NO_SERVICES: ReadonlyMap<string, string[]> = new Map();

const isList = Array.isArray as (services: ReadonlyMap<string, string[]> | readonly string[]) => services is readonly string[];

function indexPatterns(patterns: string[]): PatternIndex {
    const lowered = patterns.map((p) => p.toLowerCase());
    // Each pattern's literal service part; undefined for a pattern without a colon (`*`) or with a
    // wildcard before it (`s?:Get*`), which is tried against every action.
    const serviceOf = lowered.map((lower) => {
        const colon = lower.indexOf(":");
        const service = colon < 0 ? undefined : lower.slice(0, colon);
        return service === undefined || hasWildcard(service) ? undefined : service;
    });
    const literal = !serviceOf.includes(undefined);
    // A short list is cheaper to try whole than through a map, and to match again than to remember,
    // and its few services are searched as they are (a set per statement was 2.2 MB of a
    // 10,000-resource check's allocation, bench/check.bench.ts).
    if (patterns.length <= 8) return { byService: NO_SERVICES, anyService: lowered, services: literal ? serviceOf as string[] : undefined };
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
    // With every service part literal, the map's keys are the patterns' services.
    return { byService, anyService, services: literal ? byService : undefined, memo: new Map() };
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
    // Indexed loops, not .some() nor for…of (below): rules ask every statement about dozens of actions.
    if (own) for (let i = 0; i < own.length; i++) if (wildcardMatch(own[i], lower)) return true;
    const any = index.anyService;
    for (let i = 0; i < any.length; i++) if (wildcardMatch(any[i], lower)) return true;
    return false;
}

/** Actions the rules ask about (a few dozen names), lower-cased and split once. */
const actionSplits = new Map<string, ActionSplit>();

/**
 * The pack's hot loops over arrays are indexed (`for (let i = 0; …)`), not `for … of`: code the
 * optimising compiler has not reached yet — and much of the pack's runs only once per distinct
 * document, so it stays there for a whole check — steps a `for … of` through the iterator protocol,
 * allocating a result object per item. Those were ~27 of the ~185 MB the 10,000-resource check's
 * analysis allocated (bench/check.bench.ts), all of it for the collector to sweep.
 *
 * The shared lists below are read-only by their type, not frozen: a `for … of` over a frozen array
 * (and `filter`, `some`, …) leaves the optimising compiler's fast path for arrays — an iterator and a
 * result object allocated per loop, about twelve times slower on an empty one — and the rules loop
 * over these some hundreds of thousands of times in a 10,000-resource check.
 */

/** The Allow statements of a document. */
export function allows(document: ParsedDocument): readonly ParsedStatement[] {
    // Asked by most rules of every resource holding the document: one list per document.
    let found = allowed.get(document);
    if (!found) allowed.set(document, (found = document.statements.filter((s) => s.effect === "Allow")));
    return found;
}

const allowed = new WeakMap<ParsedDocument, readonly ParsedStatement[]>();

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
export function broadTargets(s: ParsedStatement, broad: (resource: string) => boolean): readonly string[] {
    if (s.notResources) return [`NotResource ${JSON.stringify(s.notResources)}`];
    let found: string[] | undefined;
    const resources = s.resources;
    if (resources) for (let i = 0; i < resources.length; i++) if (broad(resources[i])) (found ??= []).push(JSON.stringify(resources[i]));
    return found ?? NO_TARGETS;
}

const NO_TARGETS: readonly string[] = [];

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
    return admitsAnyService(statement, services);
}

// Asked of every trust statement by several rules: no set per call (0.9 MB of a 10,000-resource
// check's allocation) and each spelling's name found once (a regular expression's match per call).
function admitsAnyService(statement: ParsedStatement, services: readonly string[]): boolean {
    const admitted = statement.principal?.service;
    if (!admitted) return false;
    for (let i = 0; i < admitted.length; i++) {
        const name = serviceNameOf(admitted[i]);
        for (let j = 0; j < services.length; j++) if (serviceNameOf(services[j]) === name) return true;
    }
    return false;
}

/** Service principals in the spellings the stack's documents use (a few), each named once. */
const serviceNames = new Map<string, string>();
function serviceNameOf(principal: string): string {
    let name = serviceNames.get(principal);
    if (name === undefined) {
        name = serviceName(principal);
        if (serviceNames.size > 10_000) serviceNames.clear();
        serviceNames.set(principal, name);
    }
    return name;
}

/** The restricting condition entries of a statement on `key` (see {@link requiredValues}). */
export function requiredEntries(statement: ParsedStatement, key: string): readonly ConditionEntry[] {
    // Rules ask every statement about several keys, and most statements have no condition at all.
    if (statement.conditions.length === 0) return NO_ENTRIES;
    const lower = lowerKey(key);
    let found: ConditionEntry[] | undefined;
    const conditions = statement.conditions;
    for (let i = 0; i < conditions.length; i++) {
        const c = conditions[i];
        if (c.key === lower && RESTRICTING.has(c.operator)) (found ??= []).push(c);
    }
    return found ?? NO_ENTRIES;
}

const NO_ENTRIES: readonly ConditionEntry[] = [];

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
    return admitsAnyService(statement, EMR_SERVERLESS);
}

const EMR_SERVERLESS: readonly string[] = [SERVICE.emrServerless];
