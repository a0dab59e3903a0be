#!/usr/bin/env node
// The `dataplane` command (see cli/main.ts).
//
// Installed from npm, it runs the compiled JavaScript in dist/. In a checkout it runs dist/ when
// that is up to date with the TypeScript sources (`npm run build`), otherwise the sources through
// tsx (a development dependency), after loading the big libraries directly (tsx's hook would slow
// every one of their files down). Finding that out looks at every source file's time (some 200 in
// this checkout, 7-11 ms), which an installed package, having no sources, never does: a caller that
// has just built dist/ (the benchmarks) sets DATAPLANE_DIST_FRESH=1 to run it as an install does.
"use strict";
const { compiledExists, compiledIsFresh } = require("./freshness");

function loadMain() {
    if (process.env.DATAPLANE_FROM_SOURCE !== "1" && (process.env.DATAPLANE_DIST_FRESH === "1" ? compiledExists() : compiledIsFresh())) {
        // Compiled code is read from the compile cache when an earlier run left it there, and modules are
        // found through the resolution cache kept beside it (see each).
        require("./compileCache").installCommandCaches();
        return require("../dist/cli/main.js").main;
    }
    try {
        require("tsx/cjs/api").register();
    } catch {
        process.stderr.write("error: dist/ is missing or older than the sources, and running the sources needs tsx: run npm ci && npm run build\n");
        process.exit(2);
    }
    require("../engine/offline/lazyClosure.ts"); // before the SDK loads (see there)
    const preload = (name) => {
        try {
            require(name);
        } catch {
            // a missing optional peer is reported by the command that needs it
        }
    };
    if (process.argv[2] === "preview" || process.argv[2] === "fleet") ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/random"].forEach(preload);
    if (["preview", "check", "fleet"].includes(process.argv[2])) preload("@pulumi/policy/server");
    return require("../cli/main.ts").main;
}

function fail(err) {
    process.stderr.write(`internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 3;
}

// A reader that stops early (`dataplane preview … | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
        if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw err;
    });
}

let main;
try {
    main = loadMain();
} catch (err) {
    fail(err);
}
if (main) main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, fail);
