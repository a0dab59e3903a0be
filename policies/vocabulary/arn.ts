// Generated from components/iam/arn.ts by `npm run docs` (the one source of the ARN vocabulary), so that the
// pack folder loads on its own. Edit the original; test/policies/shipping.spec.ts fails while the two differ.
/**
 * The ARN vocabulary: every ARN this package builds or parses goes through this module, so
 * components, input validation, the policy pack, the launcher and the tests agree on one
 * partition-aware definition. Pure functions, no imports: the policy pack can load it alone.
 *
 * Format, from the IAM User Guide ("IAM identifiers", "Amazon Resource Names (ARNs)"):
 * `arn:<partition>:<service>:<region>:<account-id>:<resource>`, where `<resource>` may itself
 * contain `:` and `/`.
 */

/** The AWS partitions this package knows, in the order AWS documents them. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;
export type Partition = (typeof PARTITIONS)[number];

/** A regular-expression source matching exactly one known partition name (a capture group). */
export const PARTITION_PATTERN = `(${PARTITIONS.map((p) => p.replace(/-/g, "\\-")).join("|")})`;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * An AWS region code as the AWS General Reference's "Regions and zones" names them, in every
 * partition: `us-east-1`, `us-gov-west-1`, `us-isob-east-1`, `eu-isoe-west-1`, `cn-north-1`,
 * `eusc-de-east-1`. ASCII only, no spaces: a look-alike letter or a trailing space does not match.
 */
