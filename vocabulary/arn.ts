/**
 * The ARN vocabulary: every ARN this package builds or parses goes through this module, so
 * components, input validation, the policy pack, the launcher and the tests agree on one
 * partition-aware definition (partitions and regions: ./partitions, the AWS SDK's table). Pure
 * functions, importing only the vocabulary.
 *
 * Format, from the IAM User Guide ("IAM identifiers", "Amazon Resource Names (ARNs)"):
 * `arn:<partition>:<service>:<region>:<account-id>:<resource>`, where `<resource>` may itself
 * contain `:` and `/`.
 */

import { PARTITIONS, PARTITION_PATTERN, Partition, REGION_SHAPE, isKnownPartition } from "./partitions";
import { escapeRegExp } from "./patterns";

export { PARTITIONS, PARTITION_PATTERN, REGION_PATTERN, dnsSuffixOf, isKnownPartition, partitionOf } from "./partitions";
export type { Partition } from "./partitions";

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** An IAM role ARN of a known partition, as a regular-expression source (role paths included). */
export const ROLE_ARN_PATTERN = `^arn:${PARTITION_PATTERN}:iam::\\d{12}:role/[\\w+=,.@/-]+$`;

/** A customer managed IAM policy ARN of a known partition (paths included). */
export const POLICY_ARN_PATTERN = `^arn:${PARTITION_PATTERN}:iam::\\d{12}:policy/[\\w+=,.@/-]+$`;

/**
 * An IAM principal ARN of a known partition: an account root, or a role or user with an optional
 * path. One definition for the stack config (`vendorPrincipalArn`), the pack's `trustedPrincipals`
 * setting and {@link parsePrincipalArn}.
 */
export const PRINCIPAL_ARN_PATTERN = `^arn:${PARTITION_PATTERN}:iam::(\\d{12}):(root|(role|user)/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]+))$`;
const PRINCIPAL_ARN = new RegExp(PRINCIPAL_ARN_PATTERN);

/** What an {@link arnPattern} asks of the region and account fields. */
export interface ArnPatternFields {
    /** `region` (a region of a known partition's shape, the default), `empty` (global services: IAM, S3 buckets, service integrations) or `any` (no colon). */
    region?: "region" | "empty" | "any";
    /** `id` (12 digits, the default), `empty`, `any` (no colon), or a literal such as `aws` (AWS managed policies). */
    account?: "id" | "empty" | "any" | { literal: string };
}

/**
 * An ARN of a known partition as a regular expression: `arn:<partition>:<service>:<region>:<account>:<resource>`,
 * where `resource` is a regular-expression source for everything after the fifth colon (its capture
 * groups are the pattern's first ones; partition, region and account capture nothing). The rules use it
 * for the exact shapes they accept (one state machine, one secret, one parameter under the catalog).
 */
export function arnPattern(service: string, resource: string, fields: ArnPatternFields = {}): RegExp {
    const region = { region: REGION_SHAPE, empty: "", any: "[^:]*" }[fields.region ?? "region"];
    const account = typeof fields.account === "object" ? escapeRegExp(fields.account.literal) : { id: "\\d{12}", empty: "", any: "[^:]*" }[fields.account ?? "id"];
    return new RegExp(`^arn:(?:${PARTITIONS.map(escapeRegExp).join("|")}):${escapeRegExp(service)}:(?:${region}):${account}:${resource}$`);
}

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
    // parseArn's fifth part, found without splitting the ARN: asked of every resource of a big stack.
    if (typeof text !== "string" || !text.startsWith("arn:")) return undefined;
    let start = 3;
    for (let colon = 1; colon < 4; colon++) {
        start = text.indexOf(":", start + 1);
        if (start < 0) return undefined;
    }
    const end = text.indexOf(":", start + 1);
    return end < 0 ? undefined : text.slice(start + 1, end) || undefined;
}

/**
 * The `index`-th colon-separated field of `text` (`arn:aws:s3:::b`, 2 → `s3`), as `text.split(":")[index]`
 * gives it, without splitting: asked of every Resource of every statement of a big stack.
 */
export function arnField(text: string, index: number): string | undefined {
    let start = 0;
    for (let i = 0; i < index; i++) {
        const colon = text.indexOf(":", start);
        if (colon < 0) return undefined;
        start = colon + 1;
    }
    const end = text.indexOf(":", start);
    return text.slice(start, end < 0 ? text.length : end);
}

/** The partition of an ARN, or undefined when it is no ARN. */
export function partitionOfArn(text: string): string | undefined {
    return parseArn(text)?.partition;
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
    /** One object. */
    object: (partition: string, bucket: string, key: string) => `arn:${partition}:s3:::${bucket}/${key}`,
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
    const m = typeof text === "string" ? PRINCIPAL_ARN.exec(text) : null;
    if (!m) return undefined;
    return m[3] === "root" ? { partition: m[1], account: m[2], kind: "root", name: "" } : { partition: m[1], account: m[2], kind: m[4] as "role" | "user", name: m[5] };
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
