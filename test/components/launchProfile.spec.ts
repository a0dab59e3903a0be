import { expect } from "chai";
import { LaunchProfile, LaunchProfileArgs } from "../../components";
import { ACCOUNT, REGION, childrenOf, input, one, run, runFailing, unwrap } from "../helpers/offline";
import { PROFILE_ARGS, RUNTIME_ROLE } from "../helpers/guardedLaunch";

describe("LaunchProfile", () => {
    it("publishes the profile as one String parameter at /emr-dataplane/profiles/<namespace>/<name>", async () => {
        const r = await run(async () => {
            const p = new LaunchProfile("default", { ...PROFILE_ARGS, kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/abc-123` });
            return { json: await unwrap(p.documentJson), logUri: await unwrap(p.logUri), name: p.parameterName, arn: await unwrap(p.parameterArn) };
        });
        const component = one(r.resources, "emr-dataplane:index:LaunchProfile", "default");
        expect(childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`)).to.deep.equal(["aws:ssm/parameter:Parameter default-parameter"]);
        const parameter = one(r.resources, "aws:ssm/parameter:Parameter");
        expect(input(parameter, "name")).to.equal("/emr-dataplane/profiles/analytics/default");
        expect([input(parameter, "type"), input(parameter, "tier")]).to.deep.equal(["String", "Standard"]);
        expect(input(parameter, "insecureValue")).to.equal(r.exports.json);
        expect(r.exports.arn).to.equal(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/emr-dataplane/profiles/analytics/default`);
        expect(JSON.parse(r.exports.json)).to.deep.equal({
            kind: "emr-dataplane/launch-profile", version: 1, namespace: "analytics", name: "default",
            runtimeRoleArn: RUNTIME_ROLE,
            network: { subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1"] },
            bucketName: "acme-resources", logUri: "s3://acme-resources/logs/analytics/default/",
            kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/abc-123`,
        });
    });

    it("takes a log prefix under logs/, and leaves the key out for an SSE-S3 bucket", async () => {
        const r = await run(async () => {
            const p = new LaunchProfile("default", { ...PROFILE_ARGS, logPrefix: "logs/emr/" });
            return { doc: JSON.parse(await unwrap(p.documentJson)), noKey: (await unwrap(p.kmsKeyArn)) === undefined };
        });
        expect(r.exports.doc.logUri).to.equal("s3://acme-resources/logs/emr/");
        expect(r.exports.doc).not.to.have.property("kmsKeyArn");
        expect(r.exports.noKey).to.equal(true);
    });

    const bad: [string, Partial<LaunchProfileArgs>, RegExp][] = [
        ["namespace", { namespace: "Analytics" }, /^args\.namespace: must be 1-20 lowercase letters/],
        ["profileName", { profileName: "a_b" }, /^args\.profileName: must be 1-24 lowercase letters/],
        ["runtimeRoleArn", { runtimeRoleArn: "arn:aws:iam::444455556666:user/bob" }, /^args\.runtimeRoleArn: must be an IAM role ARN/],
        ["subnetIds", { subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"] }, /^args\.subnetIds: must list at least 2 items/],
        ["securityGroupIds", { securityGroupIds: ["sg-x"] }, /^args\.securityGroupIds\[0\]: must be a security group id/],
        ["logPrefix", { logPrefix: "staging/logs/" }, /^args\.logPrefix: must be a prefix under "logs\/"/],
        ["kmsKeyArn", { kmsKeyArn: "alias/aws/s3" }, /^args\.kmsKeyArn: must be a KMS key ARN/],
    ];
    for (const [field, change, message] of bad) {
        it(`refuses a bad ${field}, naming it, before creating anything`, async () => {
            const { error, registered } = await runFailing(() => new LaunchProfile("default", { ...PROFILE_ARGS, ...change }));
            expect(error.message).to.match(message);
            expect(registered.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
        });
    }
});
