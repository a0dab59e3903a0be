/**
 * The command's compile cache (bin/compileCache.js): a second run reads every module's compiled
 * code instead of compiling it, gives the same output, and never runs stale code — a changed file,
 * a damaged entry or another key are compiled afresh; ES modules and files it cannot compile go
 * to Node's own loader; DATAPLANE_COMPILE_CACHE=0 turns it off.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const CACHE_JS = path.join(ROOT, "bin", "compileCache.js");
const nodeMajor = Number(process.versions.node.split(".")[0]);

interface Stats { enabled: boolean; hits: number; misses: number; rejected: number; written: number; fallbacks: number }

/** Runs `main` in a new process with the cache installed (in `cache`), returning what it printed and the cache's statistics. */
/** This process's environment without the cache's own switches: each test sets the ones it means (a developer's DATAPLANE_COMPILE_CACHE=0 must not fail it). */
function ownEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith("DATAPLANE_COMPILE_CACHE")) delete env[key];
    return env;
}

function run(dir: string, cache: string, env: Record<string, string> = {}): { value: unknown; stats: Stats; stderr: string } {
    const script = `const c = require(${JSON.stringify(CACHE_JS)}); c.installCompileCache();
        let value; try { value = require(${JSON.stringify(path.join(dir, "main.js"))}); } catch (e) { value = { error: String(e.stack).split("\\n").slice(0, 2).join(" | ") }; }
        console.log(JSON.stringify({ value, stats: c.stats }));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...ownEnv(), DATAPLANE_COMPILE_CACHE_DIR: cache, ...env } });
    expect(r.status, r.stderr).to.equal(0);
    return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

describe("the command's compile cache (bin/compileCache.js)", function () {
    // Node 22.1+ has its own (module.enableCompileCache), which the cache uses instead: these test the Node 20 one.
    before(function () {
        if (nodeMajor >= 22) this.skip();
    });

    let dir: string;
    let cache: string;
    beforeEach(() => {
        dir = tempDir("dataplane-compile-");
        cache = path.join(dir, "cache");
        fs.writeFileSync(path.join(dir, "main.js"), [
            "const b = require('./b');",
            "module.exports = { b: b.value, self: __filename === module.filename, dir: __dirname === require('path').dirname(__filename),",
            "  resolved: require.resolve('./b'), paths: Array.isArray(require.resolve.paths('x')), cached: require.cache[__filename] === module, main: require.main === undefined ? 'none' : 'set' };",
        ].join("\n"));
        fs.writeFileSync(path.join(dir, "b.js"), "#!/usr/bin/env node\nexports.value = 'first';\n");
    });

    it("compiles and writes every module on the first run, reads them on the second, with the same result", () => {
        const first = run(dir, cache);
        expect(first.stats).to.include({ enabled: true, hits: 0, misses: 2, fallbacks: 0 });
        // Written at exit, one entry per module.
        expect(fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith(".bin"))).to.have.length(2);
        expect(first.value).to.deep.equal({ b: "first", self: true, dir: true, resolved: path.join(dir, "b.js"), paths: true, cached: true, main: "none" });
        const second = run(dir, cache);
        expect(second.stats).to.include({ hits: 2, misses: 0 });
        expect(second.value).to.deep.equal(first.value);
    });

    it("never runs a changed file's old code, and compiles past a damaged entry", () => {
        run(dir, cache);
        fs.writeFileSync(path.join(dir, "b.js"), "#!/usr/bin/env node\nexports.value = 'second, longer';\n");
        const changed = run(dir, cache);
        expect(changed.value).to.deep.include({ b: "second, longer" });
        expect(changed.stats).to.include({ hits: 1, misses: 1 });
        const entries = fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith(".bin"));
        expect(entries.length).to.be.greaterThan(0);
        for (const e of entries) fs.writeFileSync(path.join(cache, e), "damaged");
        const damaged = run(dir, cache);
        expect(damaged.value).to.deep.include({ b: "second, longer" });
        expect(damaged.stats).to.include({ hits: 0, misses: 2 });
    });

    it("keeps line numbers (a first #! line included) in stack traces", () => {
        fs.writeFileSync(path.join(dir, "b.js"), "#!/usr/bin/env node\n\nthrow new Error('on line 3');\n");
        for (let i = 0; i < 2; i++) expect(String((run(dir, cache).value as { error: string }).error)).to.match(/on line 3 \| .*b\.js:3:/);
    });

    it("leaves an ES module loaded by require to Node's own loader", () => {
        fs.writeFileSync(path.join(dir, "b.js"), "export const value = 'from an ES module';\n");
        const r = run(dir, cache, { NODE_NO_WARNINGS: "1" });
        expect(r.value).to.deep.include({ b: "from an ES module" });
        expect(r.stats.fallbacks).to.equal(1);
    });

    it("is off with DATAPLANE_COMPILE_CACHE=0", () => {
        const r = run(dir, cache, { DATAPLANE_COMPILE_CACHE: "0" });
        expect(r.stats).to.include({ enabled: false, hits: 0, misses: 0 });
        expect(fs.existsSync(cache)).to.equal(false);
    });

    it("dataplane check: the same report from the cache as without it", () => {
        const exportFile = path.join(ROOT, "test", "fixtures", "bad-plane", "stack-export.json");
        const check = (env: Record<string, string>) => spawnSync(process.execPath, [path.join(ROOT, "bin", "dataplane.js"), "check", exportFile, "--json"],
            { cwd: ROOT, encoding: "utf8", env: { ...ownEnv(), DATAPLANE_COMPILE_CACHE_DIR: cache, DATAPLANE_COMPILE_CACHE_STATS: "1", ...env } });
        const without = check({ DATAPLANE_COMPILE_CACHE: "0" });
        const first = check({});
        const second = check({});
        expect(without.status).to.equal(1);
        for (const r of [first, second]) {
            expect(r.status).to.equal(1);
            expect(r.stdout).to.equal(without.stdout);
        }
        // Only where the command runs compiled code (dist/ up to date) is the cache used at all.
        const stats = /compile cache: (.*)/.exec(second.stderr);
        if (stats) expect(JSON.parse(stats[1])).to.include({ misses: 0, written: 0 }).and.to.have.property("hits").greaterThan(50);
    });
});
