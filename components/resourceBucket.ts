import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_BUCKET_PREFIXES } from "./bucketLayout";
import { accountManagedKeyPolicy, arn, tlsOnlyBucketPolicy, toJson } from "./iam";
import * as v from "./validation";

/** A hardening part the component manages around a bucket; an adopted bucket may skip some. */
export const BucketPart = {
    /** All four public-access-block flags. */
    PublicAccessBlock: "publicAccessBlock",
    /** Object ownership `BucketOwnerEnforced` (ACLs disabled). */
    OwnershipControls: "ownershipControls",
    /** Default encryption (SSE-KMS with a bucket key, or SSE-S3). */
    Encryption: "encryption",
    /** Versioning enabled. */
    Versioning: "versioning",
    /** A bucket policy that denies requests without TLS. */
    TlsPolicy: "tlsPolicy",
    /** Lifecycle rules: expire `logs/`, abort incomplete uploads, expire noncurrent versions. */
    Lifecycle: "lifecycle",
} as const;
export type BucketPart = (typeof BucketPart)[keyof typeof BucketPart];
/** Every {@link BucketPart}, in the order above. */
export const BUCKET_PARTS: readonly BucketPart[] = Object.values(BucketPart);

export interface ResourceBucketArgs {
    /**
     * Name of a new bucket. Defaults to a generated, globally unique name
     * (`<component name>-<random suffix>`). Conflicts with `existingBucketName`.
     */
    bucketName?: pulumi.Input<string>;
    /**
     * Adopt this existing bucket (for example the EMR-on-EC2 logging bucket of a shared plane)
     * instead of creating one: no bucket is created, only the hardening around it that is
     * missing. Defaults to creating a new bucket.
     */
    existingBucketName?: pulumi.Input<string>;
    /**
     * Prefix of a generated bucket name (S3 appends a unique suffix); at most 37 characters.
     * Conflicts with `bucketName` and `existingBucketName`. Defaults to Pulumi auto-naming
     * from the component name.
     */
    bucketNamePrefix?: string;
    /**
     * Hardening parts not to manage on an adopted bucket, because the bucket already has its own
     * (a bucket policy or lifecycle configuration is replaced wholesale by ours). Only with
     * `existingBucketName`. Defaults to `[]` (manage every part).
     */
    skipParts?: BucketPart[];
    /**
     * Default encryption: `"none"` for SSE-S3 (no key to pay for), `"create"` for a new
     * customer-managed KMS key with rotation, or the ARN of an existing key. With a key, the
     * bucket uses SSE-KMS with an S3 bucket key. An Output (another resource's key) must resolve to a
     * key ARN. Defaults to `"none"`.
     */
    kmsKey?: pulumi.Input<string>;
    /** Days after which objects under `logs/` expire. 1–3650, defaults to 30. */
    logRetentionDays?: number;
    /** Days after which noncurrent object versions expire. 1–3650, defaults to 30. */
    noncurrentVersionRetentionDays?: number;
    /** Days after which incomplete multipart uploads are aborted. 1–365, defaults to 7. */
    abortIncompleteUploadDays?: number;
    /**
     * Keep the bucket, its key and its hardening in AWS on `pulumi destroy` (they leave the
     * stack, the logs stay). Defaults to `true`. An adopted bucket's parts are always retained.
     */
    retainOnDelete?: boolean;
    /** Tags for the bucket and key. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * S3 bucket for EMR Serverless job logs (`logs/`) and staged files (`staging/`), hardened:
 * public access blocked, ACLs disabled, default encryption, versioning, TLS-only bucket policy,
 * lifecycle rules. Creates a bucket, or adopts an existing one.
 */
export class ResourceBucket extends pulumi.ComponentResource {
    /** The bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN. */
    public readonly bucketArn: pulumi.Output<string>;
    /** ARN of the bucket's KMS key; `undefined` when the bucket uses SSE-S3. */
    public readonly kmsKeyArn: pulumi.Output<string> | undefined;
    /** Whether the bucket was adopted rather than created. */
    public readonly adopted: boolean;

    constructor(name: string, args: ResourceBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:ResourceBucket", name, {}, opts);
        const cfg = validateResourceBucketArgs(args);
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent).partition;
        const retain = cfg.adopted ? true : cfg.retainOnDelete;
        const child = { parent: this, retainOnDelete: retain };

        let bucketName: pulumi.Output<string>;
        let bucketArn: pulumi.Output<string>;
        if (cfg.existingBucketName) {
            const existing = aws.s3.getBucketOutput({ bucket: cfg.existingBucketName }, parent);
            bucketName = existing.bucket;
            bucketArn = existing.arn;
        } else {
            const bucket = new aws.s3.Bucket(`${name}-bucket`, {
                bucket: cfg.bucketName,
                bucketPrefix: cfg.bucketNamePrefix,
                forceDestroy: false,
                tags: args.tags,
            }, child);
            bucketName = bucket.bucket;
            bucketArn = bucket.arn;
        }

