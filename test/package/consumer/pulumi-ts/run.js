// (d) Loads index.ts the way the Pulumi CLI's Node.js host does (@pulumi/pulumi/cmd/run/run.js):
// its own ts-node registration, type-checking, with this folder's tsconfig.json over its defaults;
// then checks the program's outputs under the AWS-like mocks of the testing helper.
"use strict";
const assert = require("assert");
const path = require("path");
process.chdir(__dirname);
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
    typeCheck: true,
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
})().catch((err) => { console.error(err); process.exitCode = 1; });
