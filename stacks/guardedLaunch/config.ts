/**
 * The example launcher project's key table and reader (`emr-launcher:<key>`): everything is
 * checked before anything is registered, and every error names its config key. The data plane's values (runtime role, subnets,
 * security group, bucket) are the ones its stack exports in `controlPlaneMessage`.
 */
import * as pulumi from "@pulumi/pulumi";
import { GuardedLauncherArgs, JobSecretArgs, LaunchProfileArgs, validateJobSecretArgs, validateLaunchProfileArgs } from "../../components";
import * as v from "../../components/validation";
import { ALLOW_UNLISTED_REGION, ConfigTable, readConfig } from "../configTable";

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
    const profile = { ...c.parts.profile, profileName: PROFILE_NAME } as LaunchProfileArgs;
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
    };
}