        let kmsKeyArn: pulumi.Output<string> | undefined;
        if (cfg.kmsKey === "create") {
            const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
            const key = new aws.kms.Key(`${name}-key`, {
                description: pulumi.interpolate`Default encryption of the EMR Serverless resource bucket ${bucketName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi.all([partition, accountId]).apply(([p, a]) => toJson(accountManagedKeyPolicy(p, a))),
                tags: args.tags,
            }, child);
            kmsKeyArn = key.arn;
        } else if (cfg.kmsKey !== "none") {
            kmsKeyArn = pulumi.output(cfg.kmsKey) as pulumi.Output<string>;
        }

        const manages = (part: BucketPart) => !cfg.skipParts.includes(part);
        let publicAccessBlock: aws.s3.BucketPublicAccessBlock | undefined;
        if (manages("publicAccessBlock")) {
            publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
                bucket: bucketName,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }, child);
        }
        if (manages("ownershipControls")) {
            new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
                bucket: bucketName,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            }, child);
        }
        if (manages("encryption")) {
            new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
                bucket: bucketName,
                rules: [kmsKeyArn
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            }, child);
        }
        if (manages("versioning")) {
            new aws.s3.BucketVersioning(`${name}-versioning`, {
                bucket: bucketName,
                versioningConfiguration: { status: "Enabled" },
            }, child);
        }
        if (manages("tlsPolicy")) {
            new aws.s3.BucketPolicy(`${name}-tls-policy`, {
                bucket: bucketName,
                policy: pulumi.all([partition, bucketName]).apply(([p, b]) => toJson(tlsOnlyBucketPolicy(p, b))),
            }, { ...child, dependsOn: publicAccessBlock ? [publicAccessBlock] : [] });
        }
        if (manages("lifecycle")) {
            new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
                bucket: bucketName,
                rules: [
                    {
                        id: "expire-logs",
                        status: "Enabled",
                        filter: { prefix: RESOURCE_BUCKET_PREFIXES.logs },
                        expiration: { days: cfg.logRetentionDays },
                    },
                    {
                        id: "abort-incomplete-multipart-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: cfg.abortIncompleteUploadDays },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: cfg.noncurrentVersionRetentionDays },
                    },
                ],
            }, child);
        }

        this.bucketName = bucketName;
        this.bucketArn = cfg.existingBucketName ? bucketArn : pulumi.all([partition, bucketName]).apply(([p, b]) => arn.bucket(p, b));
        this.kmsKeyArn = kmsKeyArn;
        this.adopted = cfg.adopted;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, kmsKeyArn: this.kmsKeyArn });
    }
}

/** The validated, defaulted form of {@link ResourceBucketArgs}. */
export interface ResourceBucketSettings {
    bucketName?: pulumi.Output<string>;
    existingBucketName?: pulumi.Output<string>;
    bucketNamePrefix?: string;
    adopted: boolean;
    skipParts: BucketPart[];
    /** `"none"`, `"create"`, or a key ARN (an Output when given as one, checked when known). */
    kmsKey: pulumi.Input<string>;
    logRetentionDays: number;
    noncurrentVersionRetentionDays: number;
    abortIncompleteUploadDays: number;
    retainOnDelete: boolean;
}

/** Validates and defaults {@link ResourceBucketArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateResourceBucketArgs(args: ResourceBucketArgs, field = (f: string) => `args.${f}`): ResourceBucketSettings {
    v.exclusive({
        [field("bucketName")]: args.bucketName,
        [field("existingBucketName")]: args.existingBucketName,
        [field("bucketNamePrefix")]: args.bucketNamePrefix,
    }, true);
    if (args.bucketNamePrefix !== undefined && !/^[a-z0-9][a-z0-9.-]{0,36}$/.test(args.bucketNamePrefix)) {
        throw new v.ValidationError(field("bucketNamePrefix"), `must be 1-37 lowercase letters, digits, dots and hyphens, starting with a letter or digit, got ${JSON.stringify(args.bucketNamePrefix)}`);
    }
    const bucketName = v.checkedOptional(args.bucketName, (b) => v.bucketName(field("bucketName"), b));
    const existingBucketName = v.checkedOptional(args.existingBucketName, (b) => v.bucketName(field("existingBucketName"), b));
    const skipParts = args.skipParts ?? [];
    if (skipParts.length > 0 && args.existingBucketName === undefined) {
        throw new v.ValidationError(field("skipParts"), `only applies to an adopted bucket (set ${field("existingBucketName")}); a new bucket always gets every hardening part`);
    }
    v.stringList(field("skipParts"), skipParts, (f, p) => v.oneOf(f, p, BUCKET_PARTS));
    const kmsKeyChoice = (key: unknown, known: boolean): string => {
        if (known && (key === "none" || key === "create")) return key;
        try {
            return v.kmsKeyArn(field("kmsKey"), key);
        } catch {
            throw new v.ValidationError(field("kmsKey"), `must be "none", "create" or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${JSON.stringify(key)}` +
                (known ? "" : ` ("none" and "create" must be given as plain values, not as an Output)`));
        }
    };
    const kmsKeyInput = args.kmsKey ?? "none";
    const kmsKey = v.isKnown(kmsKeyInput) ? kmsKeyChoice(kmsKeyInput, true) : v.checked(kmsKeyInput, (k) => kmsKeyChoice(k, false));
    return {
        bucketName,
        existingBucketName,
        bucketNamePrefix: args.bucketNamePrefix,
        adopted: args.existingBucketName !== undefined,
        skipParts,
        kmsKey,
        logRetentionDays: v.integerInRange(field("logRetentionDays"), args.logRetentionDays ?? 30, 1, 3650),
        noncurrentVersionRetentionDays: v.integerInRange(field("noncurrentVersionRetentionDays"), args.noncurrentVersionRetentionDays ?? 30, 1, 3650),
        abortIncompleteUploadDays: v.integerInRange(field("abortIncompleteUploadDays"), args.abortIncompleteUploadDays ?? 7, 1, 365),
        retainOnDelete: args.retainOnDelete ?? true,
    };
}
