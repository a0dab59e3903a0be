/**
 * A tenant's launch names only what the tenant may read in the plane's bucket. Every `s3://` (and
 * `s3a://`, `s3n://`) path in the entry point's arguments and in the Spark properties (`spark.jars`,
 * `spark.submit.pyFiles`, `spark.files`, `spark.archives`, any other) that points into the plane's
 * resource bucket must lie under one of the tenant's prefixes (`staging|output|logs/tenants/<id>/`):
 * the tenant's execution IAM policy — intersected with the runtime role for the job run ("Execution IAM
 * policy", EMR Serverless User Guide) — allows nothing else there, so the job would fail at run time,
 * after the application started and billed. Refused before any AWS call, naming the field.
 *
 * Paths in other buckets are not judged: a tenant's job may read them through its customer role or
 * access points, which this launcher cannot see. Paths are normalised as Hadoop's `Path` does
 * (`.`/`..` segments and repeated slashes), so `staging/tenants/acme/../acme2/x` is acme2's.
 */
import { ValidationError } from "../components/validation";
import { prefixesOf } from "../components/iam/tenant";
import { TENANTS_FOLDER } from "../vocabulary/tenants";
import type { LaunchOptions } from "./options";

/** The schemes Spark's file systems read S3 through. */
const S3_URI = /\bs3[an]?:\/\/[^\s,;"'=]+/g;

/** A key as Hadoop's Path resolves it: no empty, `.` or `..` segments (a trailing `/` kept). */
export function normalisedKey(key: string): string {
    const out: string[] = [];
    for (const part of key.split("/")) {
        if (part === "" || part === ".") continue;
        if (part === "..") out.pop();
        else out.push(part);
    }
    const joined = out.join("/");
    return key.endsWith("/") && joined ? `${joined}/` : joined;
}

/** Why `uri` is not the tenant's to read, or undefined when it is (or is not in the plane's bucket). */
export function tenantPathProblem(uri: string, bucket: string, tenantId: string): string | undefined {
    const rest = uri.replace(/^s3[an]?:\/\//, "");
    const slash = rest.indexOf("/");
    const uriBucket = slash < 0 ? rest : rest.slice(0, slash);
    if (uriBucket !== bucket) return undefined;
    const key = normalisedKey(slash < 0 ? "" : rest.slice(slash + 1));
    const mine = Object.values(prefixesOf(tenantId));
    if (mine.some((p) => key.startsWith(p))) return undefined;
    const other = new RegExp(`^[^/]+/${TENANTS_FOLDER}([^/]+)/`).exec(key)?.[1];
    const allowed = mine.join(", ");
    if (other !== undefined && other !== tenantId) {
        return `${uri} is in tenant ${other}'s prefix of the plane's bucket: tenant ${tenantId}'s execution IAM policy refuses it, so the job would fail; use a path under ${allowed}`;
    }
    return `${uri} is outside tenant ${tenantId}'s prefixes of the plane's bucket: its execution IAM policy allows only ${allowed}, so the job would fail`;
}

/**
 * Throws a ValidationError naming the first field (`entryPointArguments[i]`, `sparkProperties["spark.jars"]`)
 * holding a path of the plane's bucket the tenant cannot read.
 */
export function checkTenantPaths(opts: Pick<LaunchOptions, "message" | "entryPointArguments" | "sparkProperties">, tenantId: string): void {
    const fields: Array<[string, string]> = [
        ...(opts.entryPointArguments ?? []).map((a, i): [string, string] => [`entryPointArguments[${i}]`, a]),
        ...Object.entries(opts.sparkProperties ?? {}).map(([name, value]): [string, string] => [`sparkProperties[${JSON.stringify(name)}]`, value]),
    ];
    for (const [field, value] of fields) {
        for (const uri of String(value).match(S3_URI) ?? []) {
            const problem = tenantPathProblem(uri, opts.message.resourceBucket, tenantId);
            if (problem) throw new ValidationError(field, problem);
        }
    }
}
