/**
 * Patterns judged by what they match, not by how they are spelled. A Resource such as
 * `arn:aws:s3:::*`, `arn:*:s3:::*`, `arn:aws:iam::*:role*` or `arn:aws:kms:?????????:*:*` covers
 * every resource of its type; a condition value such as `*.amazonaws.com` (StringLike) admits
 * every service. Both are decided by matching the pattern against sample values — resource names
 * of every shape the type allows (paths, dots, versions), in every partition, several regions and
 * accounts — with the linear matcher of ./wildcard.
 */
import type { Partition } from "../../vocabulary/partitions";
import { hasWildcard, wildcardMatch } from "./wildcard";

/** A resource type: how its ARN is written, and sample names covering the shapes its names take. */
interface ResourceType {
    arn: (partition: string, region: string, account: string, name: string) => string;
    regional: boolean;
    names: string[];
}

const TYPES = {
    bucket: { regional: false, arn: (p, _r, _a, n) => `arn:${p}:s3:::${n}`, names: ["zq-bucket-1", "a.b-c9", "xk"] },
    object: { regional: false, arn: (p, _r, _a, n) => `arn:${p}:s3:::${n}`, names: ["zq-bucket-1/k", "a.b-c9/dir/x.csv", "xk/y"] },
    accessPoint: { regional: true, arn: (p, r, a, n) => `arn:${p}:s3:${r}:${a}:accesspoint/${n}`, names: ["zq-ap", "q1", "zq-ap/object/k"] },
    key: { regional: true, arn: (p, r, a, n) => `arn:${p}:kms:${r}:${a}:key/${n}`, names: ["1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b", "mrk-0123456789abcdef0123456789abcdef"] },
    role: { regional: false, arn: (p, _r, a, n) => `arn:${p}:iam::${a}:role/${n}`, names: ["zq-role", "path/to/zq-role", "service-role/x"] },
    user: { regional: false, arn: (p, _r, a, n) => `arn:${p}:iam::${a}:user/${n}`, names: ["zq-user", "path/zq-user"] },
    anyIam: { regional: false, arn: (p, _r, a, n) => `arn:${p}:iam::${a}:${n}`, names: ["role/zq-role", "user/zq-user", "policy/zq-p", "root"] },
} satisfies Record<string, ResourceType>;

export type ResourceKind = keyof typeof TYPES;

/** Sample partitions (the vocabulary's names): a pattern matching all of them admits any partition. */
const PARTITIONS: readonly Partition[] = ["aws", "aws-cn", "aws-us-gov"];
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"];
/** Two accounts no one owns: a pattern matching both admits any account. */
const ACCOUNTS = ["123456789012", "998877665544"];

/** coversEveryOf's verdicts, by kind and pattern (no key to build per question). */
const covers = new Map<ResourceKind, Map<string, boolean>>();
let coversSize = 0;

/**
 * Whether `pattern` matches every resource of `kind` in some partition, region and account (every
 * bucket, every role of an account, …). `*`, `**`, `?*`, `arn:*`, a trailing `*` without `/` and
 * wildcards in the partition, service, region or account segments all count when they reach that far.
 */
export function coversEveryOf(pattern: string, kind: ResourceKind): boolean {
    // Without `*` or `?` a pattern matches one ARN, and every kind has several sample names (distinct
    // ARNs): it covers no kind. Most Resources are such exact ARNs; they need no sampling (nor a cache entry).
    if (!hasWildcard(pattern)) return false;
    let ofKind = covers.get(kind);
    if (!ofKind) covers.set(kind, (ofKind = new Map()));
    let found = ofKind.get(pattern);
    if (found === undefined) {
        const type: ResourceType = TYPES[kind];
        // The pattern's own literal partition, region and account are contexts too ("every role of account X").
        const [, partition, , region, account] = pattern.split(":");
        const literal = (x: string | undefined) => (x && !hasWildcard(x) ? [x] : []);
        found = resourcePartCanCover(pattern, kind)
            && [...PARTITIONS, ...literal(partition)].some((p) => (type.regional ? [...REGIONS, ...literal(region)] : [""]).some((r) => [...ACCOUNTS, ...literal(account)].some((a) =>
                type.names.every((n) => wildcardMatch(pattern, type.arn(p, r, a, n))))));
        if (++coversSize > 50_000) {
            for (const m of covers.values()) m.clear();
            coversSize = 1;
        }
        ofKind.set(pattern, found);
    }
    return found;
}

