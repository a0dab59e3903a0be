/**
 * The IAM policy document vocabulary: typed statements and documents (ARNs are built in `./arn`).
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

export function policy(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

export { SERVICE } from "../../vocabulary/names";

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
