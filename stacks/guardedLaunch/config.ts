/**
 * The example launcher project's key table and reader (`emr-launcher:<key>`): everything is
 * checked before anything is registered, and every error names its config key. The data plane's values (runtime role, subnets,
 * security group, bucket) are the ones its stack exports in `controlPlaneMessage`.
 */
import * as pulumi from "@pulumi/pulumi";
import { GuardedLauncherArgs, JobSecretArgs, LaunchProfileArgs, validateJobSecretArgs, validateLaunchProfileArgs } from "../../components";
import * as v from "../../components/validation";
import { partitionOfArn } from "../../vocabulary/arn";
import { ALLOW_UNLISTED_REGION, ConfigTable, readConfig } from "../configTable";
import { ProfileTenant, TENANT_ID_PATTERN, TENANT_ID_RULE, executionIamPolicyProblem } from "../../vocabulary/tenants";

export const PROJECT = "emr-launcher";

/** The example's one profile: the data plane's runtime role, network and bucket. */
export const PROFILE_NAME = "default";

/** What the launcher config feeds: the profile, and each launcher's callers. */
export interface LauncherParts {
    profile: LaunchProfileArgs;
    nightly: GuardedLauncherArgs;
    adhoc: GuardedLauncherArgs;
    /** The adhoc configuration's secret. */
    adhocSecret: JobSecretArgs;
}

/** The example launcher project's key table. */
export const LAUNCHER_CONFIG: ConfigTable<LauncherParts> = {
    project: PROJECT,
    keys: [
        { key: "accountId", type: "string",
            description: "The 12-digit account of the data plane; the program refuses credentials for another account. Unset: no check." },
        { key: "namespace", type: "string", feeds: "profile.namespace", default: "analytics",
            description: "Catalog namespace of the profile and configurations: 1-20 lowercase letters, digits and hyphens." },
        { key: "runtimeRoleArn", type: "string", feeds: "profile.runtimeRoleArn", required: true,
            description: "The data plane's job runtime role (its message's `jobRuntimeRoleArn`)." },
        { key: "subnetIds", type: "array", feeds: "profile.subnetIds", required: true,
            description: "The data plane's private subnets (its message's `subnetIds`), at least two." },
        { key: "securityGroupIds", type: "array", feeds: "profile.securityGroupIds", required: true,
            description: "The data plane's security groups (its message's `securityGroups`)." },
        { key: "bucketName", type: "string", feeds: "profile.bucketName", required: true,
            description: "The data plane's resource bucket (its message's `resourceBucket`)." },
        { key: "bucketKmsKeyArn", type: "string", feeds: "profile.kmsKeyArn",
            description: "The resource bucket's KMS key, when it has one. Unset: SSE-S3." },
        { key: "nightlyCallerRoles", type: "array", feeds: "nightly.callerRoleNames",
            description: "Names of the IAM roles allowed to start the nightly launcher. Unset: none may." },
        { key: "adhocCallerRoles", type: "array", feeds: "adhoc.callerRoleNames",
            description: "Names of the IAM roles allowed to start the adhoc launcher (the one with a secret). Unset: none may." },
        { key: "secretsKmsKey", type: "string", feeds: "adhocSecret.kmsKey",
            description: "The KMS key of the adhoc configuration's secret: `create` (a new customer managed key whose policy lets EMR Serverless decrypt through Secrets Manager) or a customer managed key's ARN (its policy must hold that statement). An AWS managed key (`alias/aws/secretsmanager`) is refused: EMR Serverless reads only secrets encrypted with a customer managed key." },
        { key: "tenantId", type: "string",
            description: "On a shared plane with tenants: the tenant whose jobs the launchers start (an id of its message's `tenants`). Every launch passes the tenant's execution IAM policy, and its files are under the tenant's prefixes. Unset: a plane without tenants." },
        { key: "tenantPolicy", type: "string",
            description: "The tenant's execution IAM policy as the plane's message gives it (`tenants[].executionIamPolicy.policy`, minified JSON). With `tenantId`." },
        { key: "tenantPolicyArns", type: "array",
            description: "The tenant's managed execution policy ARNs, when the message gives `policyArns` instead. With `tenantId`." },
        ALLOW_UNLISTED_REGION,
    ],
    derived: { "profile.profileName": "namespace", "profile.logPrefix": "namespace", "adhocSecret.secretName": "namespace" },
};

export interface LauncherStackConfig {
    accountId?: string;
    namespace: string;
    runtimeRoleArn: string;
    subnetIds: string[];
    securityGroupIds: string[];
    bucketName: string;
    bucketKmsKeyArn?: string;
    /** The adhoc secret's key: `create` or a customer managed key's ARN. Unset: JobSecret's default (`create`). */
    secretsKmsKey?: string;
    /** Unset: GuardedLauncher's own default (no caller). */
    nightlyCallerRoles?: string[];
    adhocCallerRoles?: string[];
    /** On a shared plane with tenants: the launchers' tenant and its execution policy. */
    tenant?: ProfileTenant;
}

const key = (k: string) => `${PROJECT}:${k}`;

