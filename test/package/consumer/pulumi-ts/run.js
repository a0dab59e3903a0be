// (d) Loads index.ts the way the Pulumi CLI's Node.js host does (@pulumi/pulumi/cmd/run/run.js):
// its own ts-node registration, with this folder's tsconfig.json over its defaults; then checks the
// program's outputs under the AWS-like mocks of the testing helper.
//
// Transpile-only (as the CLI runs with PULUMI_NODEJS_TRANSPILE_ONLY=true): in type-checking mode the
// SDK's ts-node 7 builds a language service over all of @pulumi/aws's declarations for the one file,
// about 14 s of CPU in a new folder every run (its cache is keyed by the folder). Instead this prints,
// last, the files its ts-node compiled and the compiler options it compiled them with, and the
// consumer test reports for those files the diagnostics ts-node would have raised
// (test/helpers/hostTypeCheck.ts, as test/stacks/pulumiCliHost.spec.ts does for the projects).
"use strict";
const assert = require("assert");
const path = require("path");
process.chdir(__dirname);
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
// The options ts-node derives (ts.parseJsonConfigFileContent, then completed in place), noted without
// changing them: that module's exports are read-only, so its cached entry is replaced by an object
// that inherits all of it (test/helpers/pulumiHost.js does the same).
let parsedConfig;
{
    const tsPath = require.resolve(typescriptRequire);
    const ts = require(tsPath);
    require.cache[tsPath].exports = Object.create(ts, {
        parseJsonConfigFileContent: { value: (...args) => (parsedConfig = ts.parseJsonConfigFileContent(...args)) },
    });
}
require(tsnodeRequire).register({
    transpileOnly: true,
    skipProject: false,
    compiler: typescriptRequire,
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json") },
});
const { setAwsLikeMocks } = require("emr-serverless-dataplane/testing");
const value = (output) => new Promise((resolve) => require("@pulumi/pulumi").output(output).apply((v) => { resolve(v); return v; }));

(async () => {
    await setAwsLikeMocks({
        accountId: "444455556666", region: "eu-west-1",
        world: { stacks: { "acme/vendor/prod": { outputs: { systemRoleArn: "arn:aws:iam::111122223333:role/role_trusted_user", systemRoleName: "role_trusted_user", logBucket: "vendor-emr-logs" } } } },
    });
    const program = require(path.join(__dirname, "index.ts"));
    const priv = await value(program.privateMessage);
    const shared = await value(program.sharedMessage);
    assert.match(priv.jobLaunchArn, /^arn:aws:iam::444455556666:role\//);
    assert.match(priv.externalId, /^[A-Za-z0-9]{40}$/);
    assert.strictEqual(priv.subnetIds.length, 2);
    assert.strictEqual(shared.resourceBucket, "vendor-emr-logs");
    assert.strictEqual(shared.jobLaunchArn, "arn:aws:iam::444455556666:role/role_trusted_user");
    console.log("pulumi-ts: loaded through Pulumi's ts-node registration and built both planes");
    const files = Object.keys(require.cache).filter((f) => /\.tsx?$/.test(f) && !f.split(path.sep).includes("node_modules"));
    console.log(JSON.stringify({ typescript: require(typescriptRequire).version, options: parsedConfig && parsedConfig.options, files }));
})().catch((err) => { console.error(err); process.exitCode = 1; });
