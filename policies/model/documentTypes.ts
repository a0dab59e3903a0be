/**
 * The shapes of IAM documents as the rules see them (what ./documents reads, ./sites finds and
 * ./statements judges), in a file of their own so that those modules share them without importing
 * one another.
 */

/** What a document governs: an identity's permissions, a role's trust, or a resource's policy. */
/** `resource`: another service's resource policy (a secret, a VPC endpoint, a Lambda function). */
export type DocumentKind = "identity" | "trust" | "bucket" | "key" | "accessPoint" | "resource";

/** One document in one resource: its kind, the property it sits in, and its raw value. */
export interface DocumentSite {
    kind: DocumentKind;
    /** Property path in the resource, e.g. `assumeRolePolicy` or `inlinePolicies[0].policy`. */
    path: string;
    value: unknown;
    /** Why the document is not available (an AWS managed policy the data set does not have), when it is not. */
    missing?: string;
}


/** A principal element, normalised. `any` is `"*"` or `{"AWS": "*"}`. */
export interface Principals {
    any: boolean;
    aws: string[];
    service: string[];
    federated: string[];
    other: string[];
}

export interface ConditionEntry {
    /** The operator as written, e.g. `StringEquals`, `ArnLikeIfExists`, `ForAnyValue:StringLike`. */
    operator: string;
    /** The condition key, lower-cased (IAM compares keys case-insensitively). */
    key: string;
    values: string[];
}

export interface ParsedStatement {
    index: number;
    /** `Statement[2] (Sid PassRuntimeRole)`: how messages name the statement. */
    label: string;
    sid?: string;
    effect: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principal?: Principals;
    notPrincipal?: Principals;
    conditions: ConditionEntry[];
    /** coversAction's index of the Action/NotAction patterns, built on first use (internal). */
    actionIndex?: PatternIndex;
}

export interface ParsedDocument {
    statements: ParsedStatement[];
    /** Shape problems AWS would reject the document for (empty when it is well formed). */
    problems: string[];
}

export type DocumentRead =
    | { status: "ok"; document: ParsedDocument }
    | { status: "unknown" | "secret" }
    | { status: "invalid"; problem: string }
    | { status: "missing"; problem: string };

/**
 * A statement's action patterns, lower-cased, by their service part: a pattern whose service part is
 * literal (`s3:Get*`) can only match actions of that service, so an action is compared with its own
 * service's patterns and those with a wildcard before the colon (`*`, `s?:Get*`) — not with the
 * 3,000 patterns of ReadOnlyAccess one by one.
 */
export interface PatternIndex {
    byService: ReadonlyMap<string, string[]>;
    anyService: string[];
    /**
     * The literal service parts of the patterns — a long list's `byService` itself, a short list's
     * services as an array (no set made per statement: a short list is searched faster than a set is
     * built) — or undefined when a pattern's service part has a wildcard (`*`, `s?:Get*`).
     */
    services?: ReadonlyMap<string, string[]> | readonly string[];
    /** coversAction's verdicts by action (long lists only). */
    memo?: Map<string, boolean>;
}
