import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ApplicationType, Architecture, LaunchConfigurationDocument, MAX_DOCUMENT_LENGTH, MaximumCapacity, OverrideRule,
    configurationParameterName, entryName, namespace,
} from "./catalog";
import { parseSecretArn } from "../../vocabulary/arn";
import { customerManagedKey, secretsKmsKeyArn } from "../jobSecret";
import { maximumCapacity as checkedMaximumCapacity, releaseLabel as checkedReleaseLabel, requireRelease } from "../applicationSettings";
import { JOB_ATTEMPTS } from "../../vocabulary/emrServerless";
import * as v from "../validation";

export interface LaunchConfigurationArgs {
    /** Catalog namespace (a team or product): 1-20 lowercase letters, digits and hyphens. Required. */
    namespace: string;
    /** Configuration name within the namespace: 1-24 lowercase letters, digits and hyphens. Required. */
    configurationName: string;
    /** EMR release of the launcher's application, `emr-<major>.<minor>.<patch>` (6.6.0 or later). Required. */
    releaseLabel: string;
    /** `SPARK` or `HIVE`. Defaults to `SPARK`. */
    applicationType?: ApplicationType;
    /** CPU architecture of the workers: `X86_64` or `ARM64` (Graviton, cheaper). Defaults to `X86_64`. */
    architecture?: Architecture;
    /**
     * The most the launcher's application may use at once across all its job runs (the cost
     * ceiling no caller and no parameter edit can raise). Defaults to `{ cpu: "32 vCPU", memory: "128 GB", disk: "500 GB" }`.
     */
    maximumCapacity?: MaximumCapacity;
    /** The job: an S3 URI (`s3://…`), the script or jar (SPARK) or query file (HIVE). Required. */
    entryPoint: pulumi.Input<string>;
    /** Arguments passed to the entry point (SPARK only). Defaults to `[]`. */
    entryPointArguments?: string[];
    /**
     * `spark-submit` parameters (SPARK, e.g. `--conf spark.executor.cores=4`) or Hive CLI
     * parameters (HIVE, e.g. `--hiveconf hive.exec.scratchdir=…`). Required: EMR Serverless
     * refuses an empty value.
     */
    submitParameters: string;
    /** A job run is cancelled after this many minutes (1-10080). Defaults to `720`. */
    executionTimeoutMinutes?: number;
    /**
     * Attempts of a failed job run: EMR Serverless reruns it from the start up to this many times in
     * all (StartJobRun `retryPolicy.maxAttempts`, 1-10; "EMR Serverless Job resiliency": `emr-7.1.0` or
     * later). The job must then be safe to rerun. Defaults to `1` (no rerun).
     */
    jobAttempts?: number;
    /**
     * What callers may override at launch, by the name they use (`[A-Za-z][A-Za-z0-9]*`), each a
     * number within `[min, max]` setting a Spark/Hive property or `executionTimeoutMinutes`.
     * Anything else a caller sends fails the launch. Defaults to `{}` (no overrides).
     */
    allowedOverrides?: Record<string, OverrideRule>;
    /**
     * Secrets Manager secrets the job needs, by environment variable name (`[A-Z_][A-Z0-9_]*`):
     * full secret ARNs (with their 6-character suffix), such as a `JobSecret`'s `secretArn`. The job
     * run's Spark configuration gives the driver and executors each one as an environment variable
     * by reference (`EMR.secret@<ARN>`), which EMR Serverless itself resolves when the job starts
     * running: each secret needs a resource policy admitting EMR Serverless for the launcher's
     * application and a customer managed key (`JobSecret` builds both). Values never enter the
     * state machine's definition, its execution history or GetJobRun. SPARK only. Defaults to `{}`.
     */
    secrets?: Record<string, pulumi.Input<string>>;
    /**
     * ARN of the customer managed KMS key the secrets are encrypted with (a `JobSecret`'s
     * `kmsKeyArn`). Required with `secrets`: EMR Serverless reads only secrets encrypted with a
     * customer managed key, so an AWS managed key (`alias/aws/secretsmanager`, its ARN) is refused.
     */
    secretsKmsKeyArn?: pulumi.Input<string>;
    /** Tags for the parameter. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * A launch configuration: what a job run does (release, type, capacity ceiling, entry point,
 * submit parameters, allowed caller overrides, secret references), published as JSON in SSM
 * Parameter Store at `/emr-dataplane/configurations/<namespace>/<configurationName>`.
 */
export class LaunchConfiguration extends pulumi.ComponentResource {
    /** The catalog namespace. */
    public readonly namespace: string;
    /** The configuration's name within the namespace. */
    public readonly configurationName: string;
    /** Validated settings the launcher fixes at deploy time (application, overrides, secret names). */
    public readonly settings: LaunchConfigurationSettings;
    /** The parameter's name, `/emr-dataplane/configurations/<namespace>/<configurationName>`. */
    public readonly parameterName: string;
    /** The parameter's ARN. */
    public readonly parameterArn: pulumi.Output<string>;
    /** The exact JSON text stored in the parameter (a `LaunchConfigurationDocument`). */
    public readonly documentJson: pulumi.Output<string>;
    /** Secret ARNs by environment variable name (`{}` without secrets). */
    public readonly secretArns: pulumi.Output<Record<string, string>>;
    /** The job's entry point (an S3 URI), as published in the parameter. */
    public readonly entryPoint: pulumi.Output<string>;
    /** The customer managed key of the secrets (checked to be customer managed); `undefined` without secrets. */
    public readonly secretsKmsKeyArn: pulumi.Output<string> | undefined;

