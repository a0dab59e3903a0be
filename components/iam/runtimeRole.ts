import { PolicyDocument, SERVICE, Statement, policy, serviceTrustPolicy } from "./document";
import { Scope, arn } from "../../vocabulary/arn";
import { bucketKeyStatement, bucketKeyThroughS3Statement, resourceBucketStatements } from "./s3Access";

/**
 * Trust policy of the job runtime role: only the EMR Serverless service, and only for
 * applications in this plane's own account and region (confused-deputy protection).
 */
export function runtimeRoleTrustPolicy(scope: Scope): PolicyDocument {
    return serviceTrustPolicy({ sid: "EmrServerlessJobs", service: SERVICE.emrServerless, accountId: scope.accountId, sourceArn: arn.emrApplications(scope) });
}

export interface RuntimeRolePermissionsInput {
    partition: string;
    /** The resource bucket the jobs log to and stage files in. */
    bucketName: string;
    /** The bucket's KMS key, when it uses SSE-KMS. */
    kmsKeyArn?: string;
    /** An adopted bucket's own key, used through S3 only ({@link bucketKeyThroughS3Statement}); needs `region`. */
    defaultKeyArn?: string;
    /** The plane's region (for `kms:ViaService`). Required with `defaultKeyArn`. */
    region?: string;
    /** Buckets the jobs may read (public data sets). */
    readOnlyBuckets?: string[];
    /** Roles (ARNs or `arn:aws:iam::<acct|*>:role/<prefix>*` patterns) the jobs may assume. */
    assumableRoleArns?: string[];
}

/** Permissions of the job runtime role. Nothing here is granted on `*` except ListAllMyBuckets. */
export function runtimeRolePermissions(input: RuntimeRolePermissionsInput): PolicyDocument {
    const statements: Statement[] = [...resourceBucketStatements(input.partition, input.bucketName, { sparkProbes: true })];
    if (input.kmsKeyArn) statements.push(bucketKeyStatement(input.kmsKeyArn));
    if (input.defaultKeyArn) {
        if (!input.region) throw new Error("runtimeRolePermissions: a defaultKeyArn needs the region (kms:ViaService names S3 of the region)");
        statements.push(bucketKeyThroughS3Statement({ partition: input.partition, region: input.region, bucketName: input.bucketName, kmsKeyArn: input.defaultKeyArn }));
    }
    const readOnly = input.readOnlyBuckets ?? [];
    if (readOnly.length > 0) {
        statements.push(
            {
                Sid: "ReadOnlyBucketObjects",
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: readOnly.map((b) => arn.objects(input.partition, b)),
            },
            {
                Sid: "ReadOnlyBucketList",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: readOnly.map((b) => arn.bucket(input.partition, b)),
            },
        );
    }
    const assumable = input.assumableRoleArns ?? [];
    if (assumable.length > 0) {
        statements.push({
            Sid: "AssumeCustomerDataAccessRoles",
            Effect: "Allow",
            Action: ["sts:AssumeRole"],
            Resource: assumable,
        });
    }
    statements.push({
        Sid: "ListAllBuckets",
        Effect: "Allow",
        Action: ["s3:ListAllMyBuckets"],
        // ListAllMyBuckets has no resource type: "*" is the only valid resource.
        Resource: "*",
    });
    return policy(...statements);
}