/** The secret's key as JobSecret checks it (an AWS managed key refused, naming the config key). */
function secretKey(kmsKey: string | undefined, namespace: string, keyOf: (field: string) => string): string | undefined {
    validateJobSecretArgs({ secretName: `${namespace}/metastore-password`, kmsKey }, keyOf);
    return kmsKey;
}

/** Reads the launcher config from a raw `namespace:key → string` map. Throws a ValidationError naming the key. */
export function readLauncherConfig(raw: Record<string, string> = pulumi.runtime.allConfig()): LauncherStackConfig {
    const c = readConfig(LAUNCHER_CONFIG, raw);
    const tenant = tenantOf(c.values);
    const profile = { ...c.parts.profile, profileName: PROFILE_NAME, ...(tenant ? { tenant } : {}) } as LaunchProfileArgs;
    validateLaunchProfileArgs(profile, c.keyOf("profile"));
    // GuardedLauncher checks its callerRoleNames only once its profile and configuration exist;
    // the stack checks them (with the same rule) before anything is registered.
    const callers = (part: "nightly" | "adhoc"): string[] | undefined => {
        const names = c.parts[part]?.callerRoleNames;
        return names === undefined ? undefined : v.stringList(c.keyOf(part)("callerRoleNames"), names, (f, x) => v.iamName(f, x));
    };
    return {
        accountId: c.values.accountId === undefined ? undefined : v.accountId(key("accountId"), c.values.accountId),
        namespace: profile.namespace,
        runtimeRoleArn: profile.runtimeRoleArn as string,
        subnetIds: profile.subnetIds as string[],
        securityGroupIds: profile.securityGroupIds as string[],
        bucketName: profile.bucketName as string,
        bucketKmsKeyArn: profile.kmsKeyArn as string | undefined,
        secretsKmsKey: secretKey(c.parts.adhocSecret?.kmsKey as string | undefined, profile.namespace, c.keyOf("adhocSecret")),
        nightlyCallerRoles: callers("nightly"),
        adhocCallerRoles: callers("adhoc"),
        ...(tenant ? { tenant } : {}),
    };
}

/** `tenantId` with its policy (`tenantPolicy` and/or `tenantPolicyArns`), checked and named by key; undefined without `tenantId`. */
function tenantOf(values: Record<string, any>): ProfileTenant | undefined {
    const { tenantId, tenantPolicy, tenantPolicyArns } = values;
    if (tenantId === undefined) {
        const stray = tenantPolicy !== undefined ? "tenantPolicy" : tenantPolicyArns !== undefined ? "tenantPolicyArns" : undefined;
        if (stray) throw new v.ValidationError(key(stray), `only applies with ${key("tenantId")}: the tenant the policy is for`);
        return undefined;
    }
    if (!TENANT_ID_PATTERN.test(tenantId)) throw new v.ValidationError(key("tenantId"), `must be ${TENANT_ID_RULE}, got ${JSON.stringify(tenantId)}`);
    const executionIamPolicy = { ...(tenantPolicy !== undefined ? { policy: tenantPolicy } : {}), ...(tenantPolicyArns !== undefined ? { policyArns: tenantPolicyArns } : {}) };
    if (tenantPolicy === undefined && tenantPolicyArns === undefined) {
        throw new v.ValidationError(key("tenantPolicy"), `is required with ${key("tenantId")}: the tenant's executionIamPolicy from the plane's message (policy, or policyArns as ${key("tenantPolicyArns")})`);
    }
    const problem = executionIamPolicyProblem(executionIamPolicy);
    if (problem) throw new v.ValidationError(key(tenantPolicy !== undefined ? "tenantPolicy" : "tenantPolicyArns"), problem);
    if (tenantPolicy !== undefined) policyDocumentOf(tenantPolicy, partitionOfArn(String(values.runtimeRoleArn)));
    return { id: tenantId, executionIamPolicy };
}

/**
 * `tenantPolicy` must be what the plane's message gives: an IAM policy document (minified JSON with a
 * `Statement`), every ARN in it of the runtime role's partition. Throws a ValidationError naming the key.
 */
function policyDocumentOf(text: string, partition: string | undefined): void {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new v.ValidationError(key("tenantPolicy"), "must be the tenant's policy as the plane's message gives it (minified JSON of an IAM policy document)");
    }
    if (doc === null || typeof doc !== "object" || !("Statement" in doc)) throw new v.ValidationError(key("tenantPolicy"), "must be an IAM policy document (with a Statement), as the plane's message gives it");
    const strings = (x: unknown): string[] => (typeof x === "string" ? [x] : Array.isArray(x) ? x.flatMap(strings) : x !== null && typeof x === "object" ? Object.values(x).flatMap(strings) : []);
    for (const arn of strings(doc).filter((s) => s.startsWith("arn:"))) {
        const p = partitionOfArn(arn);
        if (partition !== undefined && p !== partition) {
            throw new v.ValidationError(key("tenantPolicy"), `names ${arn}: is an ARN of partition ${p}, but ${key("runtimeRoleArn")} is in partition ${partition}: every ARN of a stack is in its region's partition`);
        }
    }
}
