import { RESOURCE_BUCKET_PREFIX_LIST } from "../bucketLayout";
import { Statement } from "./document";
import { arn } from "../../vocabulary/arn";

/**
 * Read/write on the resource bucket's `logs/` and `staging/` prefixes only: objects under
 * those prefixes, and listing restricted to them. Shared by the runtime and launch roles.
 */
export function resourceBucketStatements(partition: string, bucketName: string): Statement[] {
    const prefixes = RESOURCE_BUCKET_PREFIX_LIST;
    return [
        {
            Sid: "ResourceBucketObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: prefixes.map((p) => arn.objects(partition, bucketName, p)),
        },
        {
            Sid: "ResourceBucketList",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [arn.bucket(partition, bucketName)],
            Condition: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } },
        },
    ];
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
