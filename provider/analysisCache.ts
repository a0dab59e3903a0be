/**
 * The component schema Pulumi's analyzer derived from these exact sources, kept by content: the
 * analyzer is a TypeScript program over the whole package (about 15 s of CPU), and the build, the
 * docs generator and the tests each asked for it — four analyses of the same files in one CI run.
 * The key is a hash of every file the analyzer's program reads from this checkout (tsconfig.json's
 * file list, and the JSON beside those sources) and of what it reads from outside it (the lockfile, the SDK's and TypeScript's
 * versions), so an entry is the analyzer's answer for exactly these inputs; any change to any of
 * them is a new key and a new analysis. `test/`, `tools/` and `bench/` are left out: nothing the
 * components import is there, and test/package/analysisCache.spec.ts checks that they declare
 * nothing global either.
 * A checkout only (an install has no sources and serves dist/plugin/schema.json).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ANALYSIS_CACHE, cacheFolder, writeCacheFile } from "../policies/model/cacheFolder";

/** Files of the checkout, besides the program's sources, whose content the analysis depends on. */
const ALSO_READ = ["tsconfig.json", "package.json", "package-lock.json"];
/** Left out of the key: the program includes the tests, tools and benchmarks, but nothing analysed imports them. */
export const NOT_READ = ["test", "tools", "bench"];

/** Every file of `root` the analysis depends on, relative and sorted. */
export function analysisInputs(root: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const ts = require("typescript") as typeof import("typescript");
    const configPath = path.join(root, "tsconfig.json");
    const config = ts.readConfigFile(configPath, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const sources = parsed.fileNames.map((f) => path.relative(root, f).split(path.sep).join("/"))
        .filter((f) => !NOT_READ.some((d) => f === d || f.startsWith(`${d}/`)));
    // JSON beside the sources (resolveJsonModule: a source may import it, e.g. the message schema).
    const json = [...new Set(sources.map((f) => path.posix.dirname(f)))]
        .flatMap((dir) => fs.readdirSync(path.join(root, dir)).filter((n) => n.endsWith(".json")).map((n) => path.posix.join(dir, n)));
    return [...new Set([...sources, ...json, ...ALSO_READ.filter((f) => fs.existsSync(path.join(root, f)))])].sort();
}

/** The versions of what the analysis runs with, from outside the checkout's sources. */
function toolVersions(root: string): string {
    const version = (pkg: string) => {
        try {
            return JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")).version as string;
        } catch {
            return "none";
        }
    };
    return `@pulumi/pulumi@${version("@pulumi/pulumi")} typescript@${version("typescript")} node@${process.versions.node}`;
}

/** The key of an analysis of `files` (paths relative to the root) read by `read`. */
export function analysisKey(files: string[], read: (file: string) => Buffer | string, tools: string): string {
    const hash = crypto.createHash("sha256").update(tools).update("\0");
    for (const f of files) hash.update(f).update("\0").update(read(f)).update("\0");
    return hash.digest("hex").slice(0, 32);
}

/** The cache folder: node_modules/.cache/, where build tools keep what they derive from a checkout (the package's one rule: policies/model/cacheFolder.ts). */
export function analysisCacheDir(root: string): string {
    return cacheFolder(ANALYSIS_CACHE, root) ?? path.join(root, "node_modules", ".cache", ANALYSIS_CACHE);
}

/** This checkout's key now. */
export function currentAnalysisKey(root: string): string {
    return analysisKey(analysisInputs(root), (f) => fs.readFileSync(path.join(root, f)), toolVersions(root));
}

/** The schema kept for `key`, or undefined. */
export function readAnalysis(root: string, key: string): string | undefined {
    try {
        return fs.readFileSync(path.join(analysisCacheDir(root), `component-schema-${key}.json`), "utf8");
    } catch {
        return undefined;
    }
}

/** Keeps a schema for `key` (written whole, then renamed: a parallel reader never sees half of it); older entries are removed. */
export function writeAnalysis(root: string, key: string, schema: string): void {
    const dir = analysisCacheDir(root);
    const file = path.join(dir, `component-schema-${key}.json`);
    writeCacheFile(file, schema);
    for (const old of fs.readdirSync(dir)) {
        if (/^component-schema-[0-9a-f]+\.json$/.test(old) && path.join(dir, old) !== file) fs.rmSync(path.join(dir, old), { force: true });
    }
}
