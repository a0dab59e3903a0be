/**
 * Reading what an adopted bucket holds, read-only, through provider look-ups: its default
 * encryption (always: the roles need its key when it is a customer managed one), its versioning and
 * lifecycle, and — for `verifyAdoptedParts` or a managed `tlsPolicy` — its public access block and
 * bucket policy. Nothing here writes.
 *
 * From AWS's documentation:
 * - S3 API Reference, "GetBucketEncryption" / "ServerSideEncryptionRule": the rule's
 *   `KMSMasterKeyID` (a key ID, key ARN, alias name or alias ARN: "If you use a KMS key alias
 *   instead, then AWS KMS resolves the key within the requester's account") and `BucketKeyEnabled`.
 *   A policy needs the key's ARN, so anything else is resolved with `aws.kms.getKey` (DescribeKey).
 * - SSE-KMS without a key ID uses the AWS managed key `aws/s3`, whose policy cannot be changed and
 *   lets the account's principals use it through S3 ("Using server-side encryption with AWS KMS
 *   keys (SSE-KMS)"; KMS "AWS managed keys"): no grant is needed or possible.
 * - The read permissions (Service Authorization Reference for Amazon S3): `s3:GetEncryptionConfiguration`,
 *   `s3:GetBucketVersioning`, `s3:GetLifecycleConfiguration`, `s3:GetBucketPublicAccessBlock` behind
 *   the Cloud Control read, `s3:GetBucketPolicy` (only from the bucket owner's account: "If you have
 *   the correct permissions, but you're not using an identity that belongs to the bucket owner's
 *   account, Amazon S3 returns a 405 Method Not Allowed error", "GetBucketPolicy"), and
 *   `kms:DescribeKey` on the key when it is named by alias or bare ID.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "../vocabulary/arn";
import * as v from "./validation";

/** One default-encryption rule of an existing bucket. */
export interface ExistingBucketEncryption {
    /** `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS). */
    sseAlgorithm: string;
    /** The KMS key, for SSE-KMS and DSSE-KMS, as the bucket names it (ID, ARN or alias); absent for the AWS managed key `aws/s3`. */
    kmsMasterKeyId?: string;
    /** Whether new objects use an S3 Bucket Key (their encryption context is then the bucket's ARN, not the object's). */
    bucketKeyEnabled?: boolean;
}

/** A bucket's public access block: the four flags. */
export interface ExistingPublicAccessBlock {
    /** Public ACLs are refused. */
    blockPublicAcls: boolean;
    /** Public bucket policies are refused. */
    blockPublicPolicy: boolean;
    /** Public ACLs are ignored. */
    ignorePublicAcls: boolean;
    /** A public policy admits only AWS services and the bucket owner's account. */
    restrictPublicBuckets: boolean;
}

/** Settings of an existing bucket read through AWS Cloud Control (`AWS::S3::Bucket`). */
export interface ExistingBucketSettings {
    /** Default-encryption rules; empty when none is configured. */
    encryption: ExistingBucketEncryption[];
    /** `Enabled`, `Suspended`, or `Disabled` (versioning never turned on). */
    versioning: string;
    /** Ids of its lifecycle rules (a rule without an id counts as `""`). */
    lifecycleRuleIds: string[];
    /** Its public access block; absent when it has none. */
    publicAccessBlock?: ExistingPublicAccessBlock;
}

/** The KMS key an adopted bucket's default encryption uses, resolved to its ARN. */
export interface ExistingBucketKey {
    /** The key's ARN. */
    keyArn: string;
    /** An AWS managed key (`aws/s3`): its policy already lets the account use it through S3, and cannot be changed. */
    awsManaged: boolean;
    /** The key as the bucket's encryption names it. */
    namedAs: string;
}

/** What an adopted bucket holds today. */
export interface ExistingBucket {
    /** The bucket's name. */
    bucketName: string;
    /** Its bucket policy (JSON), `""` when it has none; absent when not read (neither `tlsPolicy` managed nor the parts verified). */
    policy?: string;
    /** Its encryption, versioning, lifecycle and public access block; absent when not read. */
    settings?: ExistingBucketSettings;
    /** The customer managed or AWS managed key its default encryption uses (SSE-KMS with a named key); absent otherwise. */
    defaultKey?: ExistingBucketKey;
    /** Whether the parts kept as they are were read for the policy pack to judge (`verifyAdoptedParts`). */
    verified?: boolean;
}

