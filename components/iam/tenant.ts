/**
 * A shared plane's tenant and the execution IAM policy its jobs run with. StartJobRun's
 * `executionIamPolicy` is intersected with the runtime role for that one job run ("Execution IAM
 * policy", EMR Serverless User Guide; API type `JobRunExecutionIamPolicy`), so the tenant's policy
 * confines a job to its own prefixes, customer roles and data sources even though every tenant's
 * jobs run as the one runtime role.
 *
 * The document is compact by construction: no `Sid`s, one statement per kind of access, sent as
 * minified JSON (the 2,048 characters are counted on the string as sent). Resource policies must name
 * the runtime role's ARN, never a session ARN: "The resource-based policy permissions are not limited
 * by the session policy" when a session ARN is named ("Policies and permissions in AWS Identity and
 * Access Management", Session policies).
 */
import { PolicyDocument, Statement, policy, toJson } from "./document";
import { arn } from "../../vocabulary/arn";
import { RESOURCE_BUCKET_PREFIXES } from "../bucketLayout";
import { DATA_SOURCE_LIST_ACTION, DATA_SOURCE_WRITE_ACTIONS, accessPointObjects } from "./accessPoints";
import { bucketKeyThroughS3Statement } from "./s3Access";
import { EMRFS_FOLDER_SUFFIX } from "./sparkRequests";
import { EXECUTION_POLICY_LIMITS, ExecutionIamPolicy, MANAGED_POLICY_MAX_CHARS, TenantPrefixes, executionPolicyChars, tenantPrefixes } from "../../vocabulary/tenants";

/** One tenant of a shared plane, as declared. */
export interface TenantSpec {
    /** The tenant's id: 1-32 lowercase letters, digits and hyphens, starting with a letter or digit. Its prefixes are `<staging|output|logs>/tenants/<id>/`. */
    id: string;
    /** The customer's data-access roles the tenant's jobs may assume: exact role ARNs. */
    customerRoleArns?: string[];
    /** The tenant's data sources: S3 access point ARNs its jobs read and write through. */
    dataSources?: string[];
}

/**
 * Object actions on the tenant's own prefixes: read, write, overwrite, abort uploads, and list the
 * parts of its own multipart uploads (the EMRFS S3-optimized committer's bookkeeping, "The EMRFS
 * S3-optimized committer and multipart uploads"; `s3:ListMultipartUploadParts` is authorized on the
 * object, "Actions, resources, and condition keys for Amazon S3").
 */
export const TENANT_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"] as const;

/** The tenant's prefixes in the plane's resource bucket. */
export function prefixesOf(id: string): TenantPrefixes {
    return tenantPrefixes(id, RESOURCE_BUCKET_PREFIXES);
}

export interface TenantPolicyInput {
    partition: string;
    bucketName: string;
    /** The bucket's key, when it uses SSE-KMS (the plane's `bucketKmsKey`). */
    kmsKeyArn?: string;
    /**
     * An adopted bucket's own SSE-KMS key (no `bucketKmsKey` configured): the tenant uses it through S3
     * only, for its own prefixes, as the runtime role does for the bucket's (./s3Access.ts). Needs the
     * plane's region. Absent or empty: none.
     */
    defaultKey?: { keyArn: string; region: string };
    tenant: TenantSpec;
}

/**
 * The tenant's folders whose own keys Spark probes: output, where its jobs create folders (mkdirs
 * stops at the output folder, which the plane creates). Staging only holds what the launcher staged:
 * jobs read existing keys there, which probes nothing above them.
 */
function probedFolders(prefixes: TenantPrefixes): string[] {
    return [prefixes.output];
}

/**
 * The tenant's execution policy: its three prefixes (objects, and listing only under them — every
 * prefix ends in `/`, so `acme` never reaches `acme2`), the bucket's key, its customer roles and its
 * access points. Nothing else the runtime role holds survives the intersection.
 *
 * Spark's probes of paths that do not exist yet (./sparkRequests.ts, {@link tenantSampleRequests})
 * need three more grants, each kept to what the tenant's own jobs send:
 * - **the 404 check**: a HEAD of a missing key is a 404 only to a caller allowed `s3:ListBucket` on
 *   the bucket, else a 403 that fails the job ("HeadObject", S3 API Reference). That check's request
 *   context is not documented; a HEAD carries no `prefix` parameter, and `s3:prefix` is the list
 *   request's `prefix` parameter ("Amazon S3 condition key examples"; "Actions, resources, and
 *   condition keys for Amazon S3"), so it cannot match a prefix condition (a condition on a key absent
 *   from the request context is false, "IAM JSON policy elements: Condition operators"). The tenant is
 *   therefore allowed `s3:ListBucket` **only when the request carries no `s3:prefix`** (`Null`, which
 *   tests whether the key is absent): every list *with* a prefix stays confined to the tenant's own.
 *   **Trade-off**: a list request sent with no prefix at all also matches, so a tenant's job can list
 *   the key *names* of the whole bucket (other tenants' included; never their data, which the object
 *   statements keep to the tenant's prefixes). No condition key tells that list from the HEAD's check
 *   in AWS's documentation (both lack `s3:prefix`, `s3:delimiter` and `s3:max-keys`);
 * - **folder keys**: `mkdirs` of a new output folder probes its parent `output/tenants/<id>` as a file,
 *   and EMRFS probes `output/tenants/<id>_$folder$` (its folder marker): `s3:GetObject` on exactly those
 *   keys, which `output/tenants/<id>/*` does not cover and no other tenant owns;
 * - `s3:ListMultipartUploadParts` under the prefixes ({@link TENANT_OBJECT_ACTIONS}).
 */
