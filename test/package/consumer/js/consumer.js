// (a) Plain JavaScript: require() the components and the testing helper, build the planes under
// the AWS-like mocks, wiring one component's outputs into the next.
"use strict";
const assert = require("assert");
const dp = require("emr-serverless-dataplane");
const { setAwsLikeMocks } = require("emr-serverless-dataplane/testing");
const { parseMessage } = require("emr-serverless-dataplane/message");

const COMPONENTS = ["ResourceBucket", "RuntimeRole", "LaunchRole", "Network", "LaunchProfile", "LaunchConfiguration", "GuardedLauncher", "CrossAccountDataSource", "AccessPointGrant", "PlaneTenants"];
for (const name of COMPONENTS) assert.strictEqual(typeof dp[name], "function", `${name} is exported`);
// The component entry loads none of what only the CLI, the launcher or the pack need.
const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\/](@aws-sdk|tsx|@pulumi[\\/]policy|@cloud-copilot)[\\/]/.test(f));
assert.deepStrictEqual(loaded, [], "the component entry loads no AWS SDK client, tsx or policy engine");

const value = (output) => new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));

(async () => {
    await setAwsLikeMocks({ accountId: "444455556666", region: "eu-west-1" });
    const bucket = new dp.ResourceBucket("bucket", {});
    const network = new dp.Network("network", { egress: dp.EgressMode.Https });
    const runtime = new dp.RuntimeRole("runtime", { bucketName: bucket.bucketName, bucketKmsKeyArn: bucket.kmsKeyArn });
    const launch = new dp.LaunchRole("launch", {
        runtimeRoleArn: runtime.roleArn, bucketName: bucket.bucketName, subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId],
        trustedPrincipalArns: ["arn:aws:iam::111122223333:role/vendor"], externalIdKeeper: "acme",
    });
    const message = parseMessage({
        resourceBucket: await value(bucket.bucketName), subnetIds: await value(network.subnetIds), securityGroups: [await value(network.securityGroupId)],
        region: "eu-west-1", jobRuntimeRoleArn: await value(runtime.roleArn), jobLaunchArn: await value(launch.roleArn), externalId: await value(launch.externalId),
    });
    assert.match(message.jobLaunchArn, /^arn:aws:iam::444455556666:role\//);
    assert.strictEqual(await launch.externalId.isSecret, true, "the ExternalId is a secret");
    // A shared plane's tenants, on the same bucket and runtime role: each tenant's execution policy, confined to its prefixes.
    const tenants = new dp.PlaneTenants("tenants", { tenants: [{ id: "acme" }, { id: "acme2" }], bucketName: bucket.bucketName, runtimeRoleName: runtime.roleName });
    const policies = await value(tenants.executionPolicies);
    assert.match(policies.acme.policy, /"arn:aws:s3:::[^"]+\/output\/tenants\/acme\/\*"/);
    assert.doesNotMatch(policies.acme.policy, /tenants\/acme2\//);
    assert.throws(() => new dp.PlaneTenants("bad", { tenants: [{ id: "acme*" }], bucketName: "b", runtimeRoleName: "r" }), (e) => dp.isValidationError(e) && /args\.tenants\[0\]\.id/.test(e.message));
    console.log("js: required the components and built a private plane, and a shared plane's tenants");
})().catch((err) => { console.error(err); process.exitCode = 1; });