/**
 * Reads an adopted bucket: its settings always (Cloud Control, type `AWS::S3::Bucket`: @pulumi/aws
 * 7.48 has no look-up of its own for a bucket's encryption, versioning or lifecycle), the key of its
 * SSE-KMS default encryption, and its bucket policy when `tlsPolicy` is managed or `verify` is set
 * (`aws.s3.getBucketPolicy`; a bucket without one reads as `""`).
 */
export async function lookupExistingBucket(bucketName: string, readPolicy: boolean, opts?: pulumi.InvokeOptions,
    options: { verify?: boolean; field?: (f: string) => string } = {}): Promise<ExistingBucket> {
    const existing: ExistingBucket = { bucketName };
    if (readPolicy || options.verify) {
        existing.policy = await aws.s3.getBucketPolicy({ bucket: bucketName }, opts).then((r) => r.policy ?? "", (err: unknown) => {
            // The provider fails the look-up of a bucket without a policy ("couldn't find resource",
            // S3's NoSuchBucketPolicy); any other failure (access denied, 405 from another account) must
            // stop the program, or we would replace or judge a policy we could not read.
            if (/couldn't find resource|NoSuchBucketPolicy|bucket policy does not exist/i.test(String((err as Error)?.message ?? err))) return "";
            throw err;
        });
    }
    const read = await aws.cloudcontrol.getResource({ typeName: "AWS::S3::Bucket", identifier: bucketName }, opts);
    existing.settings = settingsFromCloudControl(read.properties);
    const keyId = existing.settings.encryption.find((e) => e.sseAlgorithm.startsWith("aws:kms") && e.kmsMasterKeyId)?.kmsMasterKeyId;
    if (keyId) existing.defaultKey = await resolveKey(bucketName, keyId, opts, options.field ?? ((f) => `args.${f}`));
    if (options.verify) existing.verified = true;
    return existing;
}

/** A key named by ARN is taken as it is; an alias or a bare ID is resolved with DescribeKey, or refused naming `kmsKey`. */
async function resolveKey(bucketName: string, keyId: string, opts: pulumi.InvokeOptions | undefined, field: (f: string) => string): Promise<ExistingBucketKey> {
    const arn = parseArn(keyId);
    if (arn?.service === "kms" && arn.resource.startsWith("key/")) return { keyArn: keyId, awsManaged: false, namedAs: keyId };
    try {
        const key = await aws.kms.getKey({ keyId }, opts);
        return { keyArn: key.arn, awsManaged: key.keyManager === "AWS", namedAs: keyId };
    } catch (err) {
        throw new v.ValidationError(field("kmsKey"), `the adopted bucket ${bucketName} encrypts new objects with SSE-KMS key ${JSON.stringify(keyId)}, ` +
            `which could not be resolved to a key ARN (${String((err as Error)?.message ?? err).split("\n")[0]}); the roles need its ARN to use it through S3: ` +
            `set this to the key's ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
    }
}

/** Encryption, versioning, lifecycle and public access block from Cloud Control's `AWS::S3::Bucket` properties (CloudFormation's shape). */
export function settingsFromCloudControl(propertiesJson: string): ExistingBucketSettings {
    const p = JSON.parse(propertiesJson) as Record<string, any>;
    const rules = (p.BucketEncryption?.ServerSideEncryptionConfiguration ?? []) as Record<string, any>[];
    const pab = p.PublicAccessBlockConfiguration as Record<string, unknown> | undefined;
    return {
        encryption: rules.filter((r) => r?.ServerSideEncryptionByDefault?.SSEAlgorithm).map((r) => ({
            sseAlgorithm: String(r.ServerSideEncryptionByDefault.SSEAlgorithm),
            ...(r.ServerSideEncryptionByDefault.KMSMasterKeyID ? { kmsMasterKeyId: String(r.ServerSideEncryptionByDefault.KMSMasterKeyID) } : {}),
            ...(r.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: r.BucketKeyEnabled === true } : {}),
        })),
        versioning: String(p.VersioningConfiguration?.Status ?? "Disabled"),
        lifecycleRuleIds: ((p.LifecycleConfiguration?.Rules ?? []) as Record<string, any>[]).map((r) => String(r?.Id ?? "")),
        ...(pab ? { publicAccessBlock: {
            blockPublicAcls: pab.BlockPublicAcls === true, blockPublicPolicy: pab.BlockPublicPolicy === true,
            ignorePublicAcls: pab.IgnorePublicAcls === true, restrictPublicBuckets: pab.RestrictPublicBuckets === true,
        } } : {}),
    };
}
