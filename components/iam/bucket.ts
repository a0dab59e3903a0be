import { PolicyDocument, arn, policy } from "./document";

/** Bucket policy: deny every request that does not use TLS. */
export function tlsOnlyBucketPolicy(partition: string, bucketName: string): PolicyDocument {
    return policy({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn.bucket(partition, bucketName), arn.objects(partition, bucketName)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}

/**
 * Key policy for a resource-bucket key: the account administers it through IAM (the AWS
 * default, so IAM policies like the roles' `ResourceBucketKey` statements take effect),
 * nothing else.
 */
export function accountManagedKeyPolicy(partition: string, accountId: string): PolicyDocument {
    return policy({
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    });
}

