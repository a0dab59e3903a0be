/**
 * The S3 requests a Spark job's file system makes, each with the request context IAM evaluates it
 * in, so that tests can ask an IAM simulator whether every one is allowed — or, for a key that does
 * not exist yet, answered 404 rather than 403.
 *
 * From the documentation:
 * - S3 API Reference, "HeadObject" (GetObject says the same): "To use HEAD, you must have the
 *   s3:GetObject permission" and "If the object you request doesn't exist, the error that Amazon S3
 *   returns depends on whether you also have the s3:ListBucket permission. If you have the
 *   s3:ListBucket permission on the bucket, Amazon S3 returns an HTTP status code 404 Not Found error.
 *   If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403
 *   Forbidden error." Hadoop's S3A rethrows any HEAD error but a 404 (`S3AFileSystem.getFileStatus`):
 *   a 403 fails the job.
 * - The context of that ListBucket check is not documented. S3 User Guide, "Amazon S3 condition keys":
 *   `s3:prefix` limits "the response of the GET Bucket (ListObjects) API" and each key "maps to the same
 *   name request header" — a HEAD carries no prefix, and a key absent from the request context makes a
 *   condition on it false ("IAM JSON policy elements: Condition operators"). So this model takes the
 *   check as `s3:ListBucket` on the bucket (through an access point: on the access point) with **no**
 *   `s3:prefix`: a ListBucket narrowed by `s3:prefix` is assumed not to count (an inference, stated as such).
 * - Apache Hadoop's S3A (`StatusProbeEnum`, `S3AFileSystem.getFileStatus`, `mkdirs`): a path is probed
 *   as a file (HEAD key), as a directory marker (HEAD key/, in older releases) and as a prefix (LIST
 *   `prefix=key/`, `delimiter=/`, `max-keys=1`); creating a path probes it and each parent up to the
 *   first that exists. EMRFS, the default `s3://` file system on EMR, is not documented; the S3A
 *   sequence stands for it.
 * - The write itself ("The EMRFS S3-optimized committer and multipart uploads"): every file is a
 *   multipart upload (`s3:PutObject`, `s3:ListMultipartUploadParts`, `s3:AbortMultipartUpload`, per
 *   "Actions, resources, and condition keys for Amazon S3").
 */

/** Where requests go: object ARNs, and the ARN listing (and the 404 check) is authorized on. */
export interface S3Target {
    object(key: string): string;
    /** The bucket's ARN, or the access point's. */
    list: string;
}

/** A bucket reached directly. */
export function bucketTarget(partition: string, bucketName: string): S3Target {
    return { object: (key) => `arn:${partition}:s3:::${bucketName}/${key}`, list: `arn:${partition}:s3:::${bucketName}` };
}

/** A bucket reached through an access point (`<access point ARN>/object/<key>`). */
export function accessPointTarget(accessPointArn: string): S3Target {
    return { object: (key) => `${accessPointArn}/object/${key}`, list: accessPointArn };
}

/** One request Spark sends, as IAM authorizes it. */
export interface SparkRequest {
    /** The S3 API operation and what it is for. */
    operation: string;
    action: string;
    resource: string;
    context: Record<string, string>;
    /**
     * For a HEAD or GET of a key that does not exist (yet): the check that makes S3 answer 404
     * instead of 403 — `s3:ListBucket` on the bucket or access point, with no `s3:prefix`.
     */
    missing?: { action: "s3:ListBucket"; resource: string; context: Record<string, string> };
}

/** A HEAD of `key` (authorized as s3:GetObject); one of a key that does not `exist` carries its 404 check. */
export const headRequest = (t: S3Target, key: string, operation: string, exists: boolean): SparkRequest => ({
    operation, action: "s3:GetObject", resource: t.object(key), context: {},
    ...(exists ? {} : { missing: { action: "s3:ListBucket", resource: t.list, context: {} } }),
});

/** A LIST as S3A sends it to probe or read a folder: `prefix=<folder>/`, `delimiter=/`, and `max-keys` when it only asks whether anything is there. */
export function listRequest(t: S3Target, prefix: string, operation: string, maxKeys?: number): SparkRequest {
    return { operation, action: "s3:ListBucket", resource: t.list, context: { "s3:prefix": prefix, "s3:delimiter": "/", ...(maxKeys ? { "s3:max-keys": String(maxKeys) } : {}) } };
}

/** The folder marker EMRFS writes for a folder it creates: `<folder>_$folder$`. */
export const EMRFS_FOLDER_SUFFIX = "_$folder$";

/**
 * `getFileStatus(key)` of a folder path: HEAD key (absent: a folder is no object), HEAD key/ (no
 * marker), LIST key/. With `emrfsMarker`, also HEAD `key_$folder$`: EMRFS (the `s3://` file system)
 * marks the folders it creates with an empty `<directoryname>_$folder$` object (AWS Knowledge Center,
 * "Why does Amazon EMR create empty files with the _$folder$ suffix in my Amazon S3 bucket?": "the
 * Hadoop file system implements directory support in S3 by creating empty files with the
 * "<directoryname>_$folder$" suffix"), so it probes for one (an inference from that page: the probe
 * itself is not documented).
 */
export function folderProbes(t: S3Target, folder: string, why: string, opts: { emrfsMarker?: boolean } = {}): SparkRequest[] {
    const key = folder.replace(/\/$/, "");
    return [
        headRequest(t, key, `HeadObject ${key} (${why}: is it a file?)`, false),
        headRequest(t, `${key}/`, `HeadObject ${key}/ (${why}: a folder marker?)`, false),
        ...(opts.emrfsMarker ? [headRequest(t, `${key}${EMRFS_FOLDER_SUFFIX}`, `HeadObject ${key}${EMRFS_FOLDER_SUFFIX} (${why}: EMRFS's folder marker?)`, false)] : []),
        listRequest(t, `${key}/`, `ListObjectsV2 ${key}/ (${why}: anything under it?)`, 1),
    ];
}

