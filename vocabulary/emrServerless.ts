/**
 * What EMR Serverless accepts, as data: the release labels the user guide lists, the release each
 * feature needs, the worker sizes, and the shapes of its ids and tokens. Used by the application
 * component, the launchers (`dataplane launch`, the guarded launcher), the message schema and the
 * tests. Sources are named beside each table; extend the tables when the guide adds to them.
 */

/**
 * Release labels from "Amazon EMR Serverless release versions" (EMR Serverless User Guide): 6.6.0
 * up ("With Amazon EMR 6.6.0 and higher, deploy EMR Serverless"); 7.14.0 and the AWS runtime for
 * Apache Spark's `emr-spark-8.x` labels are listed in the guide's newest copies. The preview label
 * `emr-spark-8.0-preview` is left out: the guide lists features it does not support.
 */
export const EMR_SERVERLESS_RELEASE_LABELS: readonly string[] = [
    ...[6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((minor) => `emr-6.${minor}.0`),
    ...Array.from({ length: 15 }, (_, minor) => `emr-7.${minor}.0`),
    "emr-spark-8.0.0",
    "emr-spark-8.1.0",
];

/**
 * The default release: listed in every copy of the release page, and the label of the guide's own
 * newest examples ("Enabling Job Level Cost Allocation": `--release-label "emr-7.12.0"`); past 7.3.0,
 * so job concurrency and queuing, the retry policy and shuffle-optimized disks are all there.
 */
export const DEFAULT_EMR_RELEASE_LABEL = "emr-7.12.0";

/** The first release of each feature the package sets, `[major, minor, patch]`, with the page saying so. */
export const RELEASE_FLOORS = {
    /** "Customizing an EMR Serverless image": starting with Amazon EMR 6.9.0. */
    customImage: [6, 9, 0],
    /** "Job concurrency and queuing for an EMR Serverless application": 7.0.0 and later (API SchedulerConfiguration: "emr-7.0.0 and above"). */
    schedulerConfiguration: [7, 0, 0],
    /** "EMR Serverless Job resiliency": "releases 7.1.0 and higher include support for job resiliency" (StartJobRun's retryPolicy). */
    retryPolicy: [7, 1, 0],
    /** "EMR Serverless 7.11.0": a BATCH job's executionTimeoutMinutes is at most 7 days, and 0 (no timeout) is refused. */
    batchTimeoutCap: [7, 11, 0],
} as const satisfies Record<string, readonly [number, number, number]>;
export type ReleaseFeature = keyof typeof RELEASE_FLOORS;

/** `[major, minor, patch]` of a release label (`emr-7.12.0`, `emr-spark-8.0.0`), or undefined for another shape. */
export function releaseVersion(label: string): [number, number, number] | undefined {
    const m = /^emr-(?:spark-)?(\d+)\.(\d+)\.(\d+)$/.exec(label);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Whether `label`'s release has `feature` (see {@link RELEASE_FLOORS}); false for a label of unknown shape. */
export function releaseSupports(label: string, feature: ReleaseFeature): boolean {
    const version = releaseVersion(label);
    if (!version) return false;
    const floor = RELEASE_FLOORS[feature];
    for (let i = 0; i < 3; i++) if (version[i] !== floor[i]) return version[i] > floor[i];
    return true;
}

/** `emr-7.1.0` for a feature's floor, for messages. */
export function releaseFloorLabel(feature: ReleaseFeature): string {
    return `emr-${RELEASE_FLOORS[feature].join(".")}`;
}

/**
 * Worker sizes, "Understanding application behavior in EMR Serverless" → "Supported worker
 * configurations": memory per vCPU count (GB, inclusive, in steps), disk 20-200 GB per worker. The
 * 32 vCPU row (60, 120 or 244 GB) is in the guide's newest copy of that page only.
 */
export const WORKER_SIZES: readonly { vcpu: number; memoryGb: readonly number[] }[] = [
    { vcpu: 1, memoryGb: steps(2, 8, 1) },
    { vcpu: 2, memoryGb: steps(4, 16, 1) },
    { vcpu: 4, memoryGb: steps(8, 30, 1) },
    { vcpu: 8, memoryGb: steps(16, 60, 4) },
    { vcpu: 16, memoryGb: steps(32, 120, 8) },
    { vcpu: 32, memoryGb: [60, 120, 244] },
];
export const WORKER_DISK_GB = { min: 20, max: 200, default: 20 } as const;

function steps(min: number, max: number, step: number): number[] {
    const out: number[] = [];
    for (let x = min; x <= max; x += step) out.push(x);
    return out;
}

/** Worker sizes as text: `"4 vCPU"` (unit optional), `"16 GB"` (unit optional), disk `"20 GB"` (unit required) — API WorkerResourceConfig. */
export const CPU_SIZE_PATTERN = /^([1-9][0-9]*) ?(?:vCPU|vcpu|VCPU)?$/;
export const MEMORY_SIZE_PATTERN = /^([1-9][0-9]*) ?(?:GB|gb|gB|Gb)?$/;
export const DISK_SIZE_PATTERN = /^([1-9][0-9]*) ?(?:GB|gb|gB|Gb)$/;

/** The number in a size text (`"16 GB"` → 16), or undefined when the text is not of `pattern`'s shape. */
export function sizeOf(text: unknown, pattern: RegExp): number | undefined {
    if (typeof text !== "string" || text.length > 15) return undefined;
    const m = pattern.exec(text);
    return m ? Number(m[1]) : undefined;
}

/** An application id (API: 1-64 of `[0-9a-z]`; the service hands out 16, such as `00fabcd1234efg09`). */
export const APPLICATION_ID_PATTERN = /^[0-9a-z]{1,64}$/;

/** StartJobRun's `clientToken`, its idempotency token (API ClientToken: 1-64 of `[A-Za-z0-9._-]`). */
export const CLIENT_TOKEN_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** An application name (API CreateApplication `name`: 1-64 of `[A-Za-z0-9._/#-]`). */
export const APPLICATION_NAME_PATTERN = /^[A-Za-z0-9._\/#-]{1,64}$/;

/**
 * A custom image (API `ImageConfigurationInput.imageUri`, "Customizing an EMR Serverless image"): a
 * private ECR image, `<account>.dkr.ecr.<region>.<suffix>/<repository>` with a tag or a digest.
 * Groups: account, region, repository.
 */
export const ECR_IMAGE_URI_PATTERN = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.[a-z0-9.]+\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(?::[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/;

/** StartJobRun `retryPolicy.maxAttempts` for a BATCH job ("EMR Serverless Job resiliency": 1 to 10, default 1 = no rerun). */
export const JOB_ATTEMPTS = { min: 1, max: 10, default: 1 } as const;

/**
 * The Spark property that makes a job use the Glue Data Catalog as its metastore, and its value.
 * "Metastore configuration for EMR Serverless": the catalog is the default only for jobs started
 * from EMR Studio; jobs started through the SDK or CLI set this property.
 */
export const GLUE_METASTORE_PROPERTY = {
    name: "spark.hadoop.hive.metastore.client.factory.class",
    value: "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
} as const;
