/**
 * Args a user wires from other resources take `pulumi.Input`: a StackReference output, another
 * resource's ARN, a secret. Known values are still checked before any child is registered (the
 * component specs); values known only at apply time are checked inside `apply` with the same
 * message, and a secret ExternalId stays secret end to end.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { AccessPointGrant, CrossAccountDataSource, LaunchRole, ResourceBucket, RuntimeRole, validateLaunchRoleArgs } from "../../components";
import { isKnown } from "../../components/validation";
import { isSecretValue } from "../../engine/offline/run";
import { ACCOUNT, REGION, documentOf, one, run, runFailing, unwrap } from "../helpers/offline";

const OWNER = "111122223333";
const RUNTIME = `arn:aws:iam::${ACCOUNT}:role/acme-job-runtime`;
const ACCESS_POINT = `arn:aws:s3:${REGION}:${OWNER}:accesspoint/acme-sales-emr`;
const KEY = `arn:aws:kms:${REGION}:${OWNER}:key/0000-1111`;
/** The owner's and the vendor's stacks, as the control plane or a consumer reads them. */
const stacks = {
    "acme/owner/prod": { outputs: { accessPointArn: ACCESS_POINT, kmsKeyArn: KEY, wrongKeyArn: `arn:aws:kms:us-east-1:${OWNER}:key/0000-1111` } },
    "acme/plane/prod": {
        outputs: {
            runtimeRoleArn: RUNTIME,
            badRoleArns: ["arn:aws:iam::*:role/*"],
            externalId: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "customer-acme-2026" },
        },
    },
};

/** The error message a known value gives, for comparison with the apply-time one. */
async function knownMessage(program: () => unknown): Promise<string> {
    const { error, registered } = await runFailing(program, { world: { stacks } });
    expect(registered.filter((r) => r.parent !== undefined && !r.parent.includes("::pulumi:pulumi:Stack::")).map((r) => r.name), "children registered").to.deep.equal([]);
    return error.message;
}

