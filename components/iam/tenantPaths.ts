/**
 * Which paths of a plane's resource bucket a tenant's job may name: every `s3://` (and `s3a://`,
 * `s3n://`) path pointing into the bucket must lie under one of the tenant's prefixes
 * (`staging|output|logs/tenants/<id>/`), since the tenant's execution IAM policy — intersected with the
 * runtime role for the job run ("Execution IAM policy", EMR Serverless User Guide) — allows nothing else
 * there. Paths in other buckets are not judged: a tenant's job may read them through its customer role
 * or access points. Paths are normalised as Hadoop's `Path` does (`.`/`..` segments and repeated
 * slashes), so `staging/tenants/acme/../acme2/x` is acme2's.
 *
 * Used by the command line's launches (launcher/tenantPaths.ts) and by a tenant's guarded launcher
 * (../guardedLaunch/guardedLauncher.ts), both before anything reaches AWS.
 */
import { prefixesOf } from "./tenant";
import { TENANTS_FOLDER } from "../../vocabulary/tenants";

/** The schemes Spark's file systems read S3 through. */
export const S3_URI = /\bs3[an]?:\/\/[^\s,;"'=]+/g;

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
 * The first of `fields` (`[field name, value]`) whose value names a path of `bucket` that tenant
 * `tenantId` cannot read, with the reason; undefined when every path is the tenant's or elsewhere.
 */
export function firstTenantPathProblem(fields: Array<[string, string]>, bucket: string, tenantId: string): { field: string; problem: string } | undefined {
    for (const [field, value] of fields) {
        for (const uri of String(value).match(S3_URI) ?? []) {
            const problem = tenantPathProblem(uri, bucket, tenantId);
            if (problem) return { field, problem };
        }
    }
    return undefined;
}
