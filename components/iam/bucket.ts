import { PolicyDocument, Statement, policy } from "./document";
import { arn } from "./arn";

/** Bucket-policy statement: deny every request to the bucket and its objects that does not use TLS. */
export function denyInsecureTransportStatement(partition: string, bucketName: string): Statement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn.bucket(partition, bucketName), arn.objects(partition, bucketName)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** Bucket policy: deny every request that does not use TLS. */
export function tlsOnlyBucketPolicy(partition: string, bucketName: string): PolicyDocument {
    return policy(denyInsecureTransportStatement(partition, bucketName));
}

/**
 * Key-policy statement: the account administers the key through IAM (the AWS default, so IAM
 * policies in that account, like the roles' `ResourceBucketKey` statements, take effect).
 */
export function accountAdministersKeyStatement(partition: string, accountId: string): Statement {
    return {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: arn.accountRoot(partition, accountId) },
        Action: "kms:*",
        Resource: "*",
    };
}

/** Key policy for a resource-bucket key: the account administers it through IAM, nothing else. */
export function accountManagedKeyPolicy(partition: string, accountId: string): PolicyDocument {
    return policy(accountAdministersKeyStatement(partition, accountId));
}
