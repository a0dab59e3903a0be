/**
 * Input validation shared by the components (which name their `args.*` fields) and
 * the stacks (which name their config keys). Every check throws a {@link ValidationError}
 * whose message starts with the offending field, so one line tells the user what to fix.
 *
 * Checks are synchronous and run before a component registers any child.
 */
import type * as pulumi from "@pulumi/pulumi";
import { UserError } from "../vocabulary/userError";
import { ACCOUNT_ID_PATTERN, isKnownPartition, parseArn, parseKmsKeyArn, parsePrincipalArn, parseRoleArnPattern } from "../vocabulary/arn";
import { REGION_PATTERN, regionProblem } from "../vocabulary/partitions";
import { APPLICATION_ID_PATTERN } from "../vocabulary/emrServerless";
import { BUCKET_NAME_PATTERN, EXTERNAL_ID_CHARACTER, IAM_NAME_PATTERN, SUBNET_ID_PATTERN, VPC_ENDPOINT_ID_PATTERN, VPC_ID_PATTERN } from "../vocabulary/patterns";

/**
 * A bad input value. `field` is the component argument (`args.subnetIds`), stack config key
 * (`emr-dataplane:subnetIds`) or option that holds it. A {@link UserError}: the command line exits
 * 2 with its message, and the Pulumi CLI prints it without a stack trace.
 */
export class ValidationError extends UserError {
    public readonly field: string;
    public readonly problem: string;
    constructor(field: string, problem: string) {
        super(`${field}: ${problem}`);
        this.field = field;
        this.problem = problem;
    }
}

/** True for our own validation errors (duck-typed, so two copies of this module agree). */
export function isValidationError(err: unknown): err is ValidationError {
    return err instanceof Error && err.name === "ValidationError" && typeof (err as any).field === "string";
}

function fail(field: string, problem: string): never {
    throw new ValidationError(field, problem);
}

function show(value: unknown): string {
    return JSON.stringify(value);
}


export function requireString(field: string, value: unknown): string {
    if (typeof value !== "string" || value.length === 0) fail(field, `must be a non-empty string, got ${show(value)}`);
    return value;
}

export function accountId(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!ACCOUNT_ID_PATTERN.test(v)) fail(field, `must be a 12-digit AWS account id, got ${show(v)}`);
    return v;
}

/**
 * An AWS region: listed for its partition in the AWS SDK data the package has (vocabulary/partitions),
 * or, with `allowUnlisted`, any name of a partition's region shape (a region newer than that data).
 * `unlistedHint` tells the user how to allow one.
 */
export function region(field: string, value: unknown, opts: { allowUnlisted?: boolean; unlistedHint?: string } = {}): string {
    const v = requireString(field, value);
    const problem = regionProblem(v, opts.allowUnlisted);
    // A well-shaped name the data does not list may be a region newer than the data: say how to allow it.
    if (problem) fail(field, REGION_PATTERN.test(v) && opts.unlistedHint ? `${problem}; ${opts.unlistedHint}` : problem);
    return v;
}

export function bucketName(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!BUCKET_NAME_PATTERN.test(v) || v.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(v) || v.startsWith("xn--") ||
        v.endsWith("-s3alias") || v.endsWith("--ol-s3")) {
        fail(field, `must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, ` +
            `starting and ending with a letter or digit), got ${show(v)}`);
    }
    return v;
}

export function iamName(field: string, value: unknown, maxLength = 64): string {
    const v = requireString(field, value);
    if (!IAM_NAME_PATTERN.test(v) || v.length > maxLength) {
        fail(field, `must be 1-${maxLength} characters of letters, digits and +=,.@_- (an IAM name), got ${show(v)}`);
    }
    return v;
}

/** A prefix for generated names: lowercase so it also fits bucket names. */
export function namePrefix(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!/^[a-z][a-z0-9-]{0,25}$/.test(v) || v.endsWith("-")) {
        fail(field, `must be 1-26 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, got ${show(v)}`);
    }
    return v;
}

export function externalId(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (v.length < 2 || v.length > 1224) fail(field, `must be 2-1224 characters long (an STS ExternalId), got ${v.length}`);
    // The value is a secret (a shared secret between vendor and customer): say where it breaks the rule, never what it is.
    const characters = [...v];
    const bad = characters.findIndex((c) => !EXTERNAL_ID_CHARACTER.test(c));
    if (bad >= 0) fail(field, `may only contain letters, digits and +=,.@:/-_ (an STS ExternalId); character ${bad + 1} of ${characters.length} is not one of them (the value is secret and not shown)`);
    return v;
}

