/**
 * Documents for cross-account data access through an S3 access point (the data owner's bucket,
 * read and written by a data plane's runtime role in another account):
 *
 * - owner side: the KMS key policy, the bucket policy that delegates access control to the
 *   owner's access points, and the access point policy that names the consumer roles;
 * - consumer side: the runtime role's identity policy for that access point and key.
 *
 * A cross-account request through an access point is allowed only when the consumer's identity
 * policy, the access point policy and the bucket policy all allow it (and, for SSE-KMS objects,
 * the key policy admits the caller). Each document below is the narrowest that keeps that chain
 * working for one job shape: read CSV under an input prefix, write results under an output prefix.
 */
import { PolicyDocument, Statement, policy } from "./document";
import { accountOf, arn, parseAccessPointArn } from "../../vocabulary/arn";
import { accountAdministersKeyStatement, denyInsecureTransportStatement } from "./bucket";
import { bucketKeyStatement, s3ViaService } from "./s3Access";
import { SparkRequest, accessPointTarget, headRequest, listRequest, writeDatasetRequests } from "./sparkRequests";

export { s3ViaService } from "./s3Access";

/** Read access under the input prefix. */
export const DATA_SOURCE_READ_ACTIONS = ["s3:GetObject"] as const;

/**
 * Read/write access under the output prefix: what a Spark job needs to write (multipart uploads
 * included), overwrite (delete) and check (read back) its results.
 */
export const DATA_SOURCE_WRITE_ACTIONS = [
    "s3:PutObject",
    "s3:GetObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
] as const;

/** Listing through the access point (and the check that turns a missing key's 403 into a 404). */
export const DATA_SOURCE_LIST_ACTION = "s3:ListBucket";

/**
 * Everything a bucket delegates to its owner's access points: the union of the above. The bucket
 * policy never delegates more than access point policies can grant (no `*`, no bucket administration).
 */
export const DELEGATED_ACTIONS: readonly string[] = [...new Set<string>([
    ...DATA_SOURCE_READ_ACTIONS, ...DATA_SOURCE_WRITE_ACTIONS, DATA_SOURCE_LIST_ACTION,
])];

/** KMS use a consumer needs for SSE-KMS objects read and written through S3. */
export const DATA_SOURCE_KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] as const;

/** The objects under `prefix` seen through an access point: `<access point ARN>/object/<prefix>*`. */
export function accessPointObjects(apArn: string, prefix: string): string {
    return `${apArn}/object/${prefix}*`;
}


function oneOrMany(values: readonly string[]): string | string[] {
    return values.length === 1 ? values[0] : [...values];
}

export interface DataSourceAccess {
    /** The access point the consumer goes through. */
    accessPointArn: string;
    /** Key prefix the consumer may read, ending in `/` (`input/`). */
    inputPrefix: string;
    /** Key prefix the consumer may write, ending in `/` (`output/`). */
    outputPrefix: string;
}

/**
 * The S3 statements shared by the access point policy (with a Principal) and the consumer's
 * identity policy (without): read the input prefix, read/write the output prefix, list through the
 * access point, HEAD the two folder keys themselves (Hadoop file systems probe `input` before
 * `input/` and the listing; see {@link sparkAccessPointRequests}). Nothing on the bucket ARN: through
 * an access point, IAM evaluates the access point's ARN.
 *
 * The listing has no `s3:prefix` condition: a HEAD of a key that does not exist yet (the output
 * dataset, the folder keys) is answered 404 only to a caller allowed `s3:ListBucket` ("HeadObject",
 * S3 API Reference), a HEAD carries no prefix, and Spark fails on the 403 it would otherwise get
 * (./sparkRequests.ts). The trade-off: the consumer may list every key *name* the access point
 * reaches, not only those under the two prefixes (it still reads and writes only those).
 *
 * Not granted: s3:GetBucketLocation. It is access-point compatible ("Access point compatibility",
 * S3 user guide), but the Service Authorization Reference lists no s3:DataAccessPointAccount key for
 * it, so the owner's bucket policy cannot delegate it to the access points without admitting every
 * caller: a cross-account GetBucketLocation is refused whatever the consumer holds. The job runs
 * in the data's region and needs no look-up of it.
 */
export function accessPointDataStatements(a: DataSourceAccess): Statement[] {
    return [
        {
            Sid: "ReadInputPrefix",
            Effect: "Allow",
            Action: [...DATA_SOURCE_READ_ACTIONS],
            Resource: [accessPointObjects(a.accessPointArn, a.inputPrefix)],
        },
        {
            Sid: "WriteOutputPrefix",
            Effect: "Allow",
            Action: [...DATA_SOURCE_WRITE_ACTIONS],
            Resource: [accessPointObjects(a.accessPointArn, a.outputPrefix)],
        },
        {
            Sid: "ListThroughTheAccessPoint",
            Effect: "Allow",
            Action: [DATA_SOURCE_LIST_ACTION],
            Resource: [a.accessPointArn],
        },
        {
            // HeadObject is authorized as s3:GetObject ("HeadObject", Amazon S3 API Reference): the
            // exact keys of the two folders and their parents (mkdirs probes each), read only —
            // never a pattern, never written.
            Sid: "ProbeInputAndOutputFolderKeys",
            Effect: "Allow",
            Action: [...DATA_SOURCE_READ_ACTIONS],
            Resource: [...new Set([a.inputPrefix, a.outputPrefix].flatMap(folderKeys))].map((key) => `${a.accessPointArn}/object/${key}`),
        },
    ];
}