describe("Inputs: values known only at apply time", () => {
    it("a value is known now unless it is, or holds, an Output or a Promise", () => {
        expect([isKnown("a"), isKnown(["a", "b"]), isKnown({ a: ["b"] }), isKnown(undefined)]).to.deep.equal([true, true, true, true]);
        expect([isKnown(pulumi.output("a")), isKnown(["a", pulumi.output("b")]), isKnown({ a: [Promise.resolve("b")] })]).to.deep.equal([false, false, false]);
    });

    it("LaunchRole and RuntimeRole take ARNs from a StackReference and another resource's outputs", async () => {
        const r = await run(async () => {
            const plane = new pulumi.StackReference("acme/plane/prod");
            const bucket = new ResourceBucket("bucket", {});
            const runtime = new RuntimeRole("runtime", { bucketName: bucket.bucketName, assumableRoleArns: pulumi.output([plane.getOutput("runtimeRoleArn")]) });
            const launch = new LaunchRole("launch", {
                runtimeRoleArn: runtime.roleArn, bucketName: bucket.bucketName,
                trustedPrincipalArns: [plane.getOutput("runtimeRoleArn")], externalId: plane.getOutput("externalId"),
            });
            return { externalId: await unwrap(launch.externalId!), secret: await (launch.externalId as any).isSecret };
        }, { world: { stacks } });
        expect(documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy", "runtime-permissions")).Statement.some((s) =>
            JSON.stringify(s.Resource) === JSON.stringify([RUNTIME]) || s.Resource === RUNTIME)).to.equal(true);
        const role = one(r.resources, "aws:iam/role:Role", "launch-role");
        expect(isSecretValue(role.inputs.assumeRolePolicy), "the trust policy holds the ExternalId").to.equal(true);
        expect(JSON.stringify(documentOf(role, "assumeRolePolicy"))).to.contain("customer-acme-2026").and.to.contain(RUNTIME);
        expect(r.exports).to.deep.equal({ externalId: "customer-acme-2026", secret: true });
    });

    it("a plain ExternalId given as pulumi.secret stays secret in the trust policy and the output", async () => {
        const r = await run(async () => {
            const launch = new LaunchRole("launch", { runtimeRoleArn: RUNTIME, bucketName: "acme-resources", trustedPrincipalArns: [RUNTIME], externalId: pulumi.secret("customer-acme-2026") });
            return { secret: await (launch.externalId as any).isSecret };
        });
        expect(isSecretValue(one(r.resources, "aws:iam/role:Role").inputs.assumeRolePolicy)).to.equal(true);
        expect(r.exports.secret).to.equal(true);
    });

    it("a bad ExternalId from another resource's output is refused at apply time with the message a plain one gives", async () => {
        const base = { runtimeRoleArn: RUNTIME, bucketName: "acme-resources", trustedPrincipalArns: [RUNTIME] };
        const known = await knownMessage(() => { new LaunchRole("launch", { ...base, externalId: "has space" }); });
        const settings = validateLaunchRoleArgs({ ...base, externalId: pulumi.secret("has space") });
        const failure = await (settings.externalId as unknown as { promise(): Promise<unknown> }).promise().then(() => undefined, (err: Error) => err.message);
        expect(known).to.match(/^args\.externalId: may only contain/);
        expect(failure).to.equal(known);
    });

    it("a bad secret ExternalId fails the whole run (no hang) with that message, and the message never shows the secret", async () => {
        const base = { runtimeRoleArn: RUNTIME, bucketName: "acme-resources", trustedPrincipalArns: [RUNTIME] };
        const { error } = await runFailing(() => { new LaunchRole("launch", { ...base, externalId: pulumi.secret("has space") }); });
        expect(error.message).to.equal("args.externalId: may only contain letters, digits and +=,.@:/-_ (an STS ExternalId); character 4 of 9 is not one of them (the value is secret and not shown)");
        expect(error.message).to.not.contain("has space");
    });

    it("a bad role pattern from a StackReference fails with the message a plain one gives", async () => {
        const known = await knownMessage(() => { new RuntimeRole("runtime", { bucketName: "acme-resources", assumableRoleArns: ["arn:aws:iam::*:role/*"] }); });
        const { error } = await runFailing(() => {
            new RuntimeRole("runtime", { bucketName: "acme-resources", assumableRoleArns: new pulumi.StackReference("acme/plane/prod").getOutput("badRoleArns") });
        }, { world: { stacks } });
        expect(known).to.match(/^args\.assumableRoleArns\[0\]: pattern/);
        expect(error.message).to.equal(known);
    });

    it("AccessPointGrant takes the owner's ARNs from a StackReference, and checks them when they resolve", async () => {
        const owner = () => new pulumi.StackReference("acme/owner/prod");
        const r = await run(async () => {
            const grant = new AccessPointGrant("grant", { roleName: "acme-job-runtime", accessPointArn: owner().getOutput("accessPointArn"), kmsKeyArn: owner().getOutput("kmsKeyArn") });
            return { policyName: await unwrap(grant.policyName) };
        }, { world: { stacks } });
        expect(r.exports.policyName).to.equal("data-source-acme-sales-emr");
        expect(JSON.stringify(documentOf(one(r.resources, "aws:iam/rolePolicy:RolePolicy")))).to.contain(ACCESS_POINT).and.to.contain(KEY);

        const wrong = `arn:aws:kms:us-east-1:${OWNER}:key/0000-1111`;
        const known = await knownMessage(() => { new AccessPointGrant("grant", { roleName: "r", accessPointArn: ACCESS_POINT, kmsKeyArn: wrong }); });
        const { error } = await runFailing(() => {
            new AccessPointGrant("grant", { roleName: "r", accessPointArn: owner().getOutput("accessPointArn"), kmsKeyArn: owner().getOutput("wrongKeyArn") });
        }, { world: { stacks } });
        expect(known).to.match(/^args\.kmsKeyArn: is in/);
        expect(error.message).to.equal(known);
    });

    it("CrossAccountDataSource takes the consumer roles from a StackReference", async () => {
        const r = await run(async () => {
            new CrossAccountDataSource("sales", { consumerRoleArns: [new pulumi.StackReference("acme/plane/prod").getOutput("runtimeRoleArn")], accessPointName: "acme-sales-emr" });
        }, { world: { stacks } });
        expect(JSON.stringify(documentOf(one(r.resources, "aws:s3/accessPoint:AccessPoint")))).to.contain(RUNTIME);
        expect(JSON.stringify(documentOf(one(r.resources, "aws:kms/key:Key")))).to.contain(RUNTIME);
    });

    it("ResourceBucket takes an existing key's ARN as an Output, and refuses 'create' given as one", async () => {
        const r = await run(async () => { new ResourceBucket("bucket", { kmsKey: pulumi.output(`arn:aws:kms:${REGION}:${ACCOUNT}:key/abc`) }); });
        expect(JSON.stringify(one(r.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs)).to.contain(`key/abc`);
        expect(r.resources.filter((x) => x.type === "aws:kms/key:Key")).to.deep.equal([]);
        const { error } = await runFailing(() => { new ResourceBucket("bucket", { kmsKey: pulumi.output("create") }); });
        expect(error.message).to.match(/^args\.kmsKey: must be "none", "create" or a KMS key ARN .*as plain values/);
    });
});