/** Each kind's sample names as the resource part of their ARNs (after the fifth colon: `role/zq-role`). */
const RESOURCE_PARTS = Object.fromEntries(Object.entries(TYPES).map(([kind, type]) =>
    [kind, (type as ResourceType).names.map((n) => (type as ResourceType).arn("aws", "us-east-1", ACCOUNTS[0], n).split(":").slice(5).join(":"))])) as Record<ResourceKind, string[]>;

/**
 * A quick, exact rejection before sampling every context: when the pattern's literal start (up to its
 * first `*`, without `?`) reaches past the fifth colon, every ARN it matches has a resource part
 * starting with what follows that colon — the partition, service, region and account hold no colon.
 * A pattern naming one bucket (`arn:aws:s3:::reports/*`) then cannot cover every bucket, whatever
 * the context. False only when the pattern cannot cover the kind.
 */
function resourcePartCanCover(pattern: string, kind: ResourceKind): boolean {
    const star = pattern.indexOf("*");
    const head = star < 0 ? pattern : pattern.slice(0, star);
    if (head.includes("?")) return true;
    let colon = -1;
    for (let i = 0; i < 5; i++) {
        colon = head.indexOf(":", colon + 1);
        if (colon < 0) return true;
    }
    const resourceHead = head.slice(colon + 1);
    return RESOURCE_PARTS[kind].every((part) => part.startsWith(resourceHead));
}

/**
 * The account an ARN pattern is confined to: its literal 12-digit account segment (whatever the
 * other segments hold), `"*"` when its account segment has a wildcard (any account), or undefined
 * when the ARN has no account (an S3 bucket) or the text is no ARN.
 */
export function patternAccount(pattern: string): string | undefined {
    const parts = pattern.split(":");
    if (parts.length < 6) return hasWildcard(pattern) && pattern.startsWith("arn:") || pattern === "*" ? "*" : undefined;
    const account = parts[4];
    if (hasWildcard(account)) return "*";
    // A wildcard in the partition, service or region does not reach the account: ARN operators match
    // each of the six colon-separated parts on its own ("IAM JSON policy elements: Condition
    // operators", ARN condition operators), so `arn:aws:emr-serverless:*:<account>:…` is that
    // account's, in any region. (Under StringLike a `*` could also take colons; then the literal
    // `:<account>:` must still appear, which no other account's ARN of a real resource holds.)
    return account || undefined;
}

/** Condition operators whose values are patterns (`*`, `?`) rather than literals. */
export function isLikeOperator(operator: string): boolean {
    return /(StringLike|ArnLike|ArnEquals)(IfExists)?$/.test(operator) || /StringNotLike|ArnNotLike/.test(operator);
}

/** Whether a condition value, under `operator`, admits `candidate` (literal, case-insensitive operators, or pattern). */
export function admits(operator: string, value: string, candidate: string): boolean {
    if (isLikeOperator(operator)) return wildcardMatch(value, candidate, /IgnoreCase/.test(operator));
    return /IgnoreCase/.test(operator) ? value.toLowerCase() === candidate.toLowerCase() : value === candidate;
}

/** Real service principals, and one no list knows: a value admitting several of them admits "any service". */
export const SAMPLE_SERVICES = [
    "emr-serverless.amazonaws.com", "states.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "glue.amazonaws.com",
    "serverlessrepo.amazonaws.com", "elasticmapreduce.amazonaws.com", "ecs-tasks.amazonaws.com", "zz-unlisted.amazonaws.com", "zz-unlisted.amazonaws.com.cn",
];

/** The sample services the values of a condition admit. */
export function servicesAdmitted(operator: string, values: string[]): string[] {
    return SAMPLE_SERVICES.filter((svc) => values.some((v) => admits(operator, v, svc)));
}

export { serviceName } from "../../vocabulary/names";
