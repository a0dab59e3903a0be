/**
 * The command's resolution cache (bin/resolveCache.js): a second run finds every module from the
 * cache, to the very files Node's own resolution finds; a file that is gone is resolved afresh, an
 * install (npm's lock file changing) or a build throws the cache away, and what it must not decide
 * (built-in modules, `require.resolve` with `paths`) goes to Node.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const RESOLVE_JS = path.join(ROOT, "bin", "resolveCache.js");

interface Stats { enabled: boolean; hits: number; misses: number; stale: number; saved: boolean }

/** This process's environment without the caches' switches (a developer's DATAPLANE_COMPILE_CACHE=0 must not fail these). */
function ownEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith("DATAPLANE_COMPILE_CACHE")) delete env[key];
    return env;
}

/** Runs the package's main.js in a new process, with the cache unless `cached` is false; what main.js resolved, and the statistics. */
function run(pkg: string, cached = true, env: Record<string, string> = {}): { value: Record<string, string>; stats: Stats } {
    const script = `const c = require(${JSON.stringify(RESOLVE_JS)});
        if (${cached}) c.installResolveCache(${JSON.stringify(path.join(pkg, "node_modules", ".cache", "x"))}, ${JSON.stringify(pkg)}, ${JSON.stringify(path.join(pkg, "node_modules"))});
        const value = require(${JSON.stringify(path.join(pkg, "main.js"))});
        process.on("exit", () => console.log(JSON.stringify({ value, stats: c.stats })));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...ownEnv(), ...env } });
    expect(r.status, r.stderr).to.equal(0);
    return JSON.parse(r.stdout);
}

/** A package whose main.js requires a relative file, a dependency (through its `exports`), a nested file and a built-in module. */
function makePackage(): string {
    const pkg = tempDir("dataplane-resolve-");
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(pkg, file)), { recursive: true });
        fs.writeFileSync(path.join(pkg, file), text);
    };
    write("dist/.built", "now");
    write("node_modules/.package-lock.json", "{}");
    write("node_modules/dep/package.json", JSON.stringify({ name: "dep", exports: { ".": "./lib/main.js", "./extra": "./lib/extra.js" } }));
    write("node_modules/dep/lib/main.js", "module.exports = require.resolve('./extra.js');");
    write("node_modules/dep/lib/extra.js", "module.exports = 1;");
    write("lib/b.js", "module.exports = 'b';");
    write("main.js", [
        "const fs = require('fs');",
        "module.exports = { b: require.resolve('./lib/b'), dep: require.resolve('dep'), extra: require.resolve('dep/extra'), inner: require('dep'),",
        "  builtin: require.resolve('node:path'), viaPaths: require.resolve('dep', { paths: [__dirname] }), fs: typeof fs.readFileSync };",
    ].join("\n"));
    return pkg;
}

describe("the command's resolution cache (bin/resolveCache.js)", () => {
    it("resolves every request on the first run and saves them; the second run finds them all in the cache, to the same files as Node", () => {
        const pkg = makePackage();
        const node = run(pkg, false).value;
        const first = run(pkg);
        expect(first.value).to.deep.equal(node);
        // A request made twice in one run (require.resolve('dep'), then require('dep')) is found the second time.
        expect(first.stats).to.include({ enabled: true, stale: 0, saved: true });
        expect(first.stats.misses).to.be.greaterThan(3);
        const second = run(pkg);
        expect(second.value).to.deep.equal(node);
        expect(second.stats).to.include({ misses: 0, stale: 0, saved: false, hits: first.stats.hits + first.stats.misses });
        expect(node).to.include({ builtin: "node:path", fs: "function", dep: path.join(fs.realpathSync(pkg), "node_modules", "dep", "lib", "main.js") });
    });

    it("a file that is gone is resolved afresh (where Node finds the module now)", () => {
        const pkg = makePackage();
        run(pkg);
        fs.rmSync(path.join(pkg, "lib", "b.js"));
        fs.mkdirSync(path.join(pkg, "lib", "b"));
        fs.writeFileSync(path.join(pkg, "lib", "b", "index.js"), "module.exports = 'b';");
        const after = run(pkg);
        expect(after.stats).to.include({ stale: 1, saved: true });
        expect(after.value.b).to.equal(path.join(fs.realpathSync(pkg), "lib", "b", "index.js"));
        expect(after.value).to.deep.equal(run(pkg, false).value);
    });

    it("an install (npm's lock file) or a build (dist/.built) throws the cache away; DATAPLANE_COMPILE_CACHE=0 turns it off", () => {
        const pkg = makePackage();
        const first = run(pkg);
        for (const stamp of ["node_modules/.package-lock.json", "dist/.built"]) {
            const later = new Date(Date.now() + 5000 + Math.random() * 1000);
            fs.utimesSync(path.join(pkg, stamp), later, later);
            const again = run(pkg);
            expect(again.stats, stamp).to.include({ hits: first.stats.hits, misses: first.stats.misses, saved: true });
        }
        expect(run(pkg, true, { DATAPLANE_COMPILE_CACHE: "0" }).stats).to.include({ enabled: false, hits: 0, misses: 0 });
    });

    it("threads that read the cache at once and save at exit keep each other's entries (a fleet's worker threads share one file)", () => {
        const pkg = makePackage();
        fs.writeFileSync(path.join(pkg, "one.js"), "module.exports = require('./lib/b');");
        fs.writeFileSync(path.join(pkg, "two.js"), "module.exports = require('dep');");
        const folder = path.join(pkg, "node_modules", ".cache", "x");
        // Both threads install (reading no file) before either exits; each then requires its own file and saves.
        const thread = (file: string) => `const { parentPort } = require("worker_threads");
            require(${JSON.stringify(RESOLVE_JS)}).installResolveCache(${JSON.stringify(folder)}, ${JSON.stringify(pkg)}, ${JSON.stringify(path.join(pkg, "node_modules"))});
            require(${JSON.stringify(path.join(pkg, file))});
            parentPort.postMessage("ready");
            parentPort.once("message", () => process.exit(0));`;
        const script = `const { Worker } = require("worker_threads");
            const threads = [${JSON.stringify(thread("one.js"))}, ${JSON.stringify(thread("two.js"))}].map((code) => new Worker(code, { eval: true }));
            let ready = 0;
            for (const t of threads) t.on("message", () => { if (++ready === 2) for (const u of threads) u.postMessage("go"); });`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: ownEnv() });
        expect(r.status, r.stderr).to.equal(0);
        const saved = fs.readdirSync(folder).filter((f) => f.startsWith("resolve-"));
        expect(saved, "one cache file, no temporary file left").to.have.length(1);
        const keys = new Set((JSON.parse(fs.readFileSync(path.join(folder, saved[0]), "utf8")).entries as [string, string][]).map(([key]) => key));
        expect([...keys]).to.include.members([`${pkg}\0./lib/b`, `${pkg}\0dep`]);
    });
});
