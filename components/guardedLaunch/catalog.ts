/**
 * The launch catalog in SSM Parameter Store: where profiles and configurations live, what their
 * JSON documents hold, and the checks on their names. One definition, used by the LaunchProfile,
 * LaunchConfiguration and GuardedLauncher components, their IAM documents and the tests.
 *
 *   /emr-dataplane/profiles/<namespace>/<profile>              -> LaunchProfileDocument
 *   /emr-dataplane/configurations/<namespace>/<configuration>  -> LaunchConfigurationDocument
 */
import { CATALOG_ROOT, LAUNCH_PROFILE_KIND } from "../../vocabulary/names";
import type { Architecture, MaximumCapacity } from "../applicationSettings";
import { ValidationError, requireString } from "../validation";
import type { ProfileTenant } from "../../vocabulary/tenants";

export { CATALOG_ROOT };

/** Standard-tier parameters hold at most 4 KB; our documents must fit. */
export const MAX_DOCUMENT_LENGTH = 4096;

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,19}$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,23}$/;

/** A catalog namespace (a team, a product): 1-20 lowercase letters, digits and hyphens. */
export function namespace(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!NAMESPACE.test(v)) throw new ValidationError(field, `must be 1-20 lowercase letters, digits and hyphens, starting with a letter or digit, got ${JSON.stringify(v)}`);
    return v;
}

/** A profile or configuration name: 1-24 lowercase letters, digits and hyphens. */
export function entryName(field: string, value: unknown): string {
    const v = requireString(field, value);
    if (!NAME.test(v)) throw new ValidationError(field, `must be 1-24 lowercase letters, digits and hyphens, starting with a letter or digit, got ${JSON.stringify(v)}`);
    return v;
}

export function profileParameterName(ns: string, name: string): string {
    return `${CATALOG_ROOT}/profiles/${ns}/${name}`;
}

export function configurationParameterName(ns: string, name: string): string {
    return `${CATALOG_ROOT}/configurations/${ns}/${name}`;
}

/**
 * The state machine of one profile+configuration pair: `launch_<namespace>_<profile>_<configuration>`
 * (at most 77 characters; `_` cannot occur in the parts, so two pairs never share a name).
 */
export function launcherName(ns: string, profile: string, configuration: string): string {
    return `launch_${ns}_${profile}_${configuration}`;
}

/** A profile as stored in Parameter Store. Every field is verified at launch, none is trusted. */
export interface LaunchProfileDocument {
    kind: typeof LAUNCH_PROFILE_KIND;
    version: 1;
    namespace: string;
    name: string;
    /** The role job runs execute as. */
    runtimeRoleArn: string;
    /** Where the launcher's application places its network interfaces. */
    network: { subnetIds: string[]; securityGroupIds: string[] };
    /** The resource bucket, and the S3 location job logs are written to (under its `logs/`). */
    bucketName: string;
    logUri: string;
    /** On a shared plane with tenants: the tenant whose jobs this profile launches, and the execution IAM policy every launch passes. */
    tenant?: ProfileTenant;
    /** The key job logs are encrypted with; absent for an SSE-S3 bucket. */
    kmsKeyArn?: string;
}

/** A caller override the configuration allows: a named number within bounds. */
export interface OverrideRule {
    /**
     * What the value sets: a Spark property (for SPARK, `spark.…`, appended as
     * `--conf <property>=<value><unit>`), a Hive property (for HIVE, appended as
     * `--hiveconf <property>=<value><unit>`), or `executionTimeoutMinutes`.
     */
    sets: string;
    /** Smallest allowed value (inclusive). */
    min: number;
    /** Largest allowed value (inclusive). */
    max: number;
    /** Appended to the value of a property, such as `g` for memory sizes. Defaults to `""`. */
    unit?: string;
}

/** The EMR Serverless application type a launch configuration runs on. */
export const ApplicationType = {
    /** Spark jobs (a script or jar entry point). */
    Spark: "SPARK",
    /** Hive jobs (a query file entry point). */
    Hive: "HIVE",
} as const;
export type ApplicationType = (typeof ApplicationType)[keyof typeof ApplicationType];

export { Architecture } from "../applicationSettings";
export type { MaximumCapacity } from "../applicationSettings";

/** A configuration as stored in Parameter Store. */
export interface LaunchConfigurationDocument {
    kind: "emr-dataplane/launch-configuration";
    version: 1;
    namespace: string;
    name: string;
    /** Fixed when the launcher is deployed: the launcher's application is built from it. */
    application: { type: ApplicationType; releaseLabel: string; architecture: Architecture; maximumCapacity: MaximumCapacity };
    /** Read at every launch: what the job run does. */
    job: { entryPoint: string; entryPointArguments: string[]; submitParameters: string; executionTimeoutMinutes: number };
    /** Fixed when the launcher is deployed (compiled into its state machine): what callers may change. */
    allowedOverrides: Record<string, OverrideRule>;
    /** Fixed when the launcher is deployed: environment variable name -> Secrets Manager secret ARN. */
    secrets: Record<string, string>;
}
