/**
 * The validated, defaulted form of `SparkApplicationArgs` (components/sparkApplication.ts): one pure
 * function over plain values ({@link sparkApplicationSettings}, also what the docs read the defaults
 * from), run before any child when the values are known, else when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    APPLICATION_NAME_PATTERN, DEFAULT_EMR_RELEASE_LABEL, ECR_IMAGE_URI_PATTERN, GLUE_METASTORE_PROPERTY,
} from "../vocabulary/emrServerless";
import { Architecture, MaximumCapacity, PreInitializedCapacity, maximumCapacity, preInitializedCapacity, releaseLabel, requireRelease } from "./applicationSettings";
import * as v from "./validation";

/** The default spend cap: four 4 vCPU / 16 GB workers with room for shuffle on disk. */
export const DEFAULT_APPLICATION_CAPACITY: MaximumCapacity = { cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" };

/** CloudWatch Logs retention values (`@pulumi/aws` LogGroup `retentionInDays`, as PutRetentionPolicy takes them; 0 keeps events forever). */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The settings of a SparkApplication, every default applied. */
export interface SparkApplicationSettings {
    releaseLabel: string;
    architecture: Architecture;
    maximumCapacity: MaximumCapacity;
    autoStart: boolean;
    autoStop: boolean;
    idleTimeoutMinutes: number;
    preInitializedCapacity: PreInitializedCapacity;
    /** Only when set: `emr-7.3.0` and later queue jobs by default. */
    scheduler?: { maxConcurrentRuns?: number; queueTimeoutMinutes?: number };
    jobLevelCostAllocation: boolean;
    useGlueDataCatalog: boolean;
    /** The `spark-defaults` classification's properties (the Glue factory class included when asked). */
    sparkDefaults: Record<string, string>;
}

/** The settings fields, plain (what {@link sparkApplicationSettings} takes). */
export type PlainSettingsArgs = {
    releaseLabel?: string; architecture?: string; maximumCapacity?: MaximumCapacity; autoStart?: boolean; autoStop?: boolean; idleTimeoutMinutes?: number;
    preInitializedCapacity?: PreInitializedCapacity; maxConcurrentRuns?: number; queueTimeoutMinutes?: number; jobLevelCostAllocation?: boolean;
    useGlueDataCatalog?: boolean; sparkDefaults?: Record<string, string>;
};

const SPARK_PROPERTY = /^spark\.[A-Za-z0-9._-]+$/;

function bool(field: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") throw new v.ValidationError(field, `must be true or false, got ${JSON.stringify(value)}`);
    return value;
}

/**
 * Validates and defaults the settings; throws a ValidationError naming the field. `hasImage`: a custom
 * image is given (it needs `emr-6.9.0`).
 */
export function sparkApplicationSettings(a: PlainSettingsArgs, field = (f: string) => `args.${f}`, hasImage = false): SparkApplicationSettings {
    const label = releaseLabel(field("releaseLabel"), a.releaseLabel ?? DEFAULT_EMR_RELEASE_LABEL);
    const architecture = v.oneOf(field("architecture"), a.architecture ?? Architecture.ARM64, Object.values(Architecture));
    const max = maximumCapacity(field("maximumCapacity"), a.maximumCapacity ?? DEFAULT_APPLICATION_CAPACITY);
    const autoStop = bool(field("autoStop"), a.autoStop, true);
    const idleTimeoutMinutes = v.integerInRange(field("idleTimeoutMinutes"), a.idleTimeoutMinutes ?? 15, 1, 10080);
    if (!autoStop && a.idleTimeoutMinutes !== undefined) throw new v.ValidationError(field("idleTimeoutMinutes"), `only applies when ${field("autoStop")} is true`);
    const pre = a.preInitializedCapacity === undefined ? {} : preInitializedCapacity(field("preInitializedCapacity"), a.preInitializedCapacity, max, field("maximumCapacity"));
    const scheduler: NonNullable<SparkApplicationSettings["scheduler"]> = {};
    if (a.maxConcurrentRuns !== undefined) scheduler.maxConcurrentRuns = v.integerInRange(field("maxConcurrentRuns"), a.maxConcurrentRuns, 1, 1000);
    if (a.queueTimeoutMinutes !== undefined) scheduler.queueTimeoutMinutes = v.integerInRange(field("queueTimeoutMinutes"), a.queueTimeoutMinutes, 15, 720);
    for (const key of Object.keys(scheduler)) requireRelease(field(key), label, "schedulerConfiguration", "job concurrency and queuing", field("releaseLabel"));
    if (hasImage) requireRelease(field("imageUri"), label, "customImage", "a custom image", field("releaseLabel"));
    const useGlueDataCatalog = bool(field("useGlueDataCatalog"), a.useGlueDataCatalog, false);
    const sparkDefaults: Record<string, string> = {};
    for (const [name, value] of Object.entries(a.sparkDefaults ?? {})) {
        const f = `${field("sparkDefaults")}[${JSON.stringify(name)}]`;
        if (!SPARK_PROPERTY.test(name)) throw new v.ValidationError(f, "must be a Spark property, spark.<name>");
        sparkDefaults[name] = v.requireString(f, value);
    }
    if (useGlueDataCatalog) {
        const given = sparkDefaults[GLUE_METASTORE_PROPERTY.name];
        if (given !== undefined && given !== GLUE_METASTORE_PROPERTY.value) {
            throw new v.ValidationError(`${field("sparkDefaults")}[${JSON.stringify(GLUE_METASTORE_PROPERTY.name)}]`, `conflicts with ${field("useGlueDataCatalog")}, which sets it to ${GLUE_METASTORE_PROPERTY.value}`);
        }
        sparkDefaults[GLUE_METASTORE_PROPERTY.name] = GLUE_METASTORE_PROPERTY.value;
    }
    return {
        releaseLabel: label, architecture, maximumCapacity: max, autoStart: bool(field("autoStart"), a.autoStart, true), autoStop, idleTimeoutMinutes,
        preInitializedCapacity: pre, ...(Object.keys(scheduler).length ? { scheduler } : {}),
        jobLevelCostAllocation: bool(field("jobLevelCostAllocation"), a.jobLevelCostAllocation, false), useGlueDataCatalog, sparkDefaults,
    };
}

/** What the component builds from: the settings, and its optional parts' checked inputs. */
export interface SparkApplicationPlan {
    settings: pulumi.Output<SparkApplicationSettings>;
    imageUri?: pulumi.Output<string>;
    cloudWatch?: { logGroupName: pulumi.Output<string>; retentionInDays: pulumi.Output<number>; kmsKeyArn?: pulumi.Output<string>; runtimeRoleName: pulumi.Output<string> };
}

const IMAGE_URI = ECR_IMAGE_URI_PATTERN;

/** The repository of an image URI. */
export function imageRepositoryName(imageUri: string): string {
    return IMAGE_URI.exec(imageUri)![3];
}

/** Validates {@link SparkApplicationArgs} (the settings, the image, the CloudWatch parts) before any child is registered. */
export function validateSparkApplicationArgs(args: Partial<import("./sparkApplication").SparkApplicationArgs>, name = "application",
    field = (f: string) => `args.${f}`): SparkApplicationPlan {
    if (args.bucketName === undefined) throw new v.ValidationError(field("bucketName"), "is required: job logs go to the resource bucket's logs/");
    v.checkedOptional(args.applicationName, (n) => {
        if (!APPLICATION_NAME_PATTERN.test(String(n))) throw new v.ValidationError(field("applicationName"), `must be 1-64 letters, digits and ._/#-, got ${JSON.stringify(n)}`);
        return n;
    });
    if ((args.subnetIds === undefined) !== (args.securityGroupIds === undefined)) {
        const [given, missing] = args.subnetIds === undefined ? ["securityGroupIds", "subnetIds"] : ["subnetIds", "securityGroupIds"];
        throw new v.ValidationError(field(missing), `is required with ${field(given)}: the application's network takes both`);
    }
    const picked = {
        releaseLabel: args.releaseLabel, architecture: args.architecture, maximumCapacity: args.maximumCapacity, autoStart: args.autoStart, autoStop: args.autoStop,
        idleTimeoutMinutes: args.idleTimeoutMinutes, preInitializedCapacity: args.preInitializedCapacity, maxConcurrentRuns: args.maxConcurrentRuns,
        queueTimeoutMinutes: args.queueTimeoutMinutes, jobLevelCostAllocation: args.jobLevelCostAllocation, useGlueDataCatalog: args.useGlueDataCatalog, sparkDefaults: args.sparkDefaults,
    };
    const settings = v.checked(picked, (plain) => sparkApplicationSettings(plain as PlainSettingsArgs, field, args.imageUri !== undefined));
    const imageUri = v.checkedOptional(args.imageUri, (uri) => {
        if (typeof uri !== "string" || uri.length > 1024 || !IMAGE_URI.test(uri)) {
            throw new v.ValidationError(field("imageUri"), `must be a private ECR image, <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> (or @sha256:<digest>), got ${JSON.stringify(uri)}`);
        }
        return uri;
    });
    if (args.manageImageRepositoryPolicy && args.imageUri === undefined) throw new v.ValidationError(field("manageImageRepositoryPolicy"), `only applies with ${field("imageUri")}`);
    return { settings, imageUri, cloudWatch: cloudWatchPlan(args, name, field) };
}

function cloudWatchPlan(args: Partial<import("./sparkApplication").SparkApplicationArgs>, name: string, field: (f: string) => string): SparkApplicationPlan["cloudWatch"] {
    const parts = { cloudWatchLogGroupName: args.cloudWatchLogGroupName, cloudWatchLogRetentionDays: args.cloudWatchLogRetentionDays, cloudWatchLogsKmsKeyArn: args.cloudWatchLogsKmsKeyArn };
    if (!args.cloudWatchLogs) {
        const set = Object.entries(parts).find(([, value]) => value !== undefined);
        if (set) throw new v.ValidationError(field(set[0]), `only applies with ${field("cloudWatchLogs")}: true`);
        return undefined;
    }
    if (args.runtimeRoleName === undefined) throw new v.ValidationError(field("runtimeRoleName"), `is required with ${field("cloudWatchLogs")}: the job runtime role writes the log group's streams`);
    return {
        logGroupName: v.checked(args.cloudWatchLogGroupName ?? `/aws/emr-serverless/${name}`, (n) => {
            if (typeof n !== "string" || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(n)) throw new v.ValidationError(field("cloudWatchLogGroupName"), `must be 1-512 of letters, digits and .-_/#, got ${JSON.stringify(n)}`);
            return n;
        }),
        retentionInDays: v.checked(args.cloudWatchLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, (d) => {
            if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(d)) throw new v.ValidationError(field("cloudWatchLogRetentionDays"), `must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${JSON.stringify(d)}`);
            return d as number;
        }),
        kmsKeyArn: v.checkedOptional(args.cloudWatchLogsKmsKeyArn, (k) => v.kmsKeyArn(field("cloudWatchLogsKmsKeyArn"), k)),
        runtimeRoleName: v.checked(args.runtimeRoleName, (n) => v.iamName(field("runtimeRoleName"), n)),
    };
}
