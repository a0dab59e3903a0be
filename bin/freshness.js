// Whether dist/ (the compiled package) is up to date with the TypeScript sources of a checkout.
// Used by bin/dataplane.js (run dist/ or the sources) and by `npm run build -- --if-stale`.
// An installed package ships no sources: its dist/ is all there is, and always current.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
/** The source folders dist/ is compiled from (and the top-level index.ts). */
const SOURCES = ["vocabulary", "files", "components", "message", "stacks", "engine", "cli", "policies", "launcher", "provider", "testing"];

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
        else if (/\.(ts|json|ya?ml)$/.test(e.name)) latest = Math.max(latest, fs.statSync(p).mtimeMs);
    }
    return latest;
}

/** Whether dist/ holds a finished build (the command and the stamp `npm run build` writes last). */
function compiledExists() {
    return fs.existsSync(path.join(root, "dist", "cli", "main.js")) && fs.existsSync(path.join(root, "dist", ".built"));
}

/** True when dist/ was built (its stamp exists) after every source last changed, or when there are no sources (an install). */
function compiledIsFresh() {
    if (!compiledExists()) return false;
    if (!isCheckout()) return true;
    const built = fs.statSync(path.join(root, "dist", ".built")).mtimeMs;
    return SOURCES.every((d) => newest(path.join(root, d)) <= built) && fs.statSync(path.join(root, "index.ts")).mtimeMs <= built;
}

/** A checkout has the TypeScript sources; an installed package does not. */
function isCheckout() {
    return fs.existsSync(path.join(root, "cli", "main.ts"));
}

module.exports = { compiledExists, compiledIsFresh, isCheckout, SOURCES };
