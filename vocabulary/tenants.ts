/**
 * Tenants of a shared data plane: their ids, where their files live in the plane's resource bucket,
 * and the limits of the execution IAM policy every job of theirs runs with. One definition, used by
 * the plane's config, the IAM document builder (components/iam/tenant.ts), the control-plane message,
 * both launchers and the policy pack.
 *
 * Ids: 1-32 lowercase letters, digits and hyphens, starting with a letter or digit. The id is written
 * into S3 ARNs and `s3:prefix` condition values, where `*` and `?` are wildcards (StringLike, ARN
 * matching) and `${…}` is an IAM policy variable ("IAM policy elements: Variables and tags", IAM User
 * Guide): so a tenant id holding any of them could match another tenant's keys. They are refused rather
 * than escaped: a refused id cannot be mis-escaped anywhere it is written.
 * Every prefix ends in `/`, so `acme`'s prefix is not a prefix of `acme2`'s.
 */

/** A tenant id. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** The rule, in words, for error messages and docs. */
export const TENANT_ID_RULE = "1-32 lowercase letters, digits and hyphens, starting with a letter or digit (no `*`, `?` or `${`: they are wildcards and policy variables in IAM)";

/** The folder all tenants' files live in, under each of the bucket's top-level prefixes. */
export const TENANTS_FOLDER = "tenants/";

/** A tenant's three prefixes in the resource bucket, each ending in `/`. */
export interface TenantPrefixes {
    /** Entry points and files staged for the tenant's jobs: `staging/tenants/<id>/`. */
    staging: string;
    /** What the tenant's jobs write: `output/tenants/<id>/`. */
    output: string;
    /** The tenant's job logs: `logs/tenants/<id>/` (so the bucket's `logs/` expiry applies). */
    logs: string;
}

/** Where a tenant's files live, under the bucket's `staging/`, `output/` and `logs/` prefixes. */
export function tenantPrefixes(id: string, layout: { staging: string; output: string; logs: string }): TenantPrefixes {
    if (!TENANT_ID_PATTERN.test(id)) throw new Error(`not a tenant id: ${JSON.stringify(id)}`);
    return {
        staging: `${layout.staging}${TENANTS_FOLDER}${id}/`,
        output: `${layout.output}${TENANTS_FOLDER}${id}/`,
        logs: `${layout.logs}${TENANTS_FOLDER}${id}/`,
    };
}

/**
 * StartJobRun's `executionIamPolicy` ("Execution IAM policy", EMR Serverless User Guide; API type
 * `JobRunExecutionIamPolicy`): `policy` is 1-2,048 characters of U+0020-U+00FF, counted on the string
 * as sent (so it is sent minified); `policyArns` takes up to 10 ARNs. Like STS session policies
 * (STS AssumeRole, `Policy`/`PolicyArns`), managed policies are taken to be in the runtime role's
 * account and the 2,048 characters to be shared by the inline policy and the ARNs: the budget below
 * counts both.
 */
export const EXECUTION_POLICY_LIMITS = {
    maxChars: 2048,
    maxPolicyArns: 10,
    /** The characters the API takes in `policy`. */
    characters: /^[\u0020-\u00ff]+$/,
} as const;

/** A customer managed IAM policy: its largest document, 6,144 characters ("IAM and AWS STS quotas", IAM User Guide; AWS Knowledge Center "How do I increase the default managed policy or character size limit for an IAM role or user?"). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** An execution IAM policy as StartJobRun takes it. */
export interface ExecutionIamPolicy {
    /** The inline policy: minified JSON, 1-2,048 characters of U+0020-U+00FF. */
    policy?: string;
    /** ARNs of customer managed policies in the runtime role's account, at most 10. */
    policyArns?: string[];
}

/** A tenant as a launch profile deploys it: its id and its execution IAM policy. */
export interface ProfileTenant {
    /** The tenant's id. */
    id: string;
    /** The tenant's execution IAM policy, as the plane's message gives it. */
    executionIamPolicy: ExecutionIamPolicy;
}

/** What is wrong with an `executionIamPolicy` value (the API's limits, the shared budget), or undefined when nothing is. */
export function executionIamPolicyProblem(value: unknown): string | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "must be { policy?, policyArns? }";
    const { policy, policyArns, ...rest } = value as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return `has ${Object.keys(rest).join(", ")}: only policy and policyArns`;
    if (policy === undefined && policyArns === undefined) return "must give a policy or policyArns";
    if (policy !== undefined && (typeof policy !== "string" || !EXECUTION_POLICY_LIMITS.characters.test(policy))) return "policy must be 1 or more characters of U+0020-U+00FF (minified JSON)";
    if (policyArns !== undefined && (!Array.isArray(policyArns) || policyArns.length > EXECUTION_POLICY_LIMITS.maxPolicyArns || !policyArns.every((a) => typeof a === "string" && /^arn:[\w-]+:iam::\d{12}:policy\//.test(a)))) {
        return `policyArns must be at most ${EXECUTION_POLICY_LIMITS.maxPolicyArns} IAM policy ARNs`;
    }
    const chars = executionPolicyChars(value as ExecutionIamPolicy);
    if (chars > EXECUTION_POLICY_LIMITS.maxChars) return `is ${chars} characters, more than StartJobRun's ${EXECUTION_POLICY_LIMITS.maxChars}`;
    return undefined;
}

/** The characters an execution policy spends of the shared budget: the inline policy's and every ARN's. */
export function executionPolicyChars(p: ExecutionIamPolicy): number {
    return (p.policy?.length ?? 0) + (p.policyArns ?? []).reduce((n, a) => n + a.length, 0);
}
