import { expect } from "chai";
import { ResourceBucket } from "../../components";
import { ACCOUNT, REGION, asList, childrenOf, documentOf, input, one, ofType, run, runFailing, statement, unwrap } from "../helpers/offline";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    key: "aws:kms/key:Key",
};

describe("ResourceBucket", () => {
    describe("create mode, defaults", () => {
        let r: Awaited<ReturnType<typeof run<{ name: string; arn: string; key: string }>>>;
        before(async () => {
            r = await run(async () => {
                const b = new ResourceBucket("logs", { bucketName: "acme-emr-resources" });
                return { name: await unwrap(b.bucketName), arn: await unwrap(b.bucketArn), key: b.kmsKeyArn === undefined ? "none" : "some" };
            });
        });

        it("registers the component and exactly its hardening children, named after it", () => {
            const component = one(r.resources, "emr-dataplane:index:ResourceBucket", "logs");
            const children = childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort();
            expect(children).to.deep.equal([
                `${T.bucket} logs-bucket`, `${T.lifecycle} logs-lifecycle`, `${T.ownership} logs-ownership`,
                `${T.policy} logs-tls-policy`, `${T.pab} logs-public-access-block`, `${T.sse} logs-encryption`,
                `${T.versioning} logs-versioning`,
            ].sort());
        });

        it("creates the bucket with the given name, never force-destroyed, and exposes its name and ARN", () => {
            const bucket = one(r.resources, T.bucket);
            expect(input(bucket, "bucket")).to.equal("acme-emr-resources");
            expect(input(bucket, "forceDestroy")).to.equal(false);
            expect(r.exports.name).to.equal("acme-emr-resources");
            expect(r.exports.arn).to.equal("arn:aws:s3:::acme-emr-resources");
        });

        it("blocks all four kinds of public access and enforces bucket-owner object ownership", () => {
            const pab = one(r.resources, T.pab);
            for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                expect(input(pab, flag), flag).to.equal(true);
            }
            expect(input(one(r.resources, T.ownership), "rule")).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        });

        it("uses SSE-S3 when no key is asked for, and exposes no key", () => {
            expect(input(one(r.resources, T.sse), "rules")).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
            expect(ofType(r.resources, T.key)).to.have.length(0);
            expect(r.exports.key).to.equal("none");
        });

        it("enables versioning", () => {
            expect(input(one(r.resources, T.versioning), "versioningConfiguration")).to.deep.equal({ status: "Enabled" });
        });

        it("denies every non-TLS request to the bucket and its objects", () => {
            const doc = documentOf(one(r.resources, T.policy));
            const deny = statement(doc, "DenyInsecureTransport");
            expect(deny.Effect).to.equal("Deny");
            expect(deny.Principal).to.equal("*");
            expect(deny.Action).to.equal("s3:*");
            expect(asList(deny.Resource)).to.deep.equal(["arn:aws:s3:::acme-emr-resources", "arn:aws:s3:::acme-emr-resources/*"]);
            expect(deny.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        });

        it("applies the bucket policy after the public access block", () => {
            const policy = one(r.resources, T.policy);
            expect(policy.dependencies).to.include(one(r.resources, T.pab).urn);
        });

        it("expires logs/ after 30 days, aborts incomplete uploads after 7, expires noncurrent versions after 30", () => {
            const rules = input(one(r.resources, T.lifecycle), "rules") as any[];
            const byId = Object.fromEntries(rules.map((x) => [x.id, x]));
            expect(byId["expire-logs"]).to.deep.include({ status: "Enabled", filter: { prefix: "logs/" }, expiration: { days: 30 } });
            expect(byId["abort-incomplete-multipart-uploads"].abortIncompleteMultipartUpload).to.deep.equal({ daysAfterInitiation: 7 });
            expect(byId["expire-noncurrent-versions"].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 30 });
        });

        it("retains the bucket and all its hardening on destroy by default", () => {
            const component = one(r.resources, "emr-dataplane:index:ResourceBucket");
            const children = childrenOf(r.resources, component.urn);
            expect(children.filter((c) => !c.retainOnDelete).map((c) => c.name)).to.deep.equal([]);
        });
    });

    it("with retainOnDelete false, lets destroy delete the bucket and its parts", async () => {
        const r = await run(() => { new ResourceBucket("tmp", { retainOnDelete: false }); });
        const children = childrenOf(r.resources, one(r.resources, "emr-dataplane:index:ResourceBucket").urn);
        expect(children.length).to.be.greaterThan(5);
        expect(children.filter((c) => c.retainOnDelete)).to.have.length(0);
    });

    it("with a name prefix, lets S3 generate the rest of the name", async () => {
        const r = await run(() => { new ResourceBucket("p", { bucketNamePrefix: "acme-resources-" }); });
        const bucket = one(r.resources, T.bucket);
        expect(input(bucket, "bucketPrefix")).to.equal("acme-resources-");
        expect(bucket.outputs.bucket).to.match(/^acme-resources-[0-9]{26}$/);
    });

    it("with kmsKey \"create\", creates a rotating key retained with the bucket and uses SSE-KMS with a bucket key", async () => {
        const r = await run(async () => {
            const b = new ResourceBucket("enc", { kmsKey: "create" });
            return { key: await unwrap(b.kmsKeyArn) };
        });
        const key = one(r.resources, T.key, "enc-key");
        expect(input(key, "enableKeyRotation")).to.equal(true);
        expect(key.retainOnDelete).to.equal(true);
        const keyPolicy = documentOf(key);
        expect(keyPolicy.Statement).to.have.length(1);
        expect(keyPolicy.Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
        expect(r.exports.key).to.equal(key.outputs.arn).and.to.match(new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/`));
        expect(input(one(r.resources, T.sse), "rules")).to.deep.equal([{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: r.exports.key }, bucketKeyEnabled: true,
        }]);
    });

    it("with an existing key ARN, uses that key and creates none", async () => {
        const keyArn = "arn:aws:kms:eu-west-1:444455556666:key/11111111-2222-3333-4444-555555555555";
        const r = await run(async () => ({ key: await unwrap(new ResourceBucket("byok", { kmsKey: keyArn }).kmsKeyArn) }));
        expect(ofType(r.resources, T.key)).to.have.length(0);
        expect(r.exports.key).to.equal(keyArn);
        expect(input(one(r.resources, T.sse), "rules")[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal(keyArn);
    });

    describe("adopt mode", () => {
        it("creates no bucket, looks the existing one up, hardens it and retains every part whatever retainOnDelete says", async () => {
            const r = await run(async () => {
                const b = new ResourceBucket("sdp", { existingBucketName: "vendor-emr-logs", retainOnDelete: false });
                return { name: await unwrap(b.bucketName), arn: await unwrap(b.bucketArn), adopted: b.adopted };
            }, { world: { buckets: ["vendor-emr-logs"] } });
            expect(ofType(r.resources, T.bucket)).to.have.length(0);
            expect(r.exports).to.deep.equal({ name: "vendor-emr-logs", arn: "arn:aws:s3:::vendor-emr-logs", adopted: true });
            const children = childrenOf(r.resources, one(r.resources, "emr-dataplane:index:ResourceBucket").urn);
            expect(children.map((c) => c.type).sort()).to.deep.equal([T.lifecycle, T.ownership, T.policy, T.pab, T.sse, T.versioning].sort());
            expect(children.every((c) => c.retainOnDelete)).to.equal(true);
            expect(children.every((c) => input(c, "bucket") === "vendor-emr-logs")).to.equal(true);
        });

        it("leaves alone the parts the bucket already has", async () => {
            const r = await run(() => { new ResourceBucket("sdp", { existingBucketName: "vendor-emr-logs", skipParts: ["tlsPolicy", "lifecycle"] }); });
            expect(ofType(r.resources, T.policy)).to.have.length(0);
            expect(ofType(r.resources, T.lifecycle)).to.have.length(0);
            expect(ofType(r.resources, T.pab)).to.have.length(1);
        });

        it("fails when the bucket does not exist", async () => {
            const { error } = await runFailing(() => new ResourceBucket("sdp", { existingBucketName: "missing-bucket" }), { world: { buckets: ["other"] } });
            expect(error.message).to.contain("bucket missing-bucket does not exist");
        });
    });

    describe("validation, before any child is registered", () => {
        const cases: [string, object, RegExp][] = [
            ["both a name and an existing bucket", { bucketName: "aaa", existingBucketName: "bbb" }, /^args\.bucketName: conflicts with args\.existingBucketName/],
            ["a bad bucket name", { bucketName: "Bad_Name" }, /^args\.bucketName: must be a valid S3 bucket name/],
            ["an IP-address bucket name", { bucketName: "192.168.1.1" }, /^args\.bucketName: must be a valid S3 bucket name/],
            ["skipParts on a new bucket", { skipParts: ["lifecycle"] }, /^args\.skipParts: only applies to an adopted bucket/],
            ["an unknown part", { existingBucketName: "bbb", skipParts: ["acl"] }, /^args\.skipParts\[0\]: must be one of/],
            ["a malformed key", { kmsKey: "alias/aws/s3" }, /^args\.kmsKey: must be "none", "create" or a KMS key ARN/],
            ["zero retention days", { logRetentionDays: 0 }, /^args\.logRetentionDays: must be a whole number from 1 to 3650, got 0/],
            ["a fractional retention", { noncurrentVersionRetentionDays: 1.5 }, /^args\.noncurrentVersionRetentionDays: must be a whole number/],
            ["a too long prefix", { bucketNamePrefix: "a".repeat(38) }, /^args\.bucketNamePrefix: must be 1-37/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what}`, async () => {
                const { error, registered } = await runFailing(() => new ResourceBucket("bad", args as any));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }
    });
});
