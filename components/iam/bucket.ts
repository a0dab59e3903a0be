import { PolicyDocument, Statement, policy } from "./document";
import { arn } from "../../vocabulary/arn";

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

/** The Sid that identifies our TLS-only statement inside a bucket policy we merge into. */
export const TLS_ONLY_SID = "DenyInsecureTransport";

/** A bucket policy as S3 stores it: any statements, any version (we keep them as they are). */
export interface ExistingBucketPolicy {
    Version?: string;
    Id?: string;
    Statement: Record<string, unknown>[];
}

/**
 * Merges the TLS-only statement into an existing bucket policy (a JSON string; `undefined` when the
 * bucket has none). Every existing statement is kept exactly, in its place; a statement with our
 * Sid is replaced by ours (so merging the result again gives the identical document), else ours is
 * appended. `Version` and `Id` are kept; a bucket with no policy gets `2012-10-17`.
 */
export function mergeTlsOnlyStatement(existingJson: string | undefined, partition: string, bucketName: string): ExistingBucketPolicy {
    const ours = denyInsecureTransportStatement(partition, bucketName) as unknown as Record<string, unknown>;
    const existing = parseBucketPolicy(existingJson);
    if (!existing) return { Version: "2012-10-17", Statement: [ours] };
    const statements = existing.Statement.map((s) => (s.Sid === TLS_ONLY_SID ? ours : s));
    if (!existing.Statement.some((s) => s.Sid === TLS_ONLY_SID)) statements.push(ours);
    return { ...existing, Statement: statements };
}

/** Parses a bucket policy read from S3; a single statement object is kept as a one-element list. */
export function parseBucketPolicy(json: string | undefined): ExistingBucketPolicy | undefined {
    if (json === undefined || json.trim() === "") return undefined;
    let doc: unknown;
    try {
        doc = JSON.parse(json);
    } catch (err) {
        throw new Error(`the existing bucket policy is not valid JSON: ${(err as Error).message}`);
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("the existing bucket policy is not a JSON object");
    const { Statement, ...rest } = doc as Record<string, unknown>;
    const statements = Statement === undefined ? [] : Array.isArray(Statement) ? Statement : [Statement];
    if (statements.some((s) => !s || typeof s !== "object" || Array.isArray(s))) throw new Error("the existing bucket policy has a Statement that is not an object");
    return { ...rest, Statement: statements as Record<string, unknown>[] } as ExistingBucketPolicy;
}