/** The keys of a prefix's folder and of its parent folders, without trailing slash: `a/b/` → `a`, `a/b`. */
function folderKeys(prefix: string): string[] {
    const parts = prefix.split("/").filter((x) => x !== "");
    return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/**
 * The requests the sample job (jobs/access_point_csv.py) makes through the access point when it
 * reads `<input prefix>` and replaces `<output prefix><dataset>/`, with the IAM action and request
 * context each is authorized in (./sparkRequests.ts: what the documentation says of each probe).
 * The input folder and the dataset may not exist as keys: their HEADs carry the ListBucket check
 * that turns S3's 403 into a 404.
 */
export function sparkAccessPointRequests(a: DataSourceAccess, dataset = "trips-by-vendor"): SparkRequest[] {
    const t = accessPointTarget(a.accessPointArn);
    const input = a.inputPrefix;
    const out = `${a.outputPrefix}${dataset}/`;
    return [
        headRequest(t, input.replace(/\/$/, ""), `HeadObject ${input.replace(/\/$/, "")} (the input path as a file)`, false),
        headRequest(t, input, `HeadObject ${input} (as a folder marker)`, false),
        listRequest(t, input, `ListObjectsV2 ${input} (the input files)`),
        { operation: `GetObject ${input}trips.csv`, action: "s3:GetObject", resource: t.object(`${input}trips.csv`), context: {} },
        ...writeDatasetRequests(t, out, a.outputPrefix, true),
    ];
}

/**
 * Access point policy (owner side): the named consumer roles, and nobody else, get
 * {@link accessPointDataStatements}. Principals are role ARNs, never `*` or an account root.
 */
export function accessPointPolicy(a: DataSourceAccess & { consumerRoleArns: readonly string[] }): PolicyDocument {
    const principal = { AWS: oneOrMany(a.consumerRoleArns) };
    return policy(...accessPointDataStatements(a).map((s) => ({ Sid: `Consumer${s.Sid}`, Effect: s.Effect, Principal: principal, ...withoutSidAndEffect(s) })));
}

function withoutSidAndEffect(s: Statement): Omit<Statement, "Sid" | "Effect"> {
    const { Sid: _sid, Effect: _effect, ...rest } = s;
    return rest;
}

/**
 * Bucket policy (owner side): TLS only, and access control delegated to the access points owned
 * by the bucket owner's account.
 *
 * The delegation statement is the one place where we allow Principal `{"AWS": "*"}`. It is AWS's
 * documented pattern for delegating to access points, and it is safe only in exactly this shape:
 * - `Effect: Allow` with Principal `*` / `{"AWS": "*"}`, and a `StringEquals` condition on
 *   `s3:DataAccessPointAccount` whose value is one literal 12-digit account id (the bucket
 *   owner's): only requests arriving through an access point of that account match, and each such
 *   access point's own policy then decides who gets in. (S3 Block Public Access treats a policy
 *   scoped to a fixed `s3:DataAccessPointAccount` as non-public, so the bucket keeps all four
 *   public-access-block flags.)
 * - `Action` is the data actions access points can grant ({@link DELEGATED_ACTIONS}), never
 *   `*`/`s3:*` and never bucket administration; `Resource` is this bucket and its objects only.
 * A policy checker must accept this shape and nothing looser: no other condition operator
 * (`StringLike` would admit wildcards), no missing or multi-valued account, no other key
 * standing in for it.
 */
export function delegateToAccessPointsBucketPolicy(input: { partition: string; bucketName: string; ownerAccountId: string }): PolicyDocument {
    return policy(
        denyInsecureTransportStatement(input.partition, input.bucketName),
        {
            Sid: "DelegateAccessControlToOwnAccessPoints",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: [...DELEGATED_ACTIONS],
            Resource: [arn.bucket(input.partition, input.bucketName), arn.objects(input.partition, input.bucketName)],
            Condition: { StringEquals: { "s3:DataAccessPointAccount": input.ownerAccountId } },
        },
    );
}

/**
 * Key policy (owner side): the owner account administers the key through IAM (so the owner's own
 * users can load data into the bucket), and the named consumer roles may use it for S3 objects
 * only: `kms:ViaService` pins the use to S3 in the key's region, `kms:CallerAccount` to the
 * consumer roles' accounts. No statement admits `*`.
 */
export function dataSourceKeyPolicy(input: { partition: string; region: string; ownerAccountId: string; consumerRoleArns: readonly string[] }): PolicyDocument {
    const accounts = [...new Set(input.consumerRoleArns.map((r) => accountOf(r) ?? ""))];
    return policy(
        accountAdministersKeyStatement(input.partition, input.ownerAccountId),
        {
            Sid: "ConsumerRolesUseKeyThroughS3",
            Effect: "Allow",
            Principal: { AWS: oneOrMany(input.consumerRoleArns) },
            Action: [...DATA_SOURCE_KEY_ACTIONS],
            // In a key policy, "*" is the key the policy is attached to.
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": s3ViaService(input.region), "kms:CallerAccount": oneOrMany(accounts) } },
        },
    );
}

/**
 * Identity policy of the consumer's runtime role (consumer side): {@link accessPointDataStatements}
 * on that one access point, and that one key, used through S3 only. Nothing else.
 */
export function accessPointGrantPolicy(a: DataSourceAccess & { kmsKeyArn: string }): PolicyDocument {
    const region = parseAccessPointArn(a.accessPointArn)?.region;
    if (!region) throw new Error(`not an access point ARN: ${a.accessPointArn}`);
    return policy(
        ...accessPointDataStatements(a).map((s) => ({ ...s, Sid: `DataSource${s.Sid}` })),
        { ...bucketKeyStatement(a.kmsKeyArn, "DataSourceKeyThroughS3"), Condition: { StringEquals: { "kms:ViaService": s3ViaService(region) } } },
    );
}
