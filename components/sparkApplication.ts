import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Architecture, MaximumCapacity, PreInitializedCapacity } from "./applicationSettings";
import { RESOURCE_BUCKET_PREFIXES } from "./bucketLayout";
import { Scope, customImageRepositoryPolicy, logGroupKeyPolicy, logGroupWriterPolicy, toJson } from "./iam";
import { lookupScope } from "./scope";
import { SparkApplicationPlan, SparkApplicationSettings, imageRepositoryName, validateSparkApplicationArgs } from "./sparkApplicationSettings";

export interface SparkApplicationArgs {
    /** Name of the application: 1-64 letters, digits and `._/#-`. Defaults to a generated name. */
    applicationName?: pulumi.Input<string>;
    /**
     * EMR release: one the user guide lists ("Amazon EMR Serverless release versions"), `emr-6.6.0` to
     * `emr-7.14.0`, `emr-spark-8.0.0` or `emr-spark-8.1.0`. Defaults to `"emr-7.12.0"`.
     */
    releaseLabel?: pulumi.Input<string>;
    /**
     * CPU architecture of the workers. Defaults to `ARM64` (Graviton: lower price per vCPU-hour, "Amazon
     * EMR Serverless architecture options"). Choose `X86_64` for code or native libraries (Python wheels,
     * JNI) built for x86 only, or a custom image built for x86.
     */
    architecture?: pulumi.Input<Architecture>;
    /**
     * The spend cap: the most the application may use at once, across all its job runs and workers
     * (pre-initialized ones included); no worker starts beyond it. Whole vCPUs and GB, with units.
     * Defaults to `{ cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" }` (four 4 vCPU/16 GB workers).
     */
    maximumCapacity?: pulumi.Input<MaximumCapacity>;
    /** Start the application when a job is submitted. Defaults to `true`. */
    autoStart?: pulumi.Input<boolean>;
    /** Stop the application after `idleTimeoutMinutes` without jobs (releasing pre-initialized workers). Defaults to `true`. */
    autoStop?: pulumi.Input<boolean>;
    /** Minutes without jobs before the application stops itself (1-10080). Defaults to `15`. */
    idleTimeoutMinutes?: pulumi.Input<number>;
    /**
     * Workers kept ready while the application is started, for fast job starts: billed all that time,
     * even idle ("Pre-initialized capacity", EMR Serverless User Guide). They count against
     * `maximumCapacity`. Defaults to none.
     */
    preInitializedCapacity?: pulumi.Input<PreInitializedCapacity>;
    /** Subnets of the application's network interfaces (with `securityGroupIds`). Defaults to none: no VPC access. */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups of the application's network interfaces (with `subnetIds`). Defaults to none. */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** The resource bucket: job logs go to its `logs/`. Required. */
    bucketName: pulumi.Input<string>;
    /** The bucket's KMS key ARN: logs written there are encrypted with it. Defaults to none (SSE-S3). */
    bucketKmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Also send the jobs' driver logs to a CloudWatch Logs log group, created here, encrypted with a KMS
     * key whose policy admits CloudWatch Logs for that group only, and kept on `pulumi destroy`.
     * Defaults to `false`.
     */
    cloudWatchLogs?: boolean;
    /** The log group's name (`[.-_/#A-Za-z0-9]`, 1-512). Defaults to `/aws/emr-serverless/<component name>`. */
    cloudWatchLogGroupName?: pulumi.Input<string>;
    /** Days the log group keeps events: a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, …, 3653). Defaults to `30`. */
    cloudWatchLogRetentionDays?: pulumi.Input<number>;
    /** An existing KMS key ARN for the log group; its policy must admit CloudWatch Logs. Defaults to a new key (billed monthly). */
    cloudWatchLogsKmsKeyArn?: pulumi.Input<string>;
    /** Name of the job runtime role: with `cloudWatchLogs`, it gets an inline policy writing the log group's streams. Defaults to none. */
    runtimeRoleName?: pulumi.Input<string>;
    /** Spark properties every job gets unless it sets its own (classification `spark-defaults`). Defaults to `{}`. */
    sparkDefaults?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Use the Glue Data Catalog as the jobs' Hive metastore: sets
     * `spark.hadoop.hive.metastore.client.factory.class` in `spark-defaults`, which jobs started through the
     * SDK need ("Metastore configuration for EMR Serverless"). Grant the catalog on the runtime role
     * (`RuntimeRole`'s Glue databases). Defaults to `false`.
     */
    useGlueDataCatalog?: pulumi.Input<boolean>;
    /** Job runs that run at once; more wait in the queue (1-1000; `emr-7.0.0` or later). Defaults to the service's (15 from `emr-7.3.0`). */
    maxConcurrentRuns?: pulumi.Input<number>;
    /** Minutes a queued job run waits before it is cancelled (15-720; `emr-7.0.0` or later). Defaults to the service's (360 from `emr-7.3.0`). */
    queueTimeoutMinutes?: pulumi.Input<number>;
    /** Report each job run's cost in AWS cost allocation ("Enabling Job Level Cost Allocation"). Defaults to `false`. */
    jobLevelCostAllocation?: pulumi.Input<boolean>;
    /**
     * A custom image from a private ECR repository, `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>`
     * or `@sha256:<digest>` (`emr-6.9.0` or later; its architecture must match). Defaults to none.
     */
    imageUri?: pulumi.Input<string>;
    /**
     * Set the repository policy the user guide requires on the image's repository (in this account):
     * EMR Serverless may pull it for this application only. It replaces the repository's own policy;
     * leave it off and apply `imageRepositoryPolicy` yourself to keep one. Defaults to `false`.
     */
    manageImageRepositoryPolicy?: boolean;
    /** Tags for every created resource. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * A plane's own EMR Serverless Spark application: ARM64 by default, capped by a maximum capacity (the
 * paying account's spend cap), stopping itself when idle, logging into the plane's bucket (and
 * optionally CloudWatch Logs), in the plane's network.
 */
export class SparkApplication extends pulumi.ComponentResource {
    /** The application's id: the message's `applicationId`. */
    public readonly applicationId: pulumi.Output<string>;
    /** The application's ARN. */
    public readonly applicationArn: pulumi.Output<string>;
    /** The application's name. */
    public readonly applicationName: pulumi.Output<string>;
    /** The EMR release. */
    public readonly releaseLabel: pulumi.Output<string>;
    /** The workers' architecture. */
    public readonly architecture: pulumi.Output<Architecture>;
    /** The spend cap. */
    public readonly maximumCapacity: pulumi.Output<MaximumCapacity>;
    /** Where job logs go: `s3://<bucket>/logs/`. */
    public readonly logUri: pulumi.Output<string>;
    /** The CloudWatch Logs log group's name; `undefined` without `cloudWatchLogs`. */
    public readonly logGroupName: pulumi.Output<string> | undefined;
    /** The key the log group is encrypted with; `undefined` without `cloudWatchLogs`. */
    public readonly logGroupKmsKeyArn: pulumi.Output<string> | undefined;
    /** The repository policy (JSON) the custom image's repository needs; `undefined` without `imageUri`. */
    public readonly imageRepositoryPolicy: pulumi.Output<string> | undefined;

    constructor(name: string, args: SparkApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:SparkApplication", name, {}, opts);
        const cfg = validateSparkApplicationArgs(args, name);
        const parent = { parent: this };
        const scope = lookupScope(this);
        const tags = args.tags;

        const logs = cfg.cloudWatch ? applicationLogGroup(name, cfg, scope, this, tags) : undefined;
        this.logUri = pulumi.interpolate`s3://${args.bucketName}/${RESOURCE_BUCKET_PREFIXES.logs}`;
        const s = cfg.settings;
        const application = new aws.emrserverless.Application(`${name}-application`, {
            name: args.applicationName,
            type: "spark",
            releaseLabel: s.apply((x) => x.releaseLabel),
            architecture: s.apply((x) => x.architecture),
            maximumCapacity: s.apply((x) => x.maximumCapacity),
            autoStartConfiguration: { enabled: s.apply((x) => x.autoStart) },
            autoStopConfiguration: s.apply((x) => (x.autoStop ? { enabled: true, idleTimeoutMinutes: x.idleTimeoutMinutes } : { enabled: false })),
            initialCapacities: s.apply((x) => initialCapacities(x)),
            networkConfiguration: args.subnetIds === undefined ? undefined : { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds },
            monitoringConfiguration: {
                s3MonitoringConfiguration: { logUri: this.logUri, encryptionKeyArn: args.bucketKmsKeyArn },
                cloudwatchLoggingConfiguration: logs && { enabled: true, logGroupName: logs.name, encryptionKeyArn: logs.kmsKeyArn },
            },
            runtimeConfigurations: s.apply((x) => (Object.keys(x.sparkDefaults).length ? [{ classification: "spark-defaults", properties: x.sparkDefaults }] : [])),
            schedulerConfiguration: s.apply((x) => x.scheduler),
            jobLevelCostAllocationConfiguration: s.apply((x) => ({ enabled: x.jobLevelCostAllocation })),
            imageConfiguration: cfg.imageUri && { imageUri: cfg.imageUri },
            tags,
        }, parent);

        this.applicationId = application.id;
        this.applicationArn = application.arn;
        this.applicationName = application.name;
        this.releaseLabel = s.apply((x) => x.releaseLabel);
        this.architecture = s.apply((x) => x.architecture);
        this.maximumCapacity = s.apply((x) => x.maximumCapacity);
        this.logGroupName = logs?.name;
        this.logGroupKmsKeyArn = logs?.kmsKeyArn;
        this.imageRepositoryPolicy = cfg.imageUri && pulumi.all([scope, application.id]).apply(([sc, id]) => toJson(customImageRepositoryPolicy(sc, id)));
        if (cfg.imageUri && args.manageImageRepositoryPolicy) {
            new aws.ecr.RepositoryPolicy(`${name}-image-repository-policy`, {
                repository: cfg.imageUri.apply(imageRepositoryName),
                policy: this.imageRepositoryPolicy!,
            }, parent);
        }
        this.registerOutputs({
            applicationId: this.applicationId, applicationArn: this.applicationArn, applicationName: this.applicationName, releaseLabel: this.releaseLabel,
            architecture: this.architecture, maximumCapacity: this.maximumCapacity, logUri: this.logUri, logGroupName: this.logGroupName,
            logGroupKmsKeyArn: this.logGroupKmsKeyArn, imageRepositoryPolicy: this.imageRepositoryPolicy,
        });
    }
}

/** `initialCapacities` of the Application resource: one entry per pool, keyed `Driver`/`Executor` as Spark applications take them. */
function initialCapacities(s: SparkApplicationSettings): aws.types.input.emrserverless.ApplicationInitialCapacity[] {
    const pools = [["Driver", s.preInitializedCapacity.driver], ["Executor", s.preInitializedCapacity.executor]] as const;
    return pools.filter(([, p]) => p !== undefined).map(([type, p]) => ({
        initialCapacityType: type,
        initialCapacityConfig: { workerCount: p!.workerCount, workerConfiguration: { cpu: p!.cpu, memory: p!.memory, ...(p!.disk ? { disk: p!.disk } : {}) } },
    }));
}

/**
 * The CloudWatch Logs side: the log group (kept on destroy, with its retention), encrypted with the
 * given key or a new one whose policy admits CloudWatch Logs for this group only, and the runtime
 * role's grant to write its streams. Keys and groups are retained: deleting the key makes the logs unreadable.
 */
function applicationLogGroup(name: string, cfg: SparkApplicationPlan, scope: pulumi.Output<Scope>,
    parent: pulumi.Resource, tags: Record<string, string> | undefined): { name: pulumi.Output<string>; kmsKeyArn: pulumi.Output<string> } {
    const logGroupName = cfg.cloudWatch!.logGroupName;
    const kept = { parent, retainOnDelete: true };
    const kmsKeyArn = cfg.cloudWatch!.kmsKeyArn ?? new aws.kms.Key(`${name}-logs-key`, {
        description: pulumi.interpolate`Encryption of the EMR Serverless log group ${logGroupName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.all([scope, logGroupName]).apply(([s, group]) => toJson(logGroupKeyPolicy(s, group))),
        tags,
    }, kept).arn;
    const group = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        name: logGroupName,
        retentionInDays: cfg.cloudWatch!.retentionInDays,
        kmsKeyId: kmsKeyArn,
        tags,
    }, kept);
    new aws.iam.RolePolicy(`${name}-runtime-role-logs`, {
        role: cfg.cloudWatch!.runtimeRoleName,
        namePrefix: "emr-serverless-logs-",
        policy: pulumi.all([scope, group.name]).apply(([s, group]) => toJson(logGroupWriterPolicy(s, group))),
    }, { parent });
    return { name: group.name, kmsKeyArn };
}