/** An IAM principal ARN (account root, role or user). Returns the principal's account id. */
export function principalArn(field: string, value: unknown): { arn: string; accountId: string } {
    const v = requireString(field, value);
    const p = parsePrincipalArn(v);
    if (!p || !isKnownPartition(p.partition)) fail(field, `must be an IAM principal ARN (arn:aws:iam::<account>:role/<name>, :user/<name> or :root), got ${show(v)}`);
    return { arn: v, accountId: p.account };
}

/** A customer managed policy's ARN (`arn:aws:iam::<account>:policy/<path/name>`), as a permissions boundary takes. */
export function managedPolicyArn(field: string, value: unknown): string {
    const v = requireString(field, value);
    const p = parseArn(v);
    if (!p || p.service !== "iam" || !isKnownPartition(p.partition) || !ACCOUNT_ID_PATTERN.test(p.account) || !/^policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/.test(p.resource)) {
        fail(field, `must be a managed policy ARN (arn:aws:iam::<account>:policy/<name>), got ${show(v)}`);
    }
    return v;
}

export function roleArn(field: string, value: unknown): string {
    const v = requireString(field, value);
    const p = parsePrincipalArn(v);
    if (!p || p.kind !== "role" || !isKnownPartition(p.partition)) fail(field, `must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>), got ${show(v)}`);
    return v;
}

/**
 * An explicit role ARN, or a name pattern `arn:aws:iam::<account or *>:role/<prefix>*`
 * with a non-empty literal prefix. `*` alone, or a pattern without a name prefix, is refused.
 */
export function roleArnOrPattern(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (v === "*") fail(field, `must name roles explicitly or by a name prefix; "*" would allow assuming any role`);
    const p = parseRoleArnPattern(v);
    if (!p) fail(field, `must be a role ARN or a pattern arn:aws:iam::<account|*>:role/<prefix>*, got ${show(v)}`);
    if (p.wildcard && p.name.replace(/\/$/, "").length === 0) {
        fail(field, `pattern ${show(v)} has no role-name prefix before "*": it would match every role`);
    }
    if (p.account === "*" && !p.wildcard) {
        fail(field, `an explicit role name needs an explicit account id, got ${show(v)}`);
    }
    return v;
}

export function kmsKeyArn(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!parseKmsKeyArn(v)) fail(field, `must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${show(v)}`);
    return v;
}

/** An EMR Serverless application id: 1-64 lowercase letters and digits (such as `00fabcd1234efg09`). */
export function applicationId(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!APPLICATION_ID_PATTERN.test(v)) fail(field, `must be an EMR Serverless application id (1-64 lowercase letters and digits, such as "00fabcd1234efg09"), got ${show(v)}`);
    return v;
}

/**
 * A Glue Data Catalog database name for an IAM grant: 1-255 (Glue API `DatabaseName`) lowercase letters,
 * digits, `_` and `-` — so no IAM wildcard (`*`, `?`) and no ARN separator (`/`, `:`) reaches the grant.
 */
export function glueDatabaseName(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!/^[a-z0-9_][a-z0-9_-]{0,254}$/.test(v)) fail(field, `must be a Glue database name of 1-255 lowercase letters, digits, _ and - (no wildcards), got ${show(v)}`);
    return v;
}

export function vpcId(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!VPC_ID_PATTERN.test(v)) fail(field, `must be a VPC id such as "vpc-0a1b2c3d4e5f60718", got ${show(v)}`);
    return v;
}

export function subnetId(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!SUBNET_ID_PATTERN.test(v)) fail(field, `must be a subnet id such as "subnet-0a1b2c3d4e5f60718", got ${show(v)}`);
    return v;
}

export function vpcEndpointId(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!VPC_ENDPOINT_ID_PATTERN.test(v)) fail(field, `must be a VPC endpoint id such as "vpce-0a1b2c3d4e5f60718", got ${show(v)}`);
    return v;
}

