import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BucketPart, ExistingBucket, OWN_LIFECYCLE_RULE_IDS } from "./adoptedBucket";
import { RESOURCE_BUCKET_PREFIXES } from "./bucketLayout";
import { mergeTlsOnlyStatement, tlsOnlyBucketPolicy, toJson } from "./iam";

/** Options of a resource bucket's children: parented by the component, retained on delete or not. */
export type ChildOptions = { parent: pulumi.Resource; retainOnDelete: boolean };

/** The settings the hardening parts depend on (from the validated `ResourceBucketArgs`). */
export interface HardeningSettings extends LifecycleDays {
    /** The parts to manage. */
    manage: BucketPart[];
}

/** The lifecycle rules' periods, in days. */
interface LifecycleDays {
    logRetentionDays: number;
    noncurrentVersionRetentionDays: number;
    abortIncompleteUploadDays: number;
}

/** What the hardening parts are made from. */
export interface HardeningInputs {
    bucketName: pulumi.Output<string>;
    kmsKeyArn: pulumi.Output<string> | undefined;
    partition: pulumi.Output<string>;
    /** What an adopted bucket holds; `undefined` for a created bucket. */
    existing: pulumi.Output<ExistingBucket> | undefined;
}

/** The hardening parts the plan manages (all of them for a created bucket), in a fixed order. */
export function hardeningParts(name: string, cfg: HardeningSettings, h: HardeningInputs, child: ChildOptions): void {
    const { bucketName, kmsKeyArn, partition, existing } = h;
    const manages = (part: BucketPart) => cfg.manage.includes(part);
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
            // Adopted: merged into the policy the bucket has (every statement kept, ours found by Sid).
            policy: existing
                ? pulumi.all([partition, bucketName, existing]).apply(([p, b, e]) => JSON.stringify(mergeTlsOnlyStatement(e.policy || undefined, p, b)))
                : pulumi.all([partition, bucketName]).apply(([p, b]) => toJson(tlsOnlyBucketPolicy(p, b))),
        }, { ...child, dependsOn: publicAccessBlock ? [publicAccessBlock] : [] });
    }
    if (manages("lifecycle")) {
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucketName,
            rules: lifecycleRules(cfg),
        }, child);
    }
}

/** The resource bucket's lifecycle rules; their ids are {@link OWN_LIFECYCLE_RULE_IDS} (an adopted bucket holding only these is ours). */
function lifecycleRules(cfg: LifecycleDays): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const [expireLogs, abortUploads, expireNoncurrent] = OWN_LIFECYCLE_RULE_IDS;
    return [
        { id: expireLogs, status: "Enabled", filter: { prefix: RESOURCE_BUCKET_PREFIXES.logs }, expiration: { days: cfg.logRetentionDays } },
        { id: abortUploads, status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: cfg.abortIncompleteUploadDays } },
        { id: expireNoncurrent, status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: cfg.noncurrentVersionRetentionDays } },
    ];
}
