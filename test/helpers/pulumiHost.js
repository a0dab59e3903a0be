/**
 * Runs one Pulumi project's `main` through the Pulumi CLI's own Node.js language host
 * (`@pulumi/pulumi/cmd/run`, started as the CLI starts it: in the project folder, with the
 * project's settings in flags and PULUMI_NODEJS_TYPESCRIPT for `runtime.options.typescript`), under
 * the offline engine's AWS-like mocks instead of a resource monitor. Plain JavaScript, started
 * with no loader: the program's TypeScript is compiled only by the ts-node the host registers (the
 * package's own, else the SDK's vendored one) with the project folder's tsconfig.json when there is
 * one, type-checking unless that tsconfig says `noCheck` — as `pulumi preview` would.
 *
 * Input: the environment variable DATAPLANE_PULUMI_HOST, JSON
 *   { root, projectDir, main, project, stack, config, secretKeys, world, compiledEngine?, lazyStart? }
 * (compiledEngine: the offline engine from dist/, compiled, instead of its sources; lazyStart: the
 * SDKs' eagerly loaded modules stood in for until first used, as the `dataplane` command does —
 * engine/offline/lazyClosure.ts, from dist/ — so the host loads about 100 modules at start instead
 * of about 1,400, about 1.1 s of CPU less; what the program registers does not change).
 * Output: at exit, one JSON line on stdout: `{ resources, compiled, modules }` — what was registered
 * and read, as the offline engine records it (`RegisteredResource[]`), the TypeScript files its
 * ts-node compiled with the compiler options it used, and how many modules it had loaded.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const spec = JSON.parse(process.env.DATAPLANE_PULUMI_HOST);
const sdk = path.join(spec.root, "node_modules/@pulumi/pulumi");

// What the CLI hands the language host: the config in the environment, the working directory.
process.env.PULUMI_CONFIG = JSON.stringify(spec.config);
process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(spec.secretKeys);
process.env.PULUMI_NODEJS_TYPESCRIPT = "true";
process.chdir(spec.projectDir);

// Plain JavaScript from dist/ (built by npm test's pretest), so that nothing but the host's ts-node compiles TypeScript.
if (spec.lazyStart) require(path.join(spec.root, "dist/engine/offline/lazyClosure.js"));
const pulumi = require(sdk);
const settings = require(path.join(sdk, "runtime/settings"));

// What the host's ts-node compiled, and with which compiler options, noted without changing it. The
// files: every TypeScript module loaded outside node_modules (ts-node's require hook compiles each
// of them and ignores node_modules). The options: ts-node derives them once, from
// `ts.parseJsonConfigFileContent` (then completes that same object: module, target, its own
// defaults), from the TypeScript module found from the SDK's folder (tsutils'
// typeScriptRequireStrings). That module's exports are read-only, so its cached entry is replaced
// by an object that inherits all of it and notes that call's result. The test type-checks these
// files with these options in one program (test/helpers/hostTypeCheck.ts).
let parsedConfig;
{
    const tsPath = require.resolve("typescript", { paths: [sdk] });
    const ts = require(tsPath);
    require.cache[tsPath].exports = Object.create(ts, {
        parseJsonConfigFileContent: {
            value: function noted(...args) {
                parsedConfig = ts.parseJsonConfigFileContent(...args);
                return parsedConfig;
            },
        },
    });
}
function compiled() {
    const files = Object.keys(require.cache).filter((f) => /\.tsx?$/.test(f) && !f.split(path.sep).includes("node_modules"));
    return { options: parsedConfig && parsedConfig.options, files };
}

// The offline engine is TypeScript too (or, with compiledEngine, its JavaScript in dist/): it is
// loaded on the first call into it, which comes after the host registered its ts-node, so nothing
// but the host's ts-node compiles TypeScript here.
let recorder;
function engine() {
    if (!recorder) {
        const engineDir = spec.compiledEngine ? "dist/engine/offline" : "engine/offline";
        const ext = spec.compiledEngine ? "js" : "ts";
        const { AwsLikeMocks } = require(path.join(spec.root, engineDir, `awsMocks.${ext}`));
        const { RecordingMonitor } = require(path.join(spec.root, engineDir, `run.${ext}`));
        recorder = new RecordingMonitor(new AwsLikeMocks(spec.world, spec.stack), spec.project, spec.stack);
    }
    return recorder;
}
const lazy = (target) => new Proxy({}, {
    get: (_, name) => (...args) => {
        const t = target();
        // The engine's last call; the offline engine has nothing to wait for.
        if (name === "signalAndWaitForShutdown" && typeof t[name] !== "function") return args[1](null, {});
        return t[name](...args);
    },
});
pulumi.runtime.setMocks(lazy(() => engine().mocks), spec.project, spec.stack, true);
settings.setMockOptions(lazy(engine), spec.project, spec.stack, true);

process.on("exit", () => {
    if (recorder) fs.writeSync(1, `${JSON.stringify({ resources: recorder.records, compiled: compiled(), modules: Object.keys(require.cache).length })}\n`);
});

// Start the host as the CLI does: `node <sdk>/cmd/run --monitor=… --project=… --stack=… --dry-run <main>`.
process.argv = [process.argv[0], path.join(sdk, "cmd/run"), "--monitor=offline-mocks", `--project=${spec.project}`,
    `--stack=${spec.stack}`, `--root-directory=${spec.projectDir}`, "--dry-run", spec.main];
require(path.join(sdk, "cmd/run"));