    constructor(name: string, args: LaunchConfigurationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:LaunchConfiguration", name, {}, opts);
        const cfg = validateLaunchConfigurationArgs(args);
        this.namespace = cfg.namespace;
        this.configurationName = cfg.configurationName;
        this.settings = cfg;
        this.parameterName = configurationParameterName(cfg.namespace, cfg.configurationName);

        this.secretArns = pulumi.output(args.secrets ?? {}) as pulumi.Output<Record<string, string>>;
        this.secretsKmsKeyArn = args.secretsKmsKeyArn === undefined ? undefined : customerManagedKey(args.secretsKmsKeyArn, "args.secretsKmsKeyArn", { parent: this });
        this.entryPoint = pulumi.output(args.entryPoint);
        this.documentJson = pulumi.all([this.entryPoint, this.secretArns]).apply(([entryPoint, secrets]) =>
            JSON.stringify(launchConfigurationDocument(cfg, entryPoint, secrets)));

        const parameter = new aws.ssm.Parameter(`${name}-parameter`, {
            name: this.parameterName,
            type: "String",
            tier: "Standard",
            insecureValue: this.documentJson,
            description: `EMR Serverless launch configuration ${cfg.namespace}/${cfg.configurationName} (emr-serverless-dataplane)`,
            tags: args.tags,
        }, { parent: this });
        this.parameterArn = parameter.arn;

        this.registerOutputs({ parameterName: this.parameterName, parameterArn: this.parameterArn, documentJson: this.documentJson, secretsKmsKeyArn: this.secretsKmsKeyArn });
    }
}

export function launchConfigurationDocument(cfg: LaunchConfigurationSettings, entryPoint: string, secrets: Record<string, string>): LaunchConfigurationDocument {
    return {
        kind: "emr-dataplane/launch-configuration",
        version: 1,
        namespace: cfg.namespace,
        name: cfg.configurationName,
        application: { type: cfg.applicationType, releaseLabel: cfg.releaseLabel, architecture: cfg.architecture, maximumCapacity: cfg.maximumCapacity },
        job: { entryPoint, entryPointArguments: cfg.entryPointArguments, submitParameters: cfg.submitParameters, executionTimeoutMinutes: cfg.executionTimeoutMinutes },
        allowedOverrides: cfg.allowedOverrides,
        secrets,
    };
}

/** A launch configuration's validated settings, with every default applied. */
export interface LaunchConfigurationSettings {
    /** The catalog namespace. */
    namespace: string;
    /** The configuration's name within the namespace. */
    configurationName: string;
    /** The EMR release, `emr-<major>.<minor>.<patch>`. */
    releaseLabel: string;
    /** `SPARK` or `HIVE`. */
    applicationType: ApplicationType;
    /** `X86_64` or `ARM64`. */
    architecture: Architecture;
    /** The application's capacity ceiling. */
    maximumCapacity: MaximumCapacity;
    /** Arguments passed to the entry point. */
    entryPointArguments: string[];
    /** `spark-submit` or Hive CLI parameters. */
    submitParameters: string;
    /** A job run is cancelled after this many minutes. */
    executionTimeoutMinutes: number;
    /** Attempts of a failed job run (1: no rerun). */
    jobAttempts: number;
    /** What callers may override at launch, by name. */
    allowedOverrides: Record<string, OverrideRule>;
    /** Environment variable names of the secrets (their ARNs may be outputs). */
    secretNames: string[];
}

export const DEFAULT_MAXIMUM_CAPACITY: MaximumCapacity = { cpu: "32 vCPU", memory: "128 GB", disk: "500 GB" };
export const MAX_EXECUTION_TIMEOUT_MINUTES = 10080;

const OVERRIDE_NAME = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
const PROPERTY = { SPARK: /^spark\.[A-Za-z0-9._-]+$/, HIVE: /^[A-Za-z][A-Za-z0-9._-]*$/ };

function s3Uri(field: string, value: unknown): string {
    const uri = v.requireString(field, value);
    if (!/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/.test(uri)) throw new v.ValidationError(field, `must be an S3 object URI such as "s3://bucket/staging/job.py", got ${JSON.stringify(uri)}`);
    return uri;
}

function secretArn(field: string, value: unknown): string {
    const arn = v.requireString(field, value);
    if (!parseSecretArn(arn)) {
        throw new v.ValidationError(field, `must be a full Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>), got ${JSON.stringify(arn)}`);
    }
    return arn;
}

function overrideRule(field: string, value: unknown, type: ApplicationType): OverrideRule {
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new v.ValidationError(field, `must be { sets, min, max, unit? }, got ${JSON.stringify(value)}`);
    const r = value as Record<string, unknown>;
    const unknown = Object.keys(r).filter((k) => !["sets", "min", "max", "unit"].includes(k));
    if (unknown.length > 0) throw new v.ValidationError(`${field}.${unknown[0]}`, "is not an override field (sets, min, max, unit)");
    const sets = v.requireString(`${field}.sets`, r.sets);
    const timeout = sets === "executionTimeoutMinutes";
    if (!timeout && !PROPERTY[type].test(sets)) {
        throw new v.ValidationError(`${field}.sets`, `must be "executionTimeoutMinutes" or a ${type === "SPARK" ? "Spark property (spark.…)" : "Hive property"} of letters, digits and ._-, got ${JSON.stringify(sets)}`);
    }
    for (const bound of ["min", "max"] as const) {
        if (typeof r[bound] !== "number" || !Number.isFinite(r[bound])) throw new v.ValidationError(`${field}.${bound}`, `must be a number, got ${JSON.stringify(r[bound])}`);
    }
    const min = r.min as number;
    const max = r.max as number;
    if (min > max) throw new v.ValidationError(`${field}.min`, `must not exceed ${field}.max (${min} > ${max})`);
    if (timeout) {
        v.integerInRange(`${field}.min`, min, 1, MAX_EXECUTION_TIMEOUT_MINUTES);
        v.integerInRange(`${field}.max`, max, 1, MAX_EXECUTION_TIMEOUT_MINUTES);
        if (r.unit !== undefined) throw new v.ValidationError(`${field}.unit`, "only applies to a property, not to executionTimeoutMinutes");
        return { sets, min, max };
    }
    const unit = r.unit === undefined ? "" : r.unit;
    if (typeof unit !== "string" || !/^[a-z]{0,2}$/.test(unit)) throw new v.ValidationError(`${field}.unit`, `must be at most two lowercase letters such as "g", got ${JSON.stringify(unit)}`);
    return { sets, min, max, ...(unit ? { unit } : {}) };
}

/**
 * Validates and defaults {@link LaunchConfigurationArgs}; throws a {@link v.ValidationError}
 * naming the field, before anything is created. Outputs of other resources (an entry point built
 * from a bucket name, the ARN of a secret created alongside) are taken as those resources give them.
 */
export function validateLaunchConfigurationArgs(args: Partial<LaunchConfigurationArgs>, field = (f: string) => `args.${f}`): LaunchConfigurationSettings {
    const ns = namespace(field("namespace"), args.namespace);
    const configurationName = entryName(field("configurationName"), args.configurationName);
    const releaseLabel = checkedReleaseLabel(field("releaseLabel"), args.releaseLabel);
    const applicationType = v.oneOf(field("applicationType"), args.applicationType ?? ApplicationType.Spark, Object.values(ApplicationType));
    const architecture = v.oneOf(field("architecture"), args.architecture ?? Architecture.X86_64, Object.values(Architecture));
    const maximumCapacity = checkedMaximumCapacity(field("maximumCapacity"), args.maximumCapacity ?? DEFAULT_MAXIMUM_CAPACITY);
    if (args.entryPoint === undefined) throw new v.ValidationError(field("entryPoint"), "is required: the S3 URI of the job's script, jar or query file");
    if (typeof args.entryPoint === "string") s3Uri(field("entryPoint"), args.entryPoint);
    const entryPointArguments = v.stringList(field("entryPointArguments"), args.entryPointArguments ?? [], (f, x) => {
        const s = v.requireString(f, x);
        if (!/\S/.test(s)) throw new v.ValidationError(f, "must contain a non-blank character");
        return s;
    }, { unique: false });
    if (applicationType === "HIVE" && entryPointArguments.length > 0) {
        throw new v.ValidationError(field("entryPointArguments"), "only applies to SPARK; a HIVE job takes its values through submitParameters (--hivevar)");
    }
    const submitParameters = v.requireString(field("submitParameters"), args.submitParameters);
    if (!/\S/.test(submitParameters)) throw new v.ValidationError(field("submitParameters"), "must not be blank: EMR Serverless refuses empty submit parameters");
    const executionTimeoutMinutes = v.integerInRange(field("executionTimeoutMinutes"), args.executionTimeoutMinutes ?? 720, 1, MAX_EXECUTION_TIMEOUT_MINUTES);
    const jobAttempts = v.integerInRange(field("jobAttempts"), args.jobAttempts ?? JOB_ATTEMPTS.default, JOB_ATTEMPTS.min, JOB_ATTEMPTS.max);
    if (jobAttempts > 1) requireRelease(field("jobAttempts"), releaseLabel, "retryPolicy", "the retry policy", field("releaseLabel"));

    const allowedOverrides: Record<string, OverrideRule> = {};
    for (const [name, rule] of Object.entries(args.allowedOverrides ?? {})) {
        if (!OVERRIDE_NAME.test(name)) throw new v.ValidationError(field(`allowedOverrides.${name}`), "override names must be 1-40 letters and digits, starting with a letter (callers send them as JSON keys)");
        allowedOverrides[name] = overrideRule(field(`allowedOverrides.${name}`), rule, applicationType);
    }
    const secretNames = Object.keys(args.secrets ?? {});
    for (const env of secretNames) {
        if (!ENV_NAME.test(env)) throw new v.ValidationError(field(`secrets.${env}`), "secret names are environment variable names: 1-64 of A-Z, 0-9 and _, not starting with a digit");
        const arn = args.secrets![env];
        if (typeof arn === "string") secretArn(field(`secrets.${env}`), arn);
    }
    if (secretNames.length > 0 && applicationType !== "SPARK") {
        throw new v.ValidationError(field("secrets"), "only applies to SPARK: secrets reach the job as Spark driver and executor environment variables");
    }
    if (args.secretsKmsKeyArn !== undefined && secretNames.length === 0) {
        throw new v.ValidationError(field("secretsKmsKeyArn"), `only applies with ${field("secrets")}: it is the key the secrets are encrypted with`);
    }
    if (secretNames.length > 0 && args.secretsKmsKeyArn === undefined) {
        throw new v.ValidationError(field("secretsKmsKeyArn"), `is required with ${field("secrets")}: EMR Serverless reads a secret only when it is encrypted with a customer managed key ` +
            `("Secrets Manager for data protection with EMR Serverless"); give the key the secrets are encrypted with (a JobSecret's kmsKeyArn), not the AWS managed aws/secretsmanager`);
    }
    if (typeof args.secretsKmsKeyArn === "string") secretsKmsKeyArn(field("secretsKmsKeyArn"), args.secretsKmsKeyArn);
    const settings: LaunchConfigurationSettings = {
        namespace: ns, configurationName, releaseLabel, applicationType, architecture, maximumCapacity,
        entryPointArguments, submitParameters, executionTimeoutMinutes, jobAttempts, allowedOverrides, secretNames,
    };
    // The document must fit a standard parameter. Parts that are outputs of other resources count
    // as empty here (AWS refuses an oversized parameter at deploy time anyway).
    const plain = (x: unknown) => (typeof x === "string" ? x : "");
    const estimate = JSON.stringify(launchConfigurationDocument(settings, plain(args.entryPoint),
        Object.fromEntries(secretNames.map((env) => [env, plain(args.secrets![env])])))).length;
    if (estimate > MAX_DOCUMENT_LENGTH) {
        throw new v.ValidationError(field("submitParameters"), `the configuration document would be ${estimate} characters; a standard SSM parameter holds ${MAX_DOCUMENT_LENGTH}: shorten the submit parameters, arguments or overrides`);
    }
    return settings;
}
