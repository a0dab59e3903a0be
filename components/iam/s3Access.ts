import { RESOURCE_BUCKET_PREFIXES, RESOURCE_BUCKET_PREFIX_LIST } from "../bucketLayout";
import { topFolderKeys } from "./sparkRequests";
import { Statement } from "./document";
import { arn, dnsSuffixOf } from "../../vocabulary/arn";

/**
 * Read/write on the resource bucket's `logs/`, `staging/` and `output/` prefixes only: objects under those
 * prefixes, and listing restricted to them. Shared by the runtime and launch roles.
 *
 * With `sparkProbes` (the runtime role, whose Spark jobs probe paths before they exist:
 * ./sparkRequests.ts), three changes make every probe of the sample jobs allowed or a 404:
 * - `s3:ListBucket` on the bucket **without** an `s3:prefix` condition: S3 answers a HEAD of a missing
 *   key with 404 only to a caller allowed ListBucket "on the bucket" ("HeadObject", S3 API Reference),
 *   and the HEAD carries no prefix for a prefix condition to match. The trade-off: the role may list
 *   every key *name* in the bucket (not read the objects outside its prefixes);
 * - `s3:GetObject` on the exact top folder key `staging` (not `staging*`): creating
 *   `staging/output/x/` probes `staging` as a file, and a HEAD without GetObject is a 403 whatever
 *   ListBucket says;
 * - `s3:ListMultipartUploadParts` under the prefixes: the committer lists the parts of its uploads.
 */
export function resourceBucketStatements(partition: string, bucketName: string, opts: { sparkProbes?: boolean } = {}): Statement[] {
    const prefixes = RESOURCE_BUCKET_PREFIX_LIST;
    const objectActions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", ...(opts.sparkProbes ? ["s3:ListMultipartUploadParts"] : [])];
    const statements: Statement[] = [
        {
            Sid: "ResourceBucketObjects",
            Effect: "Allow",
            Action: objectActions,
            Resource: prefixes.map((p) => arn.objects(partition, bucketName, p)),
        },
        opts.sparkProbes ? {
            Sid: "ResourceBucketListForProbes",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [arn.bucket(partition, bucketName)],
        } : {
            Sid: "ResourceBucketList",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [arn.bucket(partition, bucketName)],
            Condition: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } },
        },
    ];
    if (opts.sparkProbes) {
        statements.push({
            Sid: "ResourceBucketFolderKeys",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: topFolderKeys([RESOURCE_BUCKET_PREFIXES.staging]).map((key) => arn.object(partition, bucketName, key)),
        });
    }
    return statements;
}

/** Use of one KMS key for S3 objects (the resource bucket's key): encrypt, decrypt, data keys. */
export function bucketKeyStatement(kmsKeyArn: string, sid = "ResourceBucketKey"): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        Resource: [kmsKeyArn],
    };
}

/** The `kms:ViaService` value for S3 in a region (`s3.eu-west-1.amazonaws.com`; the partition's DNS suffix, as secretsManagerViaService in ./secrets.ts). */
export function s3ViaService(region: string): string {
    return `s3.${region}.${dnsSuffixOf(region)}`;
}

export interface BucketKeyThroughS3Input {
    partition: string;
    region: string;
    bucketName: string;
    /** The key the bucket's default encryption uses (an adopted bucket's own customer managed key). */
    kmsKeyArn: string;
    /** The prefixes whose objects the key is used for. Defaults to the bucket's `logs/`, `staging/` and `output/`. */
    prefixes?: readonly string[];
    /** The statement's Sid; `null` for none (a tenant's compact policy). Defaults to `AdoptedBucketKeyThroughS3`. */
    sid?: string | null;
}

/**
 * Use of an adopted bucket's own KMS key by S3 on the role's behalf, for that bucket's `logs/`,
 * `staging/` and `output/` only (or the given `prefixes`: a tenant's own): `kms:GenerateDataKey` to write and `kms:Decrypt` to read and to complete multipart
 * uploads ("Using server-side encryption with AWS KMS keys (SSE-KMS)": "To upload an object encrypted
 * with an AWS KMS key to Amazon S3, you need kms:GenerateDataKey permissions on the key. To download an
 * object encrypted with an AWS KMS key, you need kms:Decrypt permissions"; CreateMultipartUpload: "the
 * requester must have permission to the kms:Decrypt and kms:GenerateDataKey actions"), only through S3
 * in the bucket's region (`kms:ViaService`, KMS "Condition keys for AWS KMS") and only for this bucket:
 * `kms:EncryptionContext:aws:s3:arn` is the object's ARN, or the bucket's ARN when S3 Bucket Keys are on
 * ("Encryption context", SSE-KMS page; "S3 Bucket Keys use the bucket ARN as encryption context",
 * "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys" — existing objects keep their own, so both
 * forms are allowed). The key policy must let IAM policies of the account grant it (the default key
 * policy does: KMS "Key policies in AWS KMS").
 */
export function bucketKeyThroughS3Statement(input: BucketKeyThroughS3Input): Statement {
    const sid = input.sid === undefined ? "AdoptedBucketKeyThroughS3" : input.sid;
    const prefixes = input.prefixes ?? RESOURCE_BUCKET_PREFIX_LIST;
    return {
        ...(sid === null ? {} : { Sid: sid }),
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [input.kmsKeyArn],
        Condition: {
            StringEquals: { "kms:ViaService": s3ViaService(input.region) },
            StringLike: {
                "kms:EncryptionContext:aws:s3:arn": [arn.bucket(input.partition, input.bucketName), ...prefixes.map((p) => arn.objects(input.partition, input.bucketName, p))],
            },
        },
    };
}
