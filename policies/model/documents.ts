/**
 * IAM policy documents as the rules see them: where they live in each resource type, and their
 * statements normalised (JSON string or object in; `Action`/`Resource`/`Principal` as lists,
 * conditions as operator/key/values triples out). Unknown and masked documents are reported as
 * such, never guessed at.
 */
import { ACCOUNT_ID_PATTERN, arn } from "../../vocabulary/arn";
import { MASKED_SECRET, asArray, isUnknown, oneLine, unreadable } from "./values";
import { DocumentRead, DocumentSite, ParsedStatement, Principals } from "./documentTypes";
import { documentSites, holdsDocuments } from "./sites";
import * as statements from "./statements";
import * as wildcard from "./wildcard";

type Props = Record<string, unknown>;

export * from "./documentTypes";
export { DOCUMENT_TYPES, documentSites, typesHolding } from "./sites";

// The functions every rule calls on every statement, re-exported as plain values: a compiled
// `export … from` is a getter, which each call from a rule went through (tens of milliseconds of
// a 10,000-resource check, bench/check.bench.ts).
export const coversAction = statements.coversAction;
export const allows = statements.allows;
export const requiredValues = statements.requiredValues;
export const requiredEntries = statements.requiredEntries;
export const broadTargets = statements.broadTargets;
export const isWildcardOnly = statements.isWildcardOnly;
export const admitsAnyone = statements.admitsAnyone;
export const principalList = statements.principalList;
export const admitsService = statements.admitsService;
export const admitsEmrServerless = statements.admitsEmrServerless;
export const hasWildcard = wildcard.hasWildcard;
export const wildcardMatch = wildcard.wildcardMatch;

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
        if (--retainers === 0 && cache.size > CACHE_LIMIT) {
            // One pass over the oldest: a fresh iterator per deletion walks again past every entry deleted before it.
            let excess = cache.size - CACHE_LIMIT;
            for (const key of cache.keys()) {
                if (excess-- <= 0) break;
                cache.delete(key);
            }
        }
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
            // Most recently used goes last (a Map keeps insertion order); while an analysis retains every
            // document nothing is evicted, and the order need not be kept up on each of its many reads.
            if (retainers === 0) {
                cache.delete(value);
                cache.set(value, cached);
            }
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
                else p.aws.push(ACCOUNT_ID_PATTERN.test(a) ? arn.accountRoot("aws", a) : a);
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
export function readSites(type: string, props: Props): readonly { site: DocumentSite; read: DocumentRead }[] {
    // The engine asks every rule of a resource in turn, and each document rule reads its sites: the
    // last answer first (a 10,000-resource stack asks some 100,000 times, nearly always of the last one).
    if (props === last.props && type === last.type) return last.sites;
    // Most resources of a big stack hold no document (security groups, public access blocks): nothing to keep for them.
    if (!holdsDocuments(type)) return NO_SITES;
    // Every document rule and several stack rules read the same resource's documents: once per properties object.
    let found = sitesRead.get(props);
    if (!found || found.type !== type) {
        found = { type, sites: documentSites(type, props).map((site) => ({ site, read: site.missing ? { status: "missing" as const, problem: site.missing } : readDocument(site.value) })) };
        sitesRead.set(props, found);
    }
    last = { props, type, sites: found.sites };
    return found.sites;
}

const sitesRead = new WeakMap<Props, { type: string; sites: { site: DocumentSite; read: DocumentRead }[] }>();
// Read-only by its type, not frozen: looping over a frozen array leaves the compiler's fast path (./statements.ts).
const NO_SITES: readonly { site: DocumentSite; read: DocumentRead }[] = [];
let last: { props?: Props; type: string; sites: readonly { site: DocumentSite; read: DocumentRead }[] } = { type: "", sites: [] };

/** ARN parsing is the package's one ARN module, the vocabulary's. */
export { accountOf, isAccountRoot } from "../../vocabulary/arn";
