/**
 * `npm run build`: the compiled package in dist/ — `tsc` (one pass over tsconfig.json's whole
 * program: it type-checks every file `npm run typecheck` does, so CI checks types once; the
 * tests, tools and benchmarks it also compiles are removed from dist/), then the policies' data
 * derived from their data sets (tools/buildPolicyData.ts), the policy pack folder
 * (tools/buildPack.ts) and the plugin folder with the component schema (tools/buildPlugin.ts),
 * then the stamp dist/.built that bin/dataplane.js compares with the sources.
 *
 *   node --require tsx/cjs tools/build.ts              build
 *   node --require tsx/cjs tools/build.ts --if-stale   build only when a source changed since the last build
 *                                                      (npm test and npm run preview do this first)
 *
 * It runs under tsx's CommonJS hook (`--require tsx/cjs`, a third of `--import tsx`'s start-up:
 * about 0.5 s less before every `npm test`), so it loads its modules with require(), not import().
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
/** Folders tsc compiles with the package (tsconfig.build.json's program is tsconfig.json's) that are not part of it. */
export const NOT_SHIPPED = ["test", "tools", "bench"];
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { compiledIsFresh } = require("../bin/freshness") as { compiledIsFresh(): boolean };

async function build(): Promise<void> {
    const started = Date.now();
    // Loaded only to build: `--if-stale` on a fresh dist/ (npm test and npm run preview ask first) loads nothing of the package.
    /* eslint-disable @typescript-eslint/no-var-requires */
    const { buildPack } = require("./buildPack") as typeof import("./buildPack");
    const { buildPlugin } = require("./buildPlugin") as typeof import("./buildPlugin");
    const { buildPolicyData } = require("./buildPolicyData") as typeof import("./buildPolicyData");
    /* eslint-enable @typescript-eslint/no-var-requires */
    // tsc in its own process, and meanwhile here the plugin folder: the component schema's analysis
    // reads only the sources (provider/analysisCache.ts keys it by them) and dist/plugin/ is no tsc
    // output. On a clean clone (CI) each is about 17 s of CPU, so two cores take them side by side.
    const [compiled, built] = await Promise.allSettled([tsc(), buildPlugin()]);
    if (compiled.status === "rejected") throw compiled.reason;
    if (built.status === "rejected") throw built.reason;
    const plugin = built.value;
    for (const notShipped of NOT_SHIPPED) fs.rmSync(path.join(ROOT, "dist", notShipped), { recursive: true, force: true });
    const data = buildPolicyData();
    const pack = buildPack();
    fs.writeFileSync(path.join(ROOT, "dist", ".built"), new Date().toISOString());
    console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s: the policies' prebuilt data (${data.length} files), the policy pack (${pack.files.length} modules), ` +
        `the plugin (schema of ${plugin.components} components${plugin.analysed ? ", analysed from the sources" : ", unchanged since its last analysis"})`);
}

/** `tsc -p tsconfig.build.json`, its output shown as it comes; rejects with its exit status. */
function tsc(): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
        child.on("error", reject);
        child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.build.json exited with ${code ?? signal}`))));
    });
}

if (require.main === module) {
    if (process.argv.includes("--if-stale") && compiledIsFresh()) {
        process.exitCode = 0;
    } else {
        build().catch((err) => {
            console.error(`build failed: ${(err as Error).message}`);
            process.exitCode = 1;
        });
    }
}