export function tenantExecutionPolicy(input: TenantPolicyInput): PolicyDocument {
    const tenantPrefixList = prefixesOf(input.tenant.id);
    const prefixes = Object.values(tenantPrefixList);
    const bucket = arn.bucket(input.partition, input.bucketName);
    const folderKeys = probedFolders(tenantPrefixList).map((p) => p.slice(0, -1)).flatMap((k) => [k, `${k}${EMRFS_FOLDER_SUFFIX}`]);
    const statements: Statement[] = [
        { Effect: "Allow", Action: [...TENANT_OBJECT_ACTIONS], Resource: prefixes.map((p) => arn.objects(input.partition, input.bucketName, p)) },
        { Effect: "Allow", Action: "s3:GetObject", Resource: folderKeys.map((k) => arn.object(input.partition, input.bucketName, k)) },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: bucket, Condition: { StringLike: { "s3:prefix": prefixes.map((p) => `${p}*`) } } },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: bucket, Condition: { Null: { "s3:prefix": "true" } } },
    ];
    if (input.kmsKeyArn) statements.push({ Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: input.kmsKeyArn });
    if (input.defaultKey?.keyArn) {
        statements.push(bucketKeyThroughS3Statement({
            partition: input.partition, region: input.defaultKey.region, bucketName: input.bucketName, kmsKeyArn: input.defaultKey.keyArn, prefixes, sid: null,
        }));
    }
    const roles = input.tenant.customerRoleArns ?? [];
    if (roles.length > 0) statements.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: oneOrMany(roles) });
    const sources = input.tenant.dataSources ?? [];
    if (sources.length > 0) statements.push(...dataSourceStatements(sources));
    return policy(...statements);
}

/**
 * Read and write through the tenant's access points (objects, and listing). The data owner's access
 * point policy narrows it to prefixes; the runtime role holds the union of every tenant's grants.
 */
export function dataSourceStatements(accessPointArns: readonly string[]): Statement[] {
    return [
        { Effect: "Allow", Action: [...DATA_SOURCE_WRITE_ACTIONS], Resource: oneOrMany(accessPointArns.map((a) => accessPointObjects(a, ""))) },
        { Effect: "Allow", Action: DATA_SOURCE_LIST_ACTION, Resource: oneOrMany(accessPointArns) },
    ];
}

function oneOrMany(values: readonly string[]): string | string[] {
    return values.length === 1 ? values[0] : [...values];
}

/** How a tenant's policy reaches StartJobRun: inline (minified), or as one customer managed policy of the plane's account. */
export type TenantPolicyDelivery = { kind: "inline"; chars: number } | { kind: "managed"; chars: number };

/**
 * Whether a policy text fits StartJobRun inline, else in a managed policy (whose ARN, of at most
 * `arnChars` characters, is then all the request spends of the shared budget); undefined when it fits
 * neither. Only U+0020-U+00FF may appear in the inline policy.
 */
export function deliveryOf(text: string, arnChars: number): TenantPolicyDelivery | undefined {
    if (!EXECUTION_POLICY_LIMITS.characters.test(text)) return undefined;
    if (text.length <= EXECUTION_POLICY_LIMITS.maxChars) return { kind: "inline", chars: text.length };
    if (text.length <= MANAGED_POLICY_MAX_CHARS && arnChars <= EXECUTION_POLICY_LIMITS.maxChars) return { kind: "managed", chars: text.length };
    return undefined;
}

/** The request's `executionIamPolicy` for a delivery: the minified text inline, or the managed policy's ARN. */
export function executionIamPolicyOf(text: string, delivery: TenantPolicyDelivery, managedPolicyArn?: string): ExecutionIamPolicy {
    const value: ExecutionIamPolicy = delivery.kind === "inline" ? { policy: text } : { policyArns: [managedPolicyArn!] };
    if (executionPolicyChars(value) > EXECUTION_POLICY_LIMITS.maxChars) throw new Error(`execution policy of ${executionPolicyChars(value)} characters exceeds ${EXECUTION_POLICY_LIMITS.maxChars}`);
    return value;
}

/** The tenant's policy as sent: minified JSON. */
export function tenantPolicyText(input: TenantPolicyInput): string {
    return toJson(tenantExecutionPolicy(input));
}
