// A cache of module resolution for the `dataplane` command, kept between runs beside the compile cache
// (./compileCache.js): which file each `require(request)` from a folder resolved to. Finding a module is
// a walk of stat calls, `package.json` reads and `exports` maps; an offline preview makes some 1,600
// of them for its 330 modules, about a seventh of its start on a busy machine. With the cache, a
// request seen before costs a lookup, and each file it names one check that the file is still there.
//
// What it keeps is thrown away whenever what resolution depends on may have changed: the cache is
// keyed by the mtimes of the files an install rewrites in `node_modules` (npm's `.package-lock.json`,
// Yarn's `.yarn-integrity`, pnpm's `.modules.yaml`), of the package's `dist/.built` stamp (a build),
// and by the Node.js version; an entry whose file is gone is resolved afresh. Only plain `require(request)` calls
// from a module are cached (not `require.resolve` with `paths`, the entry point or built-in modules).
// DATAPLANE_COMPILE_CACHE=0 turns it off with the compile cache.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");
const { threadId } = require("worker_threads");

/** Statistics of this process's use of the cache, for tests (`DATAPLANE_COMPILE_CACHE_STATS=1` prints them at exit). */
const stats = { enabled: false, hits: 0, misses: 0, stale: 0, saved: false };

/** An mtime, or 0 when the path is missing. */
function mtime(file) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? stat.mtimeMs : 0;
}

/**
 * Installs the cache (once), keeping it in `folder` (the compile cache's), for the package in
 * `packageRoot`, whose dependencies are in `nodeModules`. Returns false when turned off.
 */
function installResolveCache(folder, packageRoot, nodeModules) {
    if (stats.enabled || process.env.DATAPLANE_COMPILE_CACHE === "0") return false;
    stats.enabled = true;
    const file = path.join(folder, `resolve-${process.version}-${process.arch}.json`);
    // What an install rewrites (npm's, Yarn's and pnpm's record of the folder; not the folder's own mtime,
    // which changes whenever a cache folder is made in it), and a build's stamp.
    const stamp = [".package-lock.json", ".yarn-integrity", ".modules.yaml"].map((f) => mtime(path.join(nodeModules, f)))
        .concat(mtime(path.join(packageRoot, "dist", ".built"))).join(",");
    let entries = new Map();
    try {
        const saved = JSON.parse(fs.readFileSync(file, "utf8"));
        if (saved && saved.stamp === stamp && Array.isArray(saved.entries)) entries = new Map(saved.entries);
    } catch {
        // none yet, or unreadable: resolve afresh
    }
    let added = 0;
    /** Files named by a cached entry, checked once per process: whether each is still a file. */
    const present = new Map();
    const original = Module._resolveFilename;
    Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
        if (options !== undefined || isMain || !parent || typeof parent.filename !== "string" || typeof request !== "string" || Module.isBuiltin(request)) {
            return original.apply(this, arguments);
        }
        const key = `${path.dirname(parent.filename)}\0${request}`;
        const cached = entries.get(key);
        if (cached !== undefined) {
            let there = present.get(cached);
            if (there === undefined) {
                const stat = fs.statSync(cached, { throwIfNoEntry: false });
                present.set(cached, (there = Boolean(stat && stat.isFile())));
            }
            if (there) {
                stats.hits++;
                return cached;
            }
            stats.stale++;
        } else stats.misses++;
        const resolved = original.apply(this, arguments);
        if (typeof resolved === "string" && path.isAbsolute(resolved) && resolved !== cached) {
            entries.set(key, resolved);
            added++;
        }
        return resolved;
    };
    process.once("exit", () => {
        if (added === 0) return;
        // Threads of one process (a fleet's workers) and other commands save the same file, often at the
        // same moment: one at a time, under a lock file, each keeping what the others saved since it read
        // the file. A lock it cannot take within a moment (or a crashed holder's, left behind) skips the
        // save: the next run saves what this one found.
        const lock = `${file}.lock`;
        let held = false;
        try {
            fs.mkdirSync(folder, { recursive: true });
            for (let tries = 0; tries < 100 && !held; tries++) {
                try {
                    fs.closeSync(fs.openSync(lock, "wx"));
                    held = true;
                } catch {
                    if (Date.now() - mtime(lock) > 10000) fs.rmSync(lock, { force: true });
                    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
                }
            }
            if (!held) return;
            try {
                const now = JSON.parse(fs.readFileSync(file, "utf8"));
                if (now && now.stamp === stamp && Array.isArray(now.entries)) {
                    for (const [key, resolved] of now.entries) if (!entries.has(key)) entries.set(key, resolved);
                }
            } catch {
                // none, or unreadable: ours alone
            }
            // Written aside (named by process and thread: a fleet's threads share a pid) and renamed: a
            // command starting meanwhile reads the old file or the new, never half of one.
            const partial = `${file}.${process.pid}-${threadId}.tmp`;
            fs.writeFileSync(partial, JSON.stringify({ stamp, entries: [...entries] }));
            fs.renameSync(partial, file);
            stats.saved = true;
        } catch {
            // a read-only install: resolve afresh next time
        } finally {
            if (held) fs.rmSync(lock, { force: true });
        }
    });
    if (process.env.DATAPLANE_COMPILE_CACHE_STATS === "1") process.once("exit", () => process.stderr.write(`resolve cache: ${JSON.stringify(stats)}\n`));
    return true;
}

module.exports = { installResolveCache, stats };
