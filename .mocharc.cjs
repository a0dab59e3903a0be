// npm test's mocha settings. The spec files run in parallel worker processes, at least two even
// on a two-core machine (mocha's default, cores - 1, would run one): end-to-end suites spend most
// of their time waiting on moto and child processes. Moto is found once per run, while the workers
// start (test/helpers/runFixtures.ts; the last run's answer while nothing it rests on changed), and
// each worker starts one server for its suites. One file alone: see docs/development.md.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;

// Workers take the files in this order: the longest first (wall time with their hooks and the
// processes and servers they start, measured: see docs/development.md's Tests), so no long file
// starts last and leaves one worker running it alone, and the files that wait on a process (a
// plugin's gRPC server, npm) start while the other worker has work. Every other spec file follows
// in name order; a name here that no longer exists is ignored.
const LONGEST_FIRST = [
    "test/stacks/pulumiCliHost.spec.ts",
    "test/e2e/launch.spec.ts",
    "test/cli/fleet.spec.ts",
    "test/e2e/moto.spec.ts",
    "test/policies/prebuiltData.spec.ts",
    "test/e2e/guardedLaunch.spec.ts",
    "test/cli/fleetWorkerEntries.spec.ts",
    "test/package/provider.spec.ts",
    "test/policies/shipping.spec.ts",
    "test/engine/offline/startup.spec.ts",
    "test/cli/init.spec.ts",
    "test/engine/onboarding/deployer.spec.ts",
    "test/cli/preview.spec.ts",
    "test/tools/ensureMoto.spec.ts",
    "test/cli/compileCache.spec.ts",
    "test/policies/pack.spec.ts",
    "test/cli/check.spec.ts",
];

function specFiles(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = `${dir}/${e.name}`;
        return e.isDirectory() ? specFiles(p) : e.name.endsWith(".spec.ts") ? [p] : [];
    });
}
const all = specFiles("test").sort();
const spec = [...LONGEST_FIRST.filter((f) => all.includes(f)), ...all.filter((f) => !LONGEST_FIRST.includes(f))];

module.exports = {
    "node-option": ["import=tsx"],
    spec: spec.map((f) => path.normalize(f)),
    require: ["test/helpers/runFixtures.ts"],
    parallel: true,
    jobs: Math.max(2, cores),
    timeout: 60000,
    reporter: "spec",
};
