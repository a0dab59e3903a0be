/**
 * The IAM policy document vocabulary: typed statements and a few ARN builders.
 * Everything in `components/iam/` is a pure function from plain strings to documents,
 * so components, tests and the policy pack share one definition of every policy.
 */

export type OneOrMany<T> = T | T[];

/** Condition block: operator → condition key → value(s). */
export type Conditions = Record<string, Record<string, OneOrMany<string>>>;

export type Principal = "*" | { AWS?: OneOrMany<string>; Service?: OneOrMany<string>; Federated?: OneOrMany<string> };

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Principal;
    NotPrincipal?: Principal;
    Action?: OneOrMany<string>;
    NotAction?: OneOrMany<string>;
    Resource?: OneOrMany<string>;
    NotResource?: OneOrMany<string>;
    Condition?: Conditions;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** Where a plane lives: every ARN we build is scoped to one partition, region and account. */
export interface Scope {
    partition: string;
    region: string;
    accountId: string;
}

export function policy(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** The partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

export const arn = {
    bucket: (partition: string, bucket: string) => `arn:${partition}:s3:::${bucket}`,
    objects: (partition: string, bucket: string, prefix = "") => `arn:${partition}:s3:::${bucket}/${prefix}*`,
    role: (partition: string, accountId: string, name: string, path = "/") => `arn:${partition}:iam::${accountId}:role${path}${name}`,
    emrApplications: (s: Scope) => `arn:${s.partition}:emr-serverless:${s.region}:${s.accountId}:/applications/*`,
    emrJobRuns: (s: Scope) => `arn:${s.partition}:emr-serverless:${s.region}:${s.accountId}:/applications/*/jobruns/*`,
    ec2: (s: Scope, type: string, id = "*") => `arn:${s.partition}:ec2:${s.region}:${s.accountId}:${type}/${id}`,
    emrServerlessServiceLinkedRole: (s: Scope) =>
        `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless`,
};

export const SERVICE = {
    emrServerless: "emr-serverless.amazonaws.com",
    emrServerlessOps: "ops.emr-serverless.amazonaws.com",
} as const;

/**
 * Trust policy of a role only an AWS service may assume, and only on behalf of resources of this
 * account whose ARNs match `sourceArn` (confused-deputy protection: `aws:SourceAccount` and
 * `aws:SourceArn`).
 */
export function serviceTrustPolicy(input: { sid: string; service: string; accountId: string; sourceArn: OneOrMany<string> }): PolicyDocument {
    return policy({
        Sid: input.sid,
        Effect: "Allow",
        Principal: { Service: input.service },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": input.accountId },
            ArnLike: { "aws:SourceArn": input.sourceArn },
        },
    });
}

/** Serialise a document the way it is handed to AWS: stable key order, no whitespace. */
export function toJson(doc: PolicyDocument): string {
    return JSON.stringify(doc);
}
