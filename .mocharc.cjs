// npm test's mocha settings. The spec files run in parallel worker processes, at least two even
// on a two-core machine (mocha's default, cores - 1, would run one): end-to-end suites spend most
// of their time waiting on moto and child processes. Moto is found once per run, before the workers
// start (test/helpers/runFixtures.ts). One file alone: see docs/development.md.
"use strict";
const os = require("os");

const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;

module.exports = {
    "node-option": ["import=tsx"],
    spec: ["test/**/*.spec.ts"],
    require: ["test/helpers/runFixtures.ts"],
    parallel: true,
    jobs: Math.max(2, cores),
    timeout: 60000,
    reporter: "spec",
};
