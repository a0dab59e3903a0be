import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Scope, accessPointPolicy, arn, dataSourceKeyPolicy, delegateToAccessPointsBucketPolicy, toJson } from "../iam";
import { lookupScope } from "../scope";
import * as v from "../validation";

export interface CrossAccountDataSourceArgs {
    /**
     * The roles in other accounts that may read the input prefix and write the output prefix:
     * data planes' job runtime roles (`controlPlaneMessage.jobRuntimeRoleArn`), as role ARNs. At
     * least one; no wildcards, no account roots. The roles must exist before this is deployed
     * (S3 and KMS refuse policies naming unknown principals). Required.
     */
    consumerRoleArns: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Name of the access point: 3-50 lowercase letters, digits and hyphens, starting and ending with
     * a letter or digit, not ending in `-s3alias`; unique in the owner's account and region. Required.
     */
    accessPointName: string;
    /** Name of the new data bucket. Defaults to a generated, globally unique name (`<component name>-bucket-<suffix>`). */
    bucketName?: pulumi.Input<string>;
    /** Key prefix the consumers may read (their job's input), ending with `/`. Defaults to `"input/"`. */
    inputPrefix?: string;
    /** Key prefix the consumers may write (their job's output), ending with `/`; must not overlap `inputPrefix`. Defaults to `"output/"`. */
    outputPrefix?: string;
    /** Days after which noncurrent object versions (overwritten or deleted data) expire. 1–3650, defaults to 30. */
    noncurrentVersionRetentionDays?: number;
    /**
     * Keep the bucket, its key and its hardening in AWS on `pulumi destroy`: it holds the owner's
     * data. Defaults to `true`. The access point is always deleted on destroy (sharing stops).
     */
    retainOnDelete?: boolean;
    /** Tags for the bucket, key and access point. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * The data owner's side of cross-account access through an S3 access point: a customer-managed
 * KMS key (rotation on) the consumer roles may use only through S3, an SSE-KMS bucket with public
 * access blocked that delegates access control to the owner's access points and refuses non-TLS
 * requests, and one access point whose policy lets the consumer roles read `inputPrefix` and
 * write `outputPrefix`, nothing else. Deploy it in the owner's account.
 */
export class CrossAccountDataSource extends pulumi.ComponentResource {
    /** The data bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** ARN of the bucket's KMS key: the consumer grant's `kmsKeyArn`. */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** ARN of the access point: the consumer grant's `accessPointArn`. */
    public readonly accessPointArn: pulumi.Output<string>;
    /** The access point's bucket-style alias (`<name>-<suffix>-s3alias`), usable wherever a bucket name is. */
    public readonly accessPointAlias: pulumi.Output<string>;
    /** `s3://<alias>/<inputPrefix>`: the job's `--input_uri` (append a file name or keep the folder). */
    public readonly inputUri: pulumi.Output<string>;
    /** `s3://<alias>/<outputPrefix>`: the job's `--output_uri`. */
    public readonly outputUri: pulumi.Output<string>;
    /** The prefix consumers may read. */
    public readonly inputPrefix: string;
    /** The prefix consumers may write. */
    public readonly outputPrefix: string;