/** An IPv4 CIDR block with a prefix length between `minPrefix` and `maxPrefix`, aligned to it. */
export function cidr(field: string, value: unknown, minPrefix = 16, maxPrefix = 24): string {
    const v = requireString(field, value);
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
    const octets = m ? m.slice(1, 5).map(Number) : [];
    if (!m || octets.some((o) => o > 255) || Number(m[5]) > 32) fail(field, `must be an IPv4 CIDR block such as "10.80.0.0/16", got ${show(v)}`);
    const prefix = Number(m[5]);
    if (prefix < minPrefix || prefix > maxPrefix) fail(field, `prefix length must be between /${minPrefix} and /${maxPrefix}, got /${prefix}`);
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (address % 2 ** (32 - prefix) !== 0) fail(field, `${show(v)} is not aligned to its /${prefix} prefix (host bits are set)`);
    return v;
}

export function integerInRange(field: string, value: unknown, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        fail(field, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
    }
    return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
        fail(field, `must be one of ${allowed.map((a) => show(a)).join(", ")}, got ${show(value)}`);
    }
    return value as T;
}

export function stringList(field: string, value: unknown, each: (field: string, v: unknown) => string,
    opts: { min?: number; unique?: boolean } = {}): string[] {
    if (!Array.isArray(value)) fail(field, `must be a list, got ${show(value)}`);
    const items = value.map((v, i) => each(`${field}[${i}]`, v));
    if (opts.min !== undefined && items.length < opts.min) {
        fail(field, `must list at least ${opts.min} item${opts.min === 1 ? "" : "s"}, got ${items.length}`);
    }
    if (opts.unique !== false) {
        const seen = new Set<string>();
        for (const item of items) {
            if (seen.has(item)) fail(field, `lists ${show(item)} more than once`);
            seen.add(item);
        }
    }
    return items;
}

/**
 * Refuses fields that were replaced, by a table of `field → why` (the first backquoted name in
 * `why` is the replacement, named the way `field` names fields): the component's own table serves
 * its args and the stack config that feeds them alike.
 */
export function refuseReplaced(given: Record<string, unknown>, replaced: Record<string, string>, field: (f: string) => string): void {
    for (const [old, why] of Object.entries(replaced)) {
        if (given[old] !== undefined) fail(field(old), why.replace(/`(\w+)`/, (_, k: string) => `\`${field(k)}\``));
    }
}

/** Exactly one (or, with `allowNone`, at most one) of the named fields may be set. */
export function exclusive(fields: Record<string, unknown>, allowNone = false): string | undefined {
    const set = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k]) => k);
    const names = Object.keys(fields);
    if (set.length > 1) fail(set[0], `conflicts with ${set.slice(1).join(" and ")}: set only one of ${names.join(", ")}`);
    if (set.length === 0 && !allowNone) fail(names[0], `one of ${names.join(", ")} is required`);
    return set[0];
}

/**
 * An S3 access point name, by S3's naming rules for access points of general purpose buckets:
 * 3-50 characters, lowercase letters, digits and hyphens, starting and ending with a letter or
 * digit, not ending in `-s3alias` (reserved for access point aliases). Also DNS-compliant as S3
 * requires: no `--` in the third and fourth characters (reserved for IDNA labels, RFC 5891).
 */
export function accessPointName(field: string, value: unknown): string {
    const v = requireString(field, value);
    const rules = "3-50 lowercase letters, digits and hyphens, starting and ending with a letter or digit";
    if (v.length < 3 || v.length > 50) fail(field, `must be ${rules}; ${show(v)} has ${v.length} characters`);
    if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(v)) fail(field, `must be ${rules} (no uppercase, underscores or periods), got ${show(v)}`);
    if (v.endsWith("-s3alias")) fail(field, `must not end with "-s3alias" (reserved for access point aliases), got ${show(v)}`);
    if (v.slice(2, 4) === "--") fail(field, `must not have "--" as its third and fourth characters (reserved DNS labels), got ${show(v)}`);
    return v;
}

/**
 * An S3 key prefix that names a "folder" for IAM scoping: 1-256 characters of letters, digits and
 * `!_.'()-/`, ending with `/`, not starting with `/`, no empty segment (`//`) and no `*` or `?`
 * (which IAM would read as wildcards).
 */
export function s3KeyPrefix(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (v.length > 256 || !/^[A-Za-z0-9!_.'()-][A-Za-z0-9!_.'()/-]*\/$/.test(v) || v.includes("//") || /(^|\/)\.\.?\//.test(v)) {
        fail(field, `must be a key prefix such as "input/" (1-256 letters, digits and !_.'()-/, ending with "/", no leading "/", "//", "." or ".." segments, no wildcards), got ${show(v)}`);
    }
    return v;
}