/**
 * Writing a dataset to `output` (a folder that does not exist yet) the way Spark does: `mkdirs`
 * probes it and its parents up to `existingParent` (a folder that exists: its LIST finds objects, so
 * the walk stops there), the committer writes part files as multipart uploads under `_temporary/`,
 * cleans up and writes `_SUCCESS`. With `overwrite`, it first lists and deletes what is there.
 */
export function writeDatasetRequests(t: S3Target, output: string, existingParent: string, overwrite = false, opts: { emrfsMarker?: boolean } = {}): SparkRequest[] {
    const parents: string[] = [];
    for (let p = output.replace(/\/$/, ""); p.includes("/") && `${p}/` !== existingParent; p = p.slice(0, p.lastIndexOf("/"))) parents.push(`${p}/`);
    const part = `${output}part-00000-c000.snappy.parquet`;
    return [
        ...parents.flatMap((p, i) => folderProbes(t, p, i === 0 ? "does the output exist" : "mkdirs of a parent", opts)),
        ...folderProbes(t, existingParent, "mkdirs stops at the first parent that exists", opts),
        // EMRFS marks each folder mkdirs created (those below the existing parent).
        ...(opts.emrfsMarker ? parents.map((p): SparkRequest => {
            const marker = `${p.replace(/\/$/, "")}${EMRFS_FOLDER_SUFFIX}`;
            return { operation: `PutObject ${marker} (EMRFS marks the folder it created)`, action: "s3:PutObject", resource: t.object(marker), context: {} };
        }) : []),
        ...(overwrite ? [
            listRequest(t, output, `ListObjectsV2 ${output} (what overwrite replaces)`),
            { operation: `DeleteObject ${output}part-00000-old.snappy.parquet (overwrite)`, action: "s3:DeleteObject", resource: t.object(`${output}part-00000-old.snappy.parquet`), context: {} },
        ] : []),
        { operation: `PutObject ${output}_temporary/0/ (the job attempt's folder)`, action: "s3:PutObject", resource: t.object(`${output}_temporary/0/`), context: {} },
        { operation: "CreateMultipartUpload of a part file", action: "s3:PutObject", resource: t.object(part), context: {} },
        { operation: "UploadPart", action: "s3:PutObject", resource: t.object(part), context: {} },
        { operation: "ListParts (committer bookkeeping)", action: "s3:ListMultipartUploadParts", resource: t.object(part), context: {} },
        { operation: "CompleteMultipartUpload (task commit)", action: "s3:PutObject", resource: t.object(part), context: {} },
        { operation: "AbortMultipartUpload (task abort)", action: "s3:AbortMultipartUpload", resource: t.object(part), context: {} },
        { operation: `DeleteObject ${output}_temporary/0/ (job commit clean-up)`, action: "s3:DeleteObject", resource: t.object(`${output}_temporary/0/`), context: {} },
        { operation: `PutObject ${output}_SUCCESS`, action: "s3:PutObject", resource: t.object(`${output}_SUCCESS`), context: {} },
    ];
}

/**
 * The plane bucket's sample job (the guarded-launch example's `nightly`): its entry point is read
 * from `staging/jobs/`, and it writes `staging/output/nightly/`, which does not exist before its
 * first run (`staging/` does: the entry point is there).
 */
export function planeBucketSampleRequests(partition: string, bucketName: string): SparkRequest[] {
    const t = bucketTarget(partition, bucketName);
    return [
        headRequest(t, "staging/jobs/nightly_aggregates.py", "HeadObject staging/jobs/nightly_aggregates.py (the entry point)", true),
        { operation: "GetObject staging/jobs/nightly_aggregates.py", action: "s3:GetObject", resource: t.object("staging/jobs/nightly_aggregates.py"), context: {} },
        ...writeDatasetRequests(t, "staging/output/nightly/", "staging/"),
    ];
}

/**
 * A shared plane tenant's sample job, under the tenant's own prefixes only: its entry point is read
 * from its staging prefix (the launcher staged it there), and it writes `output/tenants/<id>/<job>/`,
 * which does not exist before its first run. The tenant's output folder itself exists (the plane
 * creates its folder marker, components/planeTenants.ts), so `mkdirs` stops there and never probes
 * `output/tenants/` — a LIST there would show other tenants' ids, and the tenant's policy refuses it.
 * Both file systems are modelled: S3A's probes and EMRFS's `_$folder$` markers.
 */
export function tenantSampleRequests(partition: string, bucketName: string, prefixes: { staging: string; output: string }, job = "daily"): SparkRequest[] {
    const t = bucketTarget(partition, bucketName);
    const entry = `${prefixes.staging}entry-points/${job}.py`;
    return [
        headRequest(t, entry, `HeadObject ${entry} (the entry point)`, true),
        { operation: `GetObject ${entry}`, action: "s3:GetObject", resource: t.object(entry), context: {} },
        ...writeDatasetRequests(t, `${prefixes.output}${job}/`, prefixes.output, true, { emrfsMarker: true }),
    ];
}

/** The top-level folder keys a write under `prefixes` probes when `mkdirs` reaches them: `staging/` → `staging`. */
export function topFolderKeys(prefixes: readonly string[]): string[] {
    return prefixes.map((p) => p.split("/")[0]);
}