    constructor(name: string, args: CrossAccountDataSourceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:CrossAccountDataSource", name, {}, opts);
        const cfg = validateCrossAccountDataSourceArgs(args);
        const scope = lookupScope(this);
        const kept = { parent: this, retainOnDelete: cfg.retainOnDelete };

        const key = dataKey(name, cfg, scope, args.tags, kept);
        const { bucketName, bucketPolicy } = hardenedDataBucket(name, cfg, scope, key, args.tags, kept);
        const accessPoint = consumerAccessPoint(name, cfg, scope, bucketName, args.tags, { parent: this, dependsOn: [bucketPolicy] });

        this.bucketName = bucketName;
        this.kmsKeyArn = key.arn;
        this.accessPointArn = accessPoint.arn;
        this.accessPointAlias = accessPoint.alias;
        this.inputPrefix = cfg.inputPrefix;
        this.outputPrefix = cfg.outputPrefix;
        this.inputUri = pulumi.interpolate`s3://${accessPoint.alias}/${cfg.inputPrefix}`;
        this.outputUri = pulumi.interpolate`s3://${accessPoint.alias}/${cfg.outputPrefix}`;
        this.registerOutputs({
            bucketName: this.bucketName, kmsKeyArn: this.kmsKeyArn, accessPointArn: this.accessPointArn,
            accessPointAlias: this.accessPointAlias, inputUri: this.inputUri, outputUri: this.outputUri,
        });
    }
}

/** Options of the owner's data children (the key, the bucket and its hardening): retained on delete or not. */
type KeptOptions = { parent: pulumi.Resource; retainOnDelete: boolean };

/** The data's customer-managed key (rotation on): the consumer roles may use it through S3 only. */
function dataKey(name: string, cfg: CrossAccountDataSourceSettings, scope: pulumi.Output<Scope>, tags: Record<string, string> | undefined, kept: KeptOptions): aws.kms.Key {
    return new aws.kms.Key(`${name}-key`, {
        description: `Default encryption of the data shared through access point ${cfg.accessPointName}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.all([scope, cfg.consumerRoleArns]).apply(([s, consumerRoleArns]) => toJson(dataSourceKeyPolicy({
            partition: s.partition, region: s.region, ownerAccountId: s.accountId, consumerRoleArns,
        }))),
        tags,
    }, kept);
}

/**
 * The data bucket, hardened (public access blocked, owner-enforced ownership, SSE-KMS with the data
 * key, versioning, lifecycle), and its policy delegating access control to the owner's access points.
 */
function hardenedDataBucket(name: string, cfg: CrossAccountDataSourceSettings, scope: pulumi.Output<Scope>, key: aws.kms.Key,
    tags: Record<string, string> | undefined, kept: KeptOptions): { bucketName: pulumi.Output<string>; bucketPolicy: aws.s3.BucketPolicy } {
    const bucket = new aws.s3.Bucket(`${name}-bucket`, {
        bucket: cfg.bucketName,
        forceDestroy: false,
        tags,
    }, kept);
    const bucketName = bucket.bucket;

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
        bucket: bucketName, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, kept);
    // Objects the consumers write belong to the owner, not to the writer's account.
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucketName, rule: { objectOwnership: "BucketOwnerEnforced" } }, kept);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
        bucket: bucketName,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    }, kept);
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucketName, versioningConfiguration: { status: "Enabled" } }, kept);
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
        bucket: bucketName,
        rules: [
            { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            { id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: cfg.noncurrentVersionRetentionDays } },
        ],
    }, kept);
    const bucketPolicy = new aws.s3.BucketPolicy(`${name}-policy`, {
        bucket: bucketName,
        policy: pulumi.all([scope, bucketName]).apply(([s, b]) => toJson(delegateToAccessPointsBucketPolicy({
            partition: s.partition, bucketName: b, ownerAccountId: s.accountId,
        }))),
    }, { ...kept, dependsOn: [publicAccessBlock] });
    return { bucketName, bucketPolicy };
}

/**
 * The access point the consumer roles read `inputPrefix` and write `outputPrefix` through, nothing
 * else. Its policy is inline (one resource, no separate AccessPointPolicy to keep in step); its ARN
 * is computed the way S3 forms it, which the tests compare with the access point's own.
 */
function consumerAccessPoint(name: string, cfg: CrossAccountDataSourceSettings, scope: pulumi.Output<Scope>, bucketName: pulumi.Output<string>,
    tags: Record<string, string> | undefined, opts: pulumi.CustomResourceOptions): aws.s3.AccessPoint {
    return new aws.s3.AccessPoint(`${name}-access-point`, {
        bucket: bucketName,
        name: cfg.accessPointName,
        publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        policy: pulumi.all([scope, cfg.consumerRoleArns]).apply(([s, consumerRoleArns]) => toJson(accessPointPolicy({
            accessPointArn: arn.accessPoint(s.partition, s.region, s.accountId, cfg.accessPointName),
            inputPrefix: cfg.inputPrefix,
            outputPrefix: cfg.outputPrefix,
            consumerRoleArns,
        }))),
        tags,
    }, opts);
}

/** The validated, defaulted form of {@link CrossAccountDataSourceArgs}. */
export interface CrossAccountDataSourceSettings {
    consumerRoleArns: pulumi.Output<string[]>;
    accessPointName: string;
    bucketName?: pulumi.Output<string>;
    inputPrefix: string;
    outputPrefix: string;
    noncurrentVersionRetentionDays: number;
    retainOnDelete: boolean;
}

/** Refuses an input and output prefix of which one contains the other: the job would overwrite its own input. */
export function validateDataPrefixes(inputPrefix: unknown, outputPrefix: unknown, field: (f: string) => string): { inputPrefix: string; outputPrefix: string } {
    const input = v.s3KeyPrefix(field("inputPrefix"), inputPrefix);
    const output = v.s3KeyPrefix(field("outputPrefix"), outputPrefix);
    if (input.startsWith(output) || output.startsWith(input)) {
        throw new v.ValidationError(field("outputPrefix"), `must not overlap ${field("inputPrefix")} (${JSON.stringify(output)} and ${JSON.stringify(input)}): the job could overwrite its input`);
    }
    return { inputPrefix: input, outputPrefix: output };
}

/** Validates and defaults {@link CrossAccountDataSourceArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateCrossAccountDataSourceArgs(args: Partial<CrossAccountDataSourceArgs>, field = (f: string) => `args.${f}`): CrossAccountDataSourceSettings {
    const consumerRoleArns = v.checked(args.consumerRoleArns, (list) => v.stringList(field("consumerRoleArns"), list, v.roleArn, { min: 1 }));
    const accessPointName = v.accessPointName(field("accessPointName"), args.accessPointName);
    return {
        consumerRoleArns,
        accessPointName,
        bucketName: v.checkedOptional(args.bucketName, (b) => v.bucketName(field("bucketName"), b)),
        ...validateDataPrefixes(args.inputPrefix ?? "input/", args.outputPrefix ?? "output/", field),
        noncurrentVersionRetentionDays: v.integerInRange(field("noncurrentVersionRetentionDays"), args.noncurrentVersionRetentionDays ?? 30, 1, 3650),
        retainOnDelete: args.retainOnDelete ?? true,
    };
}
