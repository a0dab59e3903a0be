import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SUPPORTED } from "../../../engine/offline/awsMocks";
import { isSecretValue, plainCopy, revealOrMask } from "../../../engine/offline/run";
import { PlainStruct, plainStructsOn } from "../../../engine/offline/plainStructs";
import { WorldBucket, describeBucket, describeSubnet, zoneFromId } from "../../../engine/offline/world";
import { ACCOUNT, REGION, one, run, runFailing, world } from "../../helpers/offline";

class Outer extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:index:Outer", name, {});
        const inner = new Inner(`${name}-inner`, { parent: this });
        this.registerOutputs({ inner: inner.urn });
    }
}

class Inner extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("test:index:Inner", name, {}, opts);
        new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: pulumi.secret("{}"),
            tags: { plain: "p", hidden: pulumi.secret("s") as unknown as string },
        }, { parent: this, retainOnDelete: true, protect: true });
        this.registerOutputs({});
    }
}

describe("offline engine", () => {
    it("forms URNs as the real engine does: the parent type chain, without the stack", async () => {
        const r = await run(() => { new Outer("o"); });
        expect(r.resources.map((x) => x.urn)).to.deep.equal([
            "urn:pulumi:test::test-project::pulumi:pulumi:Stack::test-project-test",
            "urn:pulumi:test::test-project::test:index:Outer::o",
            "urn:pulumi:test::test-project::test:index:Outer$test:index:Inner::o-inner",
            "urn:pulumi:test::test-project::test:index:Outer$test:index:Inner$aws:iam/role:Role::o-inner-role",
        ]);
        expect(r.resources.map((x) => x.parent ?? null)).to.deep.equal([null, r.resources[0].urn, r.resources[1].urn, r.resources[2].urn]);
    });

    it("records options and keeps secrets where they are nested", async () => {
        const r = await run(() => { new Outer("o"); });
        const role = one(r.resources, "aws:iam/role:Role");
        expect([role.retainOnDelete, role.protect, role.custom, role.op]).to.deep.equal([true, true, true, "register"]);
        expect(isSecretValue(role.inputs.assumeRolePolicy)).to.equal(true);
        const tags = role.inputs.tags as Record<string, unknown>;
        expect(tags.plain).to.equal("p");
        expect(isSecretValue(tags.hidden)).to.equal(true);
        expect(revealOrMask(role.inputs, "[secret]")).to.deep.include({ assumeRolePolicy: "[secret]", tags: { plain: "p", hidden: "[secret]" } });
        expect(revealOrMask(role.inputs)).to.deep.include({ assumeRolePolicy: "{}", tags: { plain: "p", hidden: "s" } });
    });

    it("hands a registration's state back as a protobuf Struct would (plain data copied, keys sorted), and anything else the SDK's way", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
        const state = { z: 1, a: [null, "x", { y: true, b: 2.5 }], m: { q: "", c: [] }, secret: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" } };
        const copy = plainCopy(state)!;
        expect(JSON.stringify(copy)).to.equal(JSON.stringify(Struct.fromJavaScript(state).toJavaScript()));
        expect(Object.keys(copy)).to.deep.equal(["a", "m", "secret", "z"]);
        expect(copy.m).to.not.equal(state.m); // a copy: the record never shares an object with the mocks
        // Not plain data: left to the SDK's serializer.
        for (const odd of [{ when: new Date(0) }, { n: [Infinity] }, { p: Promise.resolve(1) }, { o: pulumi.output("x") }]) expect(plainCopy(odd)).to.equal(undefined);
    });

    describe("the Structs between the SDK and the offline monitor (kept as plain JS while a program runs)", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const resproto = require("@pulumi/pulumi/proto/resource_pb");
        const state = { z: 1, a: [null, "x", { y: true, b: 2.5 }], m: { q: "", c: [] } };

        it("inside a run: plain data gives a PlainStruct that reads back, and serializes, as the real Struct", async () => {
            let seen: unknown;
            await run(() => {
                const given = Struct.fromJavaScript(state);
                seen = given;
                const real = new resproto.RegisterResourceRequest();
                real.setObject(given);
                const wire = new resproto.RegisterResourceRequest();
                plainStructsOn(false);
                try {
                    wire.setObject(Struct.fromJavaScript(state));
                } finally {
                    plainStructsOn(true);
                }
                expect(real.getObject()).to.equal(given);
                expect(Buffer.from(real.serializeBinary()).equals(Buffer.from(wire.serializeBinary()))).to.equal(true);
                expect(JSON.stringify(given.toJavaScript())).to.equal(JSON.stringify(wire.getObject().toJavaScript()));
                expect(given.toJavaScript()).to.not.equal(given.toJavaScript()); // a fresh copy after the first
                expect(given.getFieldsMap().get("z").getNumberValue()).to.equal(1);
                // Not plain data: the real Struct's own refusal, where it refused.
                expect(Struct.fromJavaScript({ when: new Date(0) })).to.not.be.instanceOf(PlainStruct);
                expect(() => Struct.fromJavaScript({ a: [{ gone: undefined }] })).to.throw("Unexpected struct type");
            });
            expect(seen).to.be.instanceOf(PlainStruct);
        });

        it("outside a run: the real Struct, and messages carry it as before", () => {
            const s = Struct.fromJavaScript(state);
            expect(s).to.not.be.instanceOf(PlainStruct);
            const req = new resproto.RegisterResourceRequest();
            req.setObject(s);
            expect(req.getObject()).to.equal(s);
            expect(req.hasObject()).to.equal(true);
        });

        it("records a registration's inputs as a Struct gives them back", async () => {
            const r = await run(() => { new aws.s3.Bucket("b", { tags: { z: "1", a: "2" }, forceDestroy: undefined }); });
            const bucket = one(r.resources, "aws:s3/bucket:Bucket");
            expect(Object.keys(bucket.inputs.tags as object)).to.deep.equal(["a", "z"]);
            expect(bucket.inputs).to.not.have.property("forceDestroy");
        });
    });

    it("reads each provider SDK's version once, and answers it as the package gives it", async () => {
        await run(() => { new aws.s3.Bucket("b"); });
        for (const pkg of ["@pulumi/aws", "@pulumi/random"]) {
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const utilities = require(`${pkg}/utilities`);
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const version = require(`${pkg}/package.json`).version.replace(/^v/, "");
            expect(utilities.resourceOptsDefaults()).to.deep.equal({ version });
            expect(utilities.resourceOptsDefaults()).to.not.equal(utilities.resourceOptsDefaults()); // a fresh object each time, as before
        }
    });

    it("gives AWS-shaped, deterministic ids that differ between stacks", async () => {
        const program = () => { new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" }); new aws.iam.Role("r", { assumeRolePolicy: "{}" }); };
        const a = await run(program);
        const again = await run(program);
        const other = await run(program, { stack: "other" });
        const vpc = one(a.resources, "aws:ec2/vpc:Vpc");
        expect(vpc.id).to.match(/^vpc-0[0-9a-f]{16}$/);
        expect(vpc.outputs.arn).to.equal(`arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${vpc.id}`);
        expect(one(a.resources, "aws:iam/role:Role").outputs.arn).to.match(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/r-[0-9a-f]{7}$`));
        expect(one(again.resources, "aws:ec2/vpc:Vpc").id).to.equal(vpc.id);
        expect(one(other.resources, "aws:ec2/vpc:Vpc").id).not.to.equal(vpc.id);
    });

    it("answers look-ups from the world, and refuses ones it cannot answer with a clear error", async () => {
        const r = await run(async () => ({
            id: (await aws.getCallerIdentity()).accountId,
            zones: (await aws.getAvailabilityZones()).names,
            partition: (await aws.getPartition()).partition,
        }), { world: { accountId: "210987654321", region: "cn-north-1" } });
        expect(r.exports).to.deep.equal({ id: "210987654321", zones: ["cn-north-1a", "cn-north-1b", "cn-north-1c"], partition: "aws-cn" });
        const { error } = await runFailing(() => aws.ec2.getAmi({ owners: ["amazon"], mostRecent: true }));
        expect(error.message).to.contain("the offline engine cannot answer the provider look-up aws:ec2/getAmi:getAmi");
        expect(SUPPORTED.calls).to.include("aws:ec2/getSubnet:getSubnet");
    });

    it("places undescribed subnets by the last hex digit of their id, described ones as told", () => {
        const w = world({ subnets: { "subnet-0aaaaaaaaaaaaaaa1": { availabilityZone: "eu-west-1c", vpcId: "vpc-0123456789abcdef0" } }, defaultVpcId: "vpc-0fedcba987654321f" });
        expect(zoneFromId("eu-west-1", "subnet-0aaaaaaaaaaaaaaa0")).to.equal("eu-west-1a");
        expect(zoneFromId("eu-west-1", "subnet-0aaaaaaaaaaaaaaa4")).to.equal("eu-west-1b");
        expect(zoneFromId("eu-west-1", "subnet-0aaaaaaaaaaaaaaae")).to.equal("eu-west-1c");
        expect(describeSubnet(w, "subnet-0aaaaaaaaaaaaaaa1")).to.deep.include({ availabilityZone: "eu-west-1c", vpcId: "vpc-0123456789abcdef0", public: false });
        expect(describeSubnet(w, "subnet-0aaaaaaaaaaaaaaa3")).to.deep.include({ availabilityZone: "eu-west-1a", vpcId: "vpc-0fedcba987654321f" });
    });

    it("reports a program's error with what it registered before failing, and the next run starts clean", async () => {
        const { error, registered } = await runFailing(() => {
            new aws.s3.Bucket("first");
            throw new Error("boom after one bucket");
        });
        expect(error.message).to.equal("boom after one bucket");
        expect(registered.map((x) => x.type)).to.deep.equal(["pulumi:pulumi:Stack", "aws:s3/bucket:Bucket"]);
        const next = await run(() => { new aws.s3.Bucket("second"); });
        expect(next.resources.map((x) => x.name)).to.deep.equal(["test-project-test", "second"]);
    });

    it("reports a failed look-up's own message, not the serialisation errors wrapped around it", async () => {
        const { error } = await runFailing(() => {
            const bucket = aws.s3.getBucketOutput({ bucket: "absent" });
            new aws.s3.BucketVersioning("v", { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } });
        }, { world: { buckets: [] } });
        expect(error.message).to.equal("bucket absent does not exist in the offline world (add it to the world file)");
    });

    describe("an adopted bucket's current settings", () => {
        const bucket = "vendor-emr-logs";
        const policy = { Version: "2012-10-17", Statement: [{ Sid: "Grant", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }] };

        it("defaults to a bucket created today: no policy, SSE-S3, public access blocked, unversioned, no lifecycle rules", async () => {
            const blocked = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
            expect(describeBucket(world(), bucket)).to.deep.equal({ policy: undefined, encryption: { sseAlgorithm: "AES256" }, publicAccessBlock: blocked, versioning: "Disabled", lifecycleRules: [] });
            const r = await run(async () => JSON.parse((await aws.cloudcontrol.getResource({ typeName: "AWS::S3::Bucket", identifier: bucket })).properties));
            expect(r.exports).to.deep.equal({
                BucketName: bucket, Arn: `arn:aws:s3:::${bucket}`,
                BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false }] },
                PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
            });
            const { error } = await runFailing(() => aws.s3.getBucketPolicy({ bucket }));
            expect(error.message).to.contain(`reading S3 Bucket (${bucket}) Policy: couldn't find resource`);
        });

        it("answers the bucket policy and Cloud Control's AWS::S3::Bucket from the world file's bucketSettings", async () => {
            const settings: WorldBucket = { policy, versioning: "Enabled", encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:444455556666:key/k", bucketKeyEnabled: true },
                lifecycleRules: [{ Id: "keep", Status: "Enabled", ExpirationInDays: 400 }] };
            const r = await run(async () => ({
                policy: JSON.parse((await aws.s3.getBucketPolicy({ bucket })).policy),
                props: JSON.parse((await aws.cloudcontrol.getResource({ typeName: "AWS::S3::Bucket", identifier: bucket })).properties),
            }), { world: { bucketSettings: { [bucket]: settings } } });
            expect(r.exports.policy).to.deep.equal(policy);
            expect(r.exports.props).to.deep.include({
                BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "arn:aws:kms:eu-west-1:444455556666:key/k" }, BucketKeyEnabled: true }] },
                VersioningConfiguration: { Status: "Enabled" },
                LifecycleConfiguration: { Rules: settings.lifecycleRules },
            });
        });

        it("answers a bucket with no public access block without PublicAccessBlockConfiguration (as CloudFormation's shape has none)", async () => {
            const r = await run(async () => JSON.parse((await aws.cloudcontrol.getResource({ typeName: "AWS::S3::Bucket", identifier: bucket })).properties),
                { world: { bucketSettings: { [bucket]: { publicAccessBlock: null } } } });
            expect(r.exports).to.not.have.property("PublicAccessBlockConfiguration");
        });

        it("reads only S3 buckets through Cloud Control", async () => {
            const { error } = await runFailing(() => aws.cloudcontrol.getResource({ typeName: "AWS::SQS::Queue", identifier: "q" }));
            expect(error.message).to.contain("the offline engine reads only AWS::S3::Bucket through Cloud Control, not AWS::SQS::Queue");
        });
    });

    it("finds VPC endpoints by VPC, service and type as the provider does: one match, none, or several", async () => {
        const vpcId = "vpc-0aaaaaaaaaaaaaaa0";
        const find = () => aws.ec2.getVpcEndpoint({ vpcId, serviceName: `com.amazonaws.${REGION}.s3`, vpcEndpointType: "Gateway" });
        const one_ = await run(async () => (await find()).id, { world: { vpcEndpoints: {
            "vpce-01": { vpcId, routeTableIds: ["rtb-1"] }, "vpce-02": { vpcId, type: "Interface" }, "vpce-03": { vpcId: "vpc-0bbbbbbbbbbbbbbb0" },
        } } });
        expect(one_.exports).to.equal("vpce-01");
        expect((await runFailing(find, { world: { vpcEndpoints: {} } })).error.message).to.contain("no matching EC2 VPC Endpoint found");
        expect((await runFailing(find, { world: { vpcEndpoints: { "vpce-01": { vpcId }, "vpce-02": { vpcId } } } })).error.message).to.contain("multiple EC2 VPC Endpoints matched");
    });

    it("describes KMS keys (DescribeKey) by ARN, alias or ID: customer managed unless the alias is aws/…, and fails a key the world does not list", async () => {
        const arn = `arn:aws:kms:${REGION}:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const r = await run(async () => ({
            byArn: await aws.kms.getKey({ keyId: arn }), byAlias: await aws.kms.getKey({ keyId: "alias/team" }), awsManaged: await aws.kms.getKey({ keyId: "alias/aws/s3" }),
        }), { world: { accountId: "444455556666" } });
        expect([r.exports.byArn.arn, r.exports.byArn.keyManager]).to.deep.equal([arn, "CUSTOMER"]);
        expect(r.exports.byAlias.arn).to.match(new RegExp(`^arn:aws:kms:${REGION}:444455556666:key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
        expect(r.exports.awsManaged.keyManager).to.equal("AWS");
        const { error } = await runFailing(() => aws.kms.getKey({ keyId: "alias/missing" }), { world: { kmsKeys: { "alias/team": { arn } } } });
        expect(error.message).to.contain("Alias or key alias/missing is not found");
    });

    it("looks up an AWS service's interface endpoint service by its short name", async () => {
        const r = await run(async () => (await aws.ec2.getVpcEndpointService({ service: "ecr.dkr", serviceType: "Interface" })).serviceName);
        expect(r.exports).to.equal(`com.amazonaws.${REGION}.ecr.dkr`);
    });

    it("gives a VPC asking for one an Amazon-style IPv6 /56, and an egress-only internet gateway an eigw- id", async () => {
        const r = await run(() => {
            const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: true });
            new aws.ec2.EgressOnlyInternetGateway("e", { vpcId: vpc.id });
            new aws.ec2.Vpc("plain", { cidrBlock: "10.1.0.0/16" });
        });
        expect(one(r.resources, "aws:ec2/vpc:Vpc", "v").outputs.ipv6CidrBlock).to.match(/^2600:1f[0-9a-f]{2}:[0-9a-f]{4}:[0-9a-f]{2}00::\/56$/);
        expect(one(r.resources, "aws:ec2/vpc:Vpc", "plain").outputs.ipv6CidrBlock).to.equal(undefined);
        expect(one(r.resources, "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway").id).to.match(/^eigw-0[0-9a-f]{16}$/);
    });
});
