import { expect } from "chai";
import { ResourceBucket } from "../../components";
import { readDocument } from "../../policies/model/documents";
import { isTlsOnly } from "../../policies/rules/storage";
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
        const ALL_PARTS = ["publicAccessBlock", "ownershipControls", "encryption", "versioning", "tlsPolicy", "lifecycle"] as const;
        const adopt = async (args: object, world: object = {}) => run(async () => {
            const b = new ResourceBucket("sdp", { existingBucketName: "vendor-emr-logs", ...args });
            return { name: await unwrap(b.bucketName), arn: await unwrap(b.bucketArn), adopted: b.adopted, parts: await unwrap(b.adoptedParts) };
        }, { world: { buckets: ["vendor-emr-logs"], ...world } });

        it("by default creates nothing at all and keeps every part as it is", async () => {
            const r = await adopt({});
            expect(ofType(r.resources, T.bucket)).to.have.length(0);
            expect(childrenOf(r.resources, one(r.resources, "emr-dataplane:index:ResourceBucket").urn).filter((c) => c.custom)).to.deep.equal([]);
            expect(r.exports.name).to.equal("vendor-emr-logs");
            expect(r.exports.arn).to.equal("arn:aws:s3:::vendor-emr-logs");
            expect(r.exports.parts).to.deep.equal(Object.fromEntries(ALL_PARTS.map((p) => [p, "kept as is"])));
        });

        it("manages exactly the opted-in parts, retained whatever retainOnDelete says", async () => {
            const r = await adopt({ manageAdoptedParts: ["publicAccessBlock", "versioning"], retainOnDelete: false });
            const children = childrenOf(r.resources, one(r.resources, "emr-dataplane:index:ResourceBucket").urn).filter((c) => c.custom);
            expect(children.map((c) => c.type).sort()).to.deep.equal([T.pab, T.versioning].sort());
            expect(children.every((c) => c.retainOnDelete && input(c, "bucket") === "vendor-emr-logs")).to.equal(true);
            expect(r.exports.parts).to.include({ publicAccessBlock: "managed", versioning: "managed", tlsPolicy: "kept as is", lifecycle: "kept as is" });
        });

        it("fails when the bucket does not exist", async () => {
            const { error } = await runFailing(() => new ResourceBucket("sdp", { existingBucketName: "missing-bucket" }), { world: { buckets: ["other"] } });
            expect(error.message).to.contain("bucket missing-bucket does not exist");
        });

        it("fails rather than replace a bucket policy it could not read", async () => {
            const { error } = await runFailing(() => ResourceBucket.lookupExisting({ existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["tlsPolicy"] }),
                { world: { buckets: ["other"] } });
            expect(error.message).to.contain("bucket vendor-emr-logs does not exist");
        });
    });

    describe("adopt mode: the TLS-only statement is merged into the existing bucket policy", () => {
        const existingPolicy = {
            Version: "2012-10-17",
            Id: "emr-on-ec2-logs",
            Statement: [
                { Sid: "EmrOnEc2WritesLogs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/EMR_EC2_DefaultRole" },
                    Action: ["s3:PutObject", "s3:GetObject"], Resource: "arn:aws:s3:::vendor-emr-logs/*" },
                { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject",
                    Resource: "arn:aws:s3:::vendor-emr-logs/access/*", Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } },
            ],
        };
        const merged = async (policy: unknown) => {
            const r = await run(async () => {
                const b = new ResourceBucket("sdp", { existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["tlsPolicy"] });
                return { parts: await unwrap(b.adoptedParts) };
            }, { world: { bucketSettings: policy === undefined ? {} : { "vendor-emr-logs": { policy: policy as string } } } });
            return { text: input(one(r.resources, T.policy), "policy") as string, parts: r.exports.parts, resources: r.resources };
        };

        it("keeps every existing statement exactly, in place, and appends ours", async () => {
            const { text, parts } = await merged(existingPolicy);
            const doc = JSON.parse(text);
            expect(doc.Version).to.equal("2012-10-17");
            expect(doc.Id).to.equal("emr-on-ec2-logs");
            expect(doc.Statement.slice(0, 2)).to.deep.equal(existingPolicy.Statement);
            expect(doc.Statement).to.have.length(3);
            expect(doc.Statement[2]).to.deep.equal({
                Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
                Resource: ["arn:aws:s3:::vendor-emr-logs", "arn:aws:s3:::vendor-emr-logs/*"], Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            expect(parts.tlsPolicy).to.equal("merged (2 existing statements kept)");
            const read = readDocument(text);
            expect(read.status === "ok" && isTlsOnly(read.document, "vendor-emr-logs"), "the policy pack reads the merged document as TLS-only").to.equal(true);
        });

        it("gives the identical document on a second run (ours is found by Sid, not added again)", async () => {
            const first = await merged(existingPolicy);
            const second = await merged(first.text);
            expect(second.text).to.equal(first.text);
            expect(JSON.parse(second.text).Statement.filter((s: { Sid?: string }) => s.Sid === "DenyInsecureTransport")).to.have.length(1);
            expect(second.parts.tlsPolicy).to.equal("merged (2 existing statements kept)");
        });

        it("replaces an outdated statement with our Sid instead of duplicating it, keeping the others", async () => {
            const outdated = { ...existingPolicy, Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "*" }, ...existingPolicy.Statement] };
            const doc = JSON.parse((await merged(outdated)).text);
            expect(doc.Statement.map((s: { Sid?: string }) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "EmrOnEc2WritesLogs", undefined]);
            expect(doc.Statement[0].Action).to.equal("s3:*");
            expect(doc.Statement.slice(1)).to.deep.equal(existingPolicy.Statement);
        });

        it("writes ours alone to a bucket with no policy, and the pack still finds it TLS-only", async () => {
            const { text, parts } = await merged(undefined);
            expect(JSON.parse(text).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["DenyInsecureTransport"]);
            expect(parts.tlsPolicy).to.equal("merged (0 existing statements kept)");
            const read = readDocument(text);
            expect(read.status === "ok" && isTlsOnly(read.document, "vendor-emr-logs")).to.equal(true);
        });
    });

    describe("adopt mode: a change that weakens the bucket is refused", () => {
        const kmsWorld = { bucketSettings: { "vendor-emr-logs": { encryption: { sseAlgorithm: "aws:kms" as const, kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } } } };

        it("refuses SSE-S3 over an SSE-KMS bucket, naming kmsKey, before anything is registered", async () => {
            const { error, registered } = await runFailing(() => ResourceBucket.lookupExisting({ existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["encryption"] }), { world: kmsWorld });
            expect(error.message).to.match(/^args\.kmsKey: the adopted bucket vendor-emr-logs encrypts with aws:kms with key arn:aws:kms:.*; managing its "encryption" with SSE-S3 \(AES256\) would weaken it/);
            expect(registered.filter((x) => x.custom)).to.deep.equal([]);
        });

        it("refuses it inside the component too, when no look-up result is passed", async () => {
            const { error } = await runFailing(() => new ResourceBucket("sdp", { existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["encryption"] }), { world: kmsWorld });
            expect(error.message).to.contain("args.kmsKey: the adopted bucket vendor-emr-logs encrypts with aws:kms");
        });

        it("accepts managing the encryption of that bucket with its own key", async () => {
            const args = { existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["encryption" as const], kmsKey: kmsWorld.bucketSettings["vendor-emr-logs"].encryption.kmsMasterKeyId };
            const r = await run(async () => new ResourceBucket("sdp", { ...args, existing: await ResourceBucket.lookupExisting(args) }), { world: kmsWorld });
            expect(input(one(r.resources, T.sse), "rules")[0].applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
        });

        it("refuses SSE-KMS over a DSSE-KMS bucket", async () => {
            const { error } = await runFailing(() => ResourceBucket.lookupExisting({ existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["encryption"], kmsKey: "create" }),
                { world: { bucketSettings: { "vendor-emr-logs": { encryption: { sseAlgorithm: "aws:kms:dsse" } } } } });
            expect(error.message).to.match(/^args\.kmsKey: the adopted bucket vendor-emr-logs encrypts with aws:kms:dsse; managing its "encryption" with SSE-KMS would weaken it/);
        });

        it("refuses to replace lifecycle rules of the bucket's own, naming manageAdoptedParts", async () => {
            const { error } = await runFailing(() => ResourceBucket.lookupExisting({ existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["lifecycle"] }),
                { world: { bucketSettings: { "vendor-emr-logs": { lifecycleRules: [{ Id: "keep-logs-400-days", Status: "Enabled", ExpirationInDays: 400 }, { Id: "expire-logs", Status: "Enabled" }] } } } });
            expect(error.message).to.equal('args.manageAdoptedParts: "lifecycle" would delete the 1 lifecycle rule(s) the adopted bucket vendor-emr-logs has ("keep-logs-400-days"): ' +
                'S3 replaces a lifecycle configuration as a whole; leave "lifecycle" out and keep the bucket\'s own rules');
        });

        it("manages the lifecycle of a bucket that has only our rules (a second run)", async () => {
            const own = ["expire-logs", "abort-incomplete-multipart-uploads", "expire-noncurrent-versions"].map((Id) => ({ Id, Status: "Enabled" }));
            const existing = await run(() => ResourceBucket.lookupExisting({ existingBucketName: "vendor-emr-logs", manageAdoptedParts: ["lifecycle", "versioning"] }),
                { world: { bucketSettings: { "vendor-emr-logs": { lifecycleRules: own, versioning: "Enabled" } } } });
            expect(existing.exports.settings).to.deep.include({ versioning: "Enabled", lifecycleRuleIds: own.map((r) => r.Id) });
        });
    });

    describe("validation, before any child is registered", () => {
        const cases: [string, object, RegExp][] = [
            ["both a name and an existing bucket", { bucketName: "aaa", existingBucketName: "bbb" }, /^args\.bucketName: conflicts with args\.existingBucketName/],
            ["a bad bucket name", { bucketName: "Bad_Name" }, /^args\.bucketName: must be a valid S3 bucket name/],
            ["an IP-address bucket name", { bucketName: "192.168.1.1" }, /^args\.bucketName: must be a valid S3 bucket name/],
            ["the replaced skipParts", { existingBucketName: "bbb", skipParts: ["lifecycle"] }, /^args\.skipParts: was replaced by args\.manageAdoptedParts: an adopted bucket now keeps every part as it is unless you list it there \(opt-in\)$/],
            ["manageAdoptedParts on a new bucket", { manageAdoptedParts: ["lifecycle"] }, /^args\.manageAdoptedParts: only applies to an adopted bucket/],
            ["an unknown part", { existingBucketName: "bbb", manageAdoptedParts: ["acl"] }, /^args\.manageAdoptedParts\[0\]: must be one of/],
            ["a key to create for an adopted bucket whose encryption is kept", { existingBucketName: "bbb", kmsKey: "create" }, /^args\.kmsKey: "create" makes a key for the bucket's default encryption, but the adopted bucket's encryption is kept as is/],
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
