// A compile cache for the `dataplane` command's JavaScript (its own and its dependencies'): V8's
// code cache for each module, kept between runs, so that a command's start-up deserialises the
// compiled code instead of parsing and compiling every module again. Compiling was about a sixth
// of one offline preview's CPU time (docs/development.md, "Where the time goes").
//
// On Node.js 22.1 and later this is Node's own `module.enableCompileCache()`. Node.js 20 has no
// such switch: there the loader's compile step is replaced for `.js` files by the same steps through
// `vm.Script` with `cachedData` — the module wrapper, then the wrapper called with `exports`,
// `require`, `module`, `__filename` and `__dirname` as Node's loader calls it — and any file that
// step cannot compile as a CommonJS script (an ES module loaded by `require`) goes to Node's own
// step unchanged. After the command, the code of each module compiled without a usable cache entry
// (its functions compiled so far included) is written for the next run.
//
// The cache lives in `node_modules/.cache/emr-dataplane-compile/` beside the package (policies/model/cacheFolder.ts;
// skipped where that is not writable), one file per module named by a hash of the file's path, size and
// modification time and holding that key, under a folder per Node.js version and architecture: a
// changed file or another Node.js never reads an old entry, and V8 itself refuses data that does
// not fit. DATAPLANE_COMPILE_CACHE=0 turns it off; DATAPLANE_COMPILE_CACHE_DIR=<folder> keeps it elsewhere.
//
// Why not the `v8-compile-cache` package (MIT, 2.4.0), measured in its place: it compiles every module as
// CommonJS whatever format Node passes (an ES module loaded by `require`, which Node 20.19+ allows, fails
// with a SyntaxError), never uses Node 22's own cache, hashes each module's source at every start and keeps
// one blob per entry file in the system's temp folder; one offline preview took 820 ms CPU with it, 730 ms
// with this file and 785 ms with neither (medians of 8 interleaved runs on 2 busy cores, Node 20.20).
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");
const { threadId } = require("worker_threads");

/** The cache folder for this package, or undefined when no node_modules folder holds it (the package's one rule: policies/model/cacheFolder.ts). */
function cacheRoot() {
    // Installed only when dist/ is current (./dataplane.js), so the compiled rule is there.
    const { cacheFolder, COMPILE_CACHE } = require("../dist/policies/model/cacheFolder.js");
    return cacheFolder(COMPILE_CACHE, path.resolve(__dirname, ".."));
}

/** FNV-1a over a string, as 8 hex digits (the entry's key is stored in it too, and compared). */
function hash(text, seed) {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 16777619) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
}

/** Statistics of this process's use of the cache, for tests (`DATAPLANE_COMPILE_CACHE_STATS=1` prints them at exit). */
const stats = { enabled: false, hits: 0, misses: 0, rejected: 0, written: 0, fallbacks: 0 };

/**
 * Installs the cache (once), before the command's modules load. Returns how it was installed:
 * "node" (Node's own), "vm" (this file's), or undefined (turned off, or nowhere to keep it).
 */
function installCompileCache() {
    if (process.env.DATAPLANE_COMPILE_CACHE === "0") return undefined;
    const root = process.env.DATAPLANE_COMPILE_CACHE_DIR || cacheRoot();
    if (!root) return undefined;
    if (typeof Module.enableCompileCache === "function") {
        const result = Module.enableCompileCache(root);
        stats.enabled = Boolean(result && result.status !== Module.constants?.compileCacheStatus?.FAILED);
        return stats.enabled ? "node" : undefined;
    }
    if (!vm.constants || vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER === undefined) return undefined;
    const dir = path.join(root, `${process.version}-${process.arch}`);
    stats.enabled = true;
    /** Scripts compiled without a usable entry: their code is written at exit. */
    const pending = [];
    const original = Module.prototype._compile;
    Module.prototype._compile = function compile(content, filename, format) {
        // ES modules (and anything the loader already knows is one), other extensions and a patched wrapper: Node's own step.
        if (format === "module" || !filename.endsWith(".js") || Module.wrap !== WRAP) return original.apply(this, arguments);
        let key;
        let file;
        try {
            const stat = fs.statSync(filename);
            key = `${filename}\0${stat.size}\0${stat.mtimeMs}`;
            file = path.join(dir, `${hash(key, 2166136261)}${hash(key, 84696351)}.bin`);
        } catch {
            return original.apply(this, arguments);
        }
        const cachedData = readEntry(file, key);
        let script;
        try {
            // A file starting with `#!` keeps its line numbers: the line is blanked, not removed.
            const source = content.startsWith("#!") ? content.replace(/^#!.*/, "") : content;
            script = new vm.Script(Module.wrap(source), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
        } catch {
            // Not a CommonJS script (an ES module loaded with require, a syntax error): Node's own step decides.
            stats.fallbacks++;
            return original.apply(this, arguments);
        }
        if (cachedData && !script.cachedDataRejected) stats.hits++;
        else {
            if (cachedData) stats.rejected++;
            else stats.misses++;
            pending.push({ script, file, key });
        }
        const wrapper = script.runInThisContext({ displayErrors: true });
        return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
    };
    process.once("exit", () => {
        if (pending.length === 0) return;
        try {
            fs.mkdirSync(dir, { recursive: true });
            for (const { script, file, key } of pending) {
                const keyBytes = Buffer.from(key);
                const header = Buffer.alloc(4);
                header.writeUInt32LE(keyBytes.length);
                // Written aside (named by process and thread: a fleet's worker threads share a pid) and
                // renamed: a concurrent command or thread never reads half an entry.
                const partial = `${file}.${process.pid}-${threadId}.tmp`;
                fs.writeFileSync(partial, Buffer.concat([header, keyBytes, script.createCachedData()]));
                fs.renameSync(partial, file);
                stats.written++;
            }
        } catch {
            // a read-only install: compile again next time
        }
    });
    if (process.env.DATAPLANE_COMPILE_CACHE_STATS === "1") process.once("exit", () => process.stderr.write(`compile cache: ${JSON.stringify(stats)}\n`));
    return "vm";
}

const WRAP = Module.wrap;

/** The code cached for `key` in `file`, or undefined (none, another key, unreadable). */
function readEntry(file, key) {
    let bytes;
    try {
        bytes = fs.readFileSync(file);
    } catch {
        return undefined;
    }
    if (bytes.length < 4) return undefined;
    const length = bytes.readUInt32LE(0);
    if (4 + length > bytes.length || bytes.toString("utf8", 4, 4 + length) !== key) return undefined;
    return bytes.subarray(4 + length);
}

/** The `require` Node's loader gives a module (lib/internal/modules/helpers.js, makeRequireFunction). */
function makeRequire(mod) {
    const require = function require(id) {
        return mod.require(id);
    };
    require.resolve = function resolve(request, options) {
        return Module._resolveFilename(request, mod, false, options);
    };
    require.resolve.paths = function paths(request) {
        return Module._resolveLookupPaths(request, mod);
    };
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
}

/**
 * The `dataplane` command's caches, as bin/dataplane.js installs them for the command and a fleet's
 * worker threads (cli/fleetWorkers.ts) for themselves: compiled code, then where each `require` found
 * its module (./resolveCache.js), kept beside it.
 */
function installCommandCaches() {
    if (!installCompileCache()) return;
    const folder = cacheRoot();
    if (folder) require("./resolveCache").installResolveCache(folder, path.resolve(__dirname, ".."), path.dirname(path.dirname(folder)));
}

module.exports = { installCompileCache, installCommandCaches, stats };
