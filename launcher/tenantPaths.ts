/**
 * A tenant's launch names only what the tenant may read in the plane's bucket. Every `s3://` (and
 * `s3a://`, `s3n://`) path in the entry point's arguments and in the Spark properties (`spark.jars`,
 * `spark.submit.pyFiles`, `spark.files`, `spark.archives`, any other) that points into the plane's
 * resource bucket must lie under one of the tenant's prefixes (`staging|output|logs/tenants/<id>/`):
 * the tenant's execution IAM policy — intersected with the runtime role for the job run ("Execution IAM
 * policy", EMR Serverless User Guide) — allows nothing else there, so the job would fail at run time,
 * after the application started and billed. Refused before any AWS call, naming the field.
 *
 * Which paths are the tenant's, and why: ../components/iam/tenantPaths.ts (shared with the guarded launcher).
 */
import { ValidationError } from "../components/validation";
import { firstTenantPathProblem } from "../components/iam/tenantPaths";
import type { LaunchOptions } from "./options";

/**
 * Throws a ValidationError naming the first field (`entryPointArguments[i]`, `sparkProperties["spark.jars"]`)
 * holding a path of the plane's bucket the tenant cannot read.
 */
export function checkTenantPaths(opts: Pick<LaunchOptions, "message" | "entryPointArguments" | "sparkProperties">, tenantId: string): void {
    const fields: Array<[string, string]> = [
        ...(opts.entryPointArguments ?? []).map((a, i): [string, string] => [`entryPointArguments[${i}]`, a]),
        ...Object.entries(opts.sparkProperties ?? {}).map(([name, value]): [string, string] => [`sparkProperties[${JSON.stringify(name)}]`, value]),
    ];
    const found = firstTenantPathProblem(fields, opts.message.resourceBucket, tenantId);
    if (found) throw new ValidationError(found.field, found.problem);
}