export const REGION_PATTERN = /^(us|eu|ap|sa|ca|me|af|il|mx)(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$|^cn-(north|northwest)-\d$|^eusc-[a-z]{2}-(north|south|east|west|central)-\d$/;

/** The parts of an ARN. `region` and `account` are "" where the service leaves them empty (S3 buckets, IAM). */
export interface ParsedArn {
    partition: string;
    service: string;
    region: string;
    account: string;
    /** Everything after the fifth `:` (`role/path/name`, `accesspoint/name`, `/applications/*`). */
    resource: string;
}

/** Splits an ARN into its parts, or undefined when the text is not an ARN (fewer than six `:`-separated fields). */
export function parseArn(text: string): ParsedArn | undefined {
    if (typeof text !== "string" || !text.startsWith("arn:")) return undefined;
    const parts = text.split(":");
    if (parts.length < 6) return undefined;
    const [, partition, service, region, account] = parts;
    return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** Joins ARN parts back into an ARN. */
export function formatArn(p: ParsedArn): string {
    return `arn:${p.partition}:${p.service}:${p.region}:${p.account}:${p.resource}`;
}

/** The account of an ARN (`arn:aws:iam::111122223333:role/x` → `111122223333`); undefined when it has none or is no ARN. */
export function accountOf(text: string): string | undefined {
    return parseArn(text)?.account || undefined;
}

/** The partition of an ARN, or undefined when it is no ARN. */
export function partitionOfArn(text: string): string | undefined {
    return parseArn(text)?.partition;
}

/** Whether `name` is a partition this package knows. */
export function isKnownPartition(name: string): name is Partition {
    return (PARTITIONS as readonly string[]).includes(name);
}

/**
 * The partition of a region (from the AWS General Reference's "Regions and zones" naming):
 * `cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, `us-iso-*` → `aws-iso`, `us-isob-*` → `aws-iso-b`,
 * `eu-isoe-*` → `aws-iso-e`, `us-isof-*` → `aws-iso-f`, `eusc-*` → `aws-eusc`, else `aws`.
 */
export function partitionOf(region: string): Partition {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    if (region.startsWith("us-isof-")) return "aws-iso-f";
    if (region.startsWith("us-iso-")) return "aws-iso";
    if (region.startsWith("eu-isoe-")) return "aws-iso-e";
    if (region.startsWith("eusc-")) return "aws-eusc";
    return "aws";
}

/** The DNS suffix of a partition's service endpoints (`amazonaws.com`, `amazonaws.com.cn` in China). */
export function dnsSuffixOf(region: string): string {
    return partitionOf(region) === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** Where a plane lives: every ARN we build is scoped to one partition, region and account. */
export interface Scope {
    partition: string;
    region: string;
    accountId: string;
}

/** Builders for every ARN this package writes into a policy or passes to AWS. */
export const arn = {
    bucket: (partition: string, bucket: string) => `arn:${partition}:s3:::${bucket}`,
    objects: (partition: string, bucket: string, prefix = "") => `arn:${partition}:s3:::${bucket}/${prefix}*`,
    role: (partition: string, accountId: string, name: string, path = "/") => `arn:${partition}:iam::${accountId}:role${path}${name}`,
    user: (partition: string, accountId: string, name: string, path = "/") => `arn:${partition}:iam::${accountId}:user${path}${name}`,
    accountRoot: (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:root`,
    accessPoint: (partition: string, region: string, accountId: string, name: string) => `arn:${partition}:s3:${region}:${accountId}:accesspoint/${name}`,
    kmsKey: (partition: string, region: string, accountId: string, keyId: string) => `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`,
    emrApplications: (s: Scope) => `arn:${s.partition}:emr-serverless:${s.region}:${s.accountId}:/applications/*`,
    emrJobRuns: (s: Scope) => `arn:${s.partition}:emr-serverless:${s.region}:${s.accountId}:/applications/*/jobruns/*`,
    ec2: (s: Scope, type: string, id = "*") => `arn:${s.partition}:ec2:${s.region}:${s.accountId}:${type}/${id}`,
    emrServerlessServiceLinkedRole: (s: Scope) =>
        `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless`,
    /** One EMR Serverless application, and every job run of it. */
    emrApplication: (s: Scope, applicationId: string) => `arn:${s.partition}:emr-serverless:${s.region}:${s.accountId}:/applications/${applicationId}`,
    emrApplicationJobRuns: (s: Scope, applicationId: string) => `arn:${s.partition}:emr-serverless:${s.region}:${s.accountId}:/applications/${applicationId}/jobruns/*`,
    stateMachine: (s: Scope, name: string) => `arn:${s.partition}:states:${s.region}:${s.accountId}:stateMachine:${name}`,
    /** Every execution of one state machine. */
    stateMachineExecutions: (s: Scope, stateMachineName: string) => `arn:${s.partition}:states:${s.region}:${s.accountId}:execution:${stateMachineName}:*`,
    /** An SSM parameter by its name (a leading `/` of a hierarchical name is not repeated). */
    ssmParameter: (s: Scope, name: string) => `arn:${s.partition}:ssm:${s.region}:${s.accountId}:parameter/${name.replace(/^\//, "")}`,
    eventsRule: (s: Scope, name: string) => `arn:${s.partition}:events:${s.region}:${s.accountId}:rule/${name}`,
};

/** An IAM principal ARN's parts: `arn:<p>:iam::<account>:root|role/<path+name>|user/<path+name>`. */
export interface ParsedPrincipal {
    partition: string;
    account: string;
    kind: "root" | "role" | "user";
    /** The name without its path (`""` for root). */
    name: string;
}

/** Parses an IAM principal ARN (role, user or account root), or undefined. */
export function parsePrincipalArn(text: string): ParsedPrincipal | undefined {
    const p = parseArn(text);
    if (!p || p.service !== "iam" || p.region !== "" || !ACCOUNT_ID_PATTERN.test(p.account)) return undefined;
    if (p.resource === "root") return { partition: p.partition, account: p.account, kind: "root", name: "" };
    const m = /^(role|user)\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(p.resource);
    return m ? { partition: p.partition, account: p.account, kind: m[1] as "role" | "user", name: m[2] } : undefined;
}

/** Whether an IAM principal ARN is an account root (`arn:<p>:iam::<account>:root`). */
export function isAccountRoot(text: string): boolean {
    return parsePrincipalArn(text)?.kind === "root";
}

/** An S3 access point ARN's parts: `arn:<p>:s3:<region>:<account>:accesspoint/<name>`. */
export interface ParsedAccessPoint {
    partition: string;
    region: string;
    accountId: string;
    name: string;
}

/** Parses an S3 access point ARN, or undefined. */
export function parseAccessPointArn(text: string): ParsedAccessPoint | undefined {
    const p = parseArn(text);
    if (!p || p.service !== "s3" || !p.region || !ACCOUNT_ID_PATTERN.test(p.account)) return undefined;
    const m = /^accesspoint\/([a-z0-9-]+)$/.exec(p.resource);
    return m && isKnownPartition(p.partition) ? { partition: p.partition, region: p.region, accountId: p.account, name: m[1] } : undefined;
}

/** Whether `text` has the shape of an ARN of a known partition (`arn:<partition>:…`, six fields). */
export function isArnOfKnownPartition(text: string): boolean {
    const p = parseArn(text);
    return p !== undefined && isKnownPartition(p.partition);
}

/** A KMS key ARN's parts: `arn:<p>:kms:<region>:<account>:key/<key id>`. */
export interface ParsedKmsKey {
    partition: Partition;
    region: string;
    accountId: string;
    keyId: string;
}

/** Parses a KMS key ARN (a key, not an alias), or undefined. */
export function parseKmsKeyArn(text: string): ParsedKmsKey | undefined {
    const p = parseArn(text);
    if (!p || !isKnownPartition(p.partition) || p.service !== "kms" || !/^[a-z0-9-]+$/.test(p.region) || !ACCOUNT_ID_PATTERN.test(p.account)) return undefined;
    const m = /^key\/([0-9a-zA-Z-]+)$/.exec(p.resource);
    return m ? { partition: p.partition, region: p.region, accountId: p.account, keyId: m[1] } : undefined;
}

/**
 * A role ARN or a role-name pattern, `arn:<p>:iam::<account or *>:role/<path and name prefix>[*]`:
 * `account` is `*` for any account, `wildcard` says whether the name ends in one `*` (a prefix
 * match). A `*` anywhere else is not a pattern this package writes, and gives undefined.
 */
export interface ParsedRolePattern {
    partition: Partition;
    account: string;
    /** Path and name (or name prefix), without the trailing `*`. */
    name: string;
    wildcard: boolean;
}

/** Parses a role ARN or role-name pattern (see {@link ParsedRolePattern}), or undefined. */
export function parseRoleArnPattern(text: string): ParsedRolePattern | undefined {
    const p = parseArn(text);
    if (!p || !isKnownPartition(p.partition) || p.service !== "iam" || p.region !== "") return undefined;
    if (p.account !== "*" && !ACCOUNT_ID_PATTERN.test(p.account)) return undefined;
    const m = /^role\/([\w+=,.@/-]*)(\*?)$/.exec(p.resource);
    return m ? { partition: p.partition, account: p.account, name: m[1], wildcard: m[2] === "*" } : undefined;
}

/**
 * A Secrets Manager secret's full ARN: `arn:<p>:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>`.
 * Secrets Manager API Reference, CreateSecret ("ARN"): the ARN includes the name of the secret
 * followed by six random characters, so a new secret of a deleted one's name gets another ARN.
 */
export interface ParsedSecretArn {
    partition: Partition;
    region: string;
    accountId: string;
    /** The secret's name, without the 6-character suffix Secrets Manager appends. */
    name: string;
}

/** Parses a full (suffixed) Secrets Manager secret ARN, or undefined (a partial ARN without the suffix too). */
export function parseSecretArn(text: string): ParsedSecretArn | undefined {
    const p = parseArn(text);
    if (!p || !isKnownPartition(p.partition) || p.service !== "secretsmanager" || !/^[a-z0-9-]+$/.test(p.region) || !ACCOUNT_ID_PATTERN.test(p.account)) return undefined;
    const m = /^secret:([\w/+=.@-]+)-[A-Za-z0-9]{6}$/.exec(p.resource);
    return m ? { partition: p.partition, region: p.region, accountId: p.account, name: m[1] } : undefined;
}
