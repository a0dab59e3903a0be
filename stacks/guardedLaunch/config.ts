/**
 * Reads and checks the example launcher stack's config (`emr-launcher:<key>`), before anything is
 * registered: every error names its config key. The data plane's values (runtime role, subnets,
 * security group, bucket) are the ones its stack exports in `controlPlaneMessage`.
 */
import * as pulumi from "@pulumi/pulumi";
import { guardedLaunch } from "../../components";
import * as v from "../../components/validation";

export const PROJECT = "emr-launcher";

/** Every config key of the project, its type and meaning (Pulumi.yaml declares the same). */
export const LAUNCHER_CONFIG_KEYS = {
    accountId: { type: "string", description: "The 12-digit account of the data plane; the program refuses credentials for another account. Unset: no check." },
    namespace: { type: "string", description: "Catalog namespace of the profile and configurations. Default: analytics." },
    runtimeRoleArn: { type: "string", description: "The data plane's job runtime role (its message's jobRuntimeRoleArn). Required." },
    subnetIds: { type: "array", description: "The data plane's private subnets (its message's subnetIds). Required." },
    securityGroupIds: { type: "array", description: "The data plane's security groups (its message's securityGroups). Required." },
    bucketName: { type: "string", description: "The data plane's resource bucket (its message's resourceBucket). Required." },
    bucketKmsKeyArn: { type: "string", description: "The resource bucket's KMS key, when it has one. Unset: SSE-S3." },
    nightlyCallerRoles: { type: "array", description: "IAM roles allowed to start the nightly launcher. Default: none." },
    adhocCallerRoles: { type: "array", description: "IAM roles allowed to start the adhoc launcher (the one with a secret). Default: none." },
} as const;

export type LauncherConfigKey = keyof typeof LAUNCHER_CONFIG_KEYS;

export interface LauncherStackConfig {
    accountId?: string;
    namespace: string;
    runtimeRoleArn: string;
    subnetIds: string[];
    securityGroupIds: string[];
    bucketName: string;
    bucketKmsKeyArn?: string;
    nightlyCallerRoles: string[];
    adhocCallerRoles: string[];
}

const key = (k: LauncherConfigKey) => `${PROJECT}:${k}`;

export function readLauncherConfig(raw: Record<string, string> = pulumi.runtime.allConfig()): LauncherStackConfig {
    for (const full of Object.keys(raw)) {
        if (full.startsWith(`${PROJECT}:`) && !(full.slice(PROJECT.length + 1) in LAUNCHER_CONFIG_KEYS)) {
            throw new v.ValidationError(full, `is not a config key of this project (keys: ${Object.keys(LAUNCHER_CONFIG_KEYS).join(", ")})`);
        }
    }
    const text = (k: LauncherConfigKey) => raw[key(k)];
    const list = (k: LauncherConfigKey): string[] | undefined => {
        if (text(k) === undefined) return undefined;
        let parsed: unknown;
        try {
            parsed = JSON.parse(text(k));
        } catch {
            throw new v.ValidationError(key(k), `must be a list, got ${JSON.stringify(text(k))}`);
        }
        return v.stringList(key(k), parsed, v.requireString);
    };
    const required = <T>(k: LauncherConfigKey, value: T | undefined): T => {
        if (value === undefined) throw new v.ValidationError(key(k), `is required: ${LAUNCHER_CONFIG_KEYS[k].description}`);
        return value;
    };
    return {
        accountId: text("accountId") === undefined ? undefined : v.accountId(key("accountId"), text("accountId")),
        namespace: guardedLaunch.namespace(key("namespace"), text("namespace") ?? "analytics"),
        runtimeRoleArn: v.roleArn(key("runtimeRoleArn"), required("runtimeRoleArn", text("runtimeRoleArn"))),
        subnetIds: v.stringList(key("subnetIds"), required("subnetIds", list("subnetIds")), v.subnetId, { min: 2 }),
        securityGroupIds: required("securityGroupIds", list("securityGroupIds")),
        bucketName: v.bucketName(key("bucketName"), required("bucketName", text("bucketName"))),
        bucketKmsKeyArn: text("bucketKmsKeyArn") === undefined ? undefined : v.kmsKeyArn(key("bucketKmsKeyArn"), text("bucketKmsKeyArn")),
        nightlyCallerRoles: v.stringList(key("nightlyCallerRoles"), list("nightlyCallerRoles") ?? [], (f, x) => v.iamName(f, x)),
        adhocCallerRoles: v.stringList(key("adhocCallerRoles"), list("adhocCallerRoles") ?? [], (f, x) => v.iamName(f, x)),
    };
}