/** An S3 access point ARN (`arn:aws:s3:<region>:<account>:accesspoint/<name>`). */
export function accessPointArn(field: string, value: unknown): string {
    const v = requireString(field, value);
    const p = parseArn(v);
    const name = p && /^accesspoint\/(.+)$/.exec(p.resource)?.[1];
    if (!p || !isKnownPartition(p.partition) || p.service !== "s3" || !ACCOUNT_ID_PATTERN.test(p.account) || name === undefined) {
        fail(field, `must be an S3 access point ARN (arn:aws:s3:<region>:<account>:accesspoint/<name>), got ${show(v)}`);
    }
    // Another account's data: its region need only have a region's shape (it may be newer than the package's data).
    region(field, p.region, { allowUnlisted: true });
    accessPointName(field, name);
    return v;
}

/**
 * The Pulumi SDK, loaded when first needed: the command line reads this file's checks (through
 * launcher/options.ts) for commands such as `dataplane check` that never load the SDK, whose load
 * is a good part of their start-up. A component has loaded it already. Kept once found: `require`
 * resolves its request anew on every call (package scope look-ups), ~1 ms of a fleet plane's checks.
 */
let pulumiSdk: typeof import("@pulumi/pulumi") | undefined;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sdk = (): typeof import("@pulumi/pulumi") => (pulumiSdk ??= require("@pulumi/pulumi"));

/**
 * True when `value` holds nothing to wait for: not an Output or a Promise, and (for lists and
 * plain objects) none of its items either. Such a value is checked before any child is registered.
 */
export function isKnown(value: unknown): boolean {
    if (sdk().Output.isInstance(value) || value instanceof Promise) return false;
    if (Array.isArray(value)) return value.every(isKnown);
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isKnown);
    return true;
}

/**
 * Checks an input that may be an Output (a role ARN from another resource, a StackReference
 * output, a secret): a known value now, synchronously, so a bad one fails before any child is
 * registered; a value known only at apply time inside `apply`, with the same check and message.
 * Secrets stay secret. Returns the checked value as an Output.
 */
export function checked<T, R>(value: pulumi.Input<T>, check: (value: pulumi.Unwrap<T>) => R): pulumi.Output<R> {
    if (isKnown(value)) {
        const result = check(value as pulumi.Unwrap<T>);
        return checkOnly ? (ONLY_CHECKED as pulumi.Output<R>) : (sdk().output(result) as pulumi.Output<R>);
    }
    return sdk().output(value).apply((v) => check(v as pulumi.Unwrap<T>)) as pulumi.Output<R>;
}

/** While set (see {@link onlyChecking}), {@link checked} checks a known value and returns {@link ONLY_CHECKED}. */
let checkOnly = false;

/**
 * What {@link checked} returns for a known value while {@link onlyChecking}: no Output (whose
 * promises would settle only when the microtask queue next runs), only `apply`, which a
 * validation may call on what it checked (and which would run its function later, never now).
 */
const ONLY_CHECKED: { apply(f: unknown): unknown } = Object.freeze({ apply: () => ONLY_CHECKED });

/**
 * Runs `validate` — a config reader or `validate…Args`, called only for what it throws — with every
 * check made as always (the same rules, messages and order), but without the Outputs that carry
 * checked values to resources. A fleet validates each row's config this way before any plane runs:
 * those Outputs were most of a row's validation (~0.4 ms of ~0.6) and all of what it left behind.
 * Synchronous, so no other code runs meanwhile. Never for a result that is used.
 */
export function onlyChecking<T>(validate: () => T): void {
    const was = checkOnly;
    checkOnly = true;
    try {
        validate();
    } finally {
        checkOnly = was;
    }
}

/** {@link checked} for an optional input: `undefined` stays `undefined` (no Output). */
export function checkedOptional<T, R>(value: pulumi.Input<T> | undefined, check: (value: pulumi.Unwrap<T>) => R): pulumi.Output<R> | undefined {
    return value === undefined ? undefined : checked(value, check);
}

/** The value itself when it is known now; `undefined` when it is an Output or Promise (checked later by {@link checked}). */
export function knownNow<T>(value: pulumi.Input<T> | undefined): T | undefined {
    return value !== undefined && isKnown(value) ? (value as T) : undefined;
}
