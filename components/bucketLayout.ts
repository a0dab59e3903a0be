/**
 * Where things live inside a data plane's resource bucket. One definition, used by the
 * bucket's lifecycle rules, the IAM documents that scope access to these prefixes, and
 * the launcher that stages entry points and points job logs here.
 */
export const RESOURCE_BUCKET_PREFIXES = {
    /** EMR Serverless job logs (`monitoringConfiguration.s3MonitoringConfiguration.logUri`). */
    logs: "logs/",
    /** Files staged for a job run: entry points, dependencies, small inputs. */
    staging: "staging/",
    /** What jobs write (a shared plane's tenants each under `output/tenants/<id>/`). */
    output: "output/",
} as const;

export type ResourceBucketPrefix = (typeof RESOURCE_BUCKET_PREFIXES)[keyof typeof RESOURCE_BUCKET_PREFIXES];

export const RESOURCE_BUCKET_PREFIX_LIST: readonly ResourceBucketPrefix[] = Object.values(RESOURCE_BUCKET_PREFIXES);
