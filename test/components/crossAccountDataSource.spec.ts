import { expect } from "chai";
import { CrossAccountDataSource, CrossAccountDataSourceArgs } from "../../components";
import { accessPointPolicy, dataSourceKeyPolicy, delegateToAccessPointsBucketPolicy } from "../../components/iam";
import { ACCOUNT, REGION, childrenOf, documentOf, input, one, run, runFailing, unwrap } from "../helpers/offline";
import { analyzeResources } from "../../engine/check/analyze";

const COMPONENT = "emr-dataplane:index:CrossAccountDataSource";
const AP = "aws:s3/accessPoint:AccessPoint";
const KEY = "aws:kms/key:Key";
const BUCKET = "aws:s3/bucket:Bucket";
const CONSUMER_ROLE = "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime";

type Exports = { arn: string; alias: string; keyArn: string; bucket: string; inputUri: string; outputUri: string };

async function dataSource(args: Partial<CrossAccountDataSourceArgs> = {}) {
    return run(async () => {
        const ds = new CrossAccountDataSource("sales", { consumerRoleArns: [CONSUMER_ROLE], accessPointName: "sales-emr", ...args });
        return {
            arn: await unwrap(ds.accessPointArn), alias: await unwrap(ds.accessPointAlias), keyArn: await unwrap(ds.kmsKeyArn),
            bucket: await unwrap(ds.bucketName), inputUri: await unwrap(ds.inputUri), outputUri: await unwrap(ds.outputUri),
        } as Exports;
    });
}

describe("CrossAccountDataSource", () => {
    describe("with defaults (one consumer role, input/ and output/)", () => {
        let r: Awaited<ReturnType<typeof dataSource>>;
        before(async () => {
            r = await dataSource({ bucketName: "acme-sales-data" });
        });

        it("creates exactly the key, the bucket with its hardening and policy, and the access point, under the component", () => {
            const component = one(r.resources, COMPONENT, "sales");
            expect(childrenOf(r.resources, component.urn).map((c) => `${c.type.split(":").pop()} ${c.name}`).sort()).to.deep.equal([
                "AccessPoint sales-access-point", "Bucket sales-bucket", "BucketLifecycleConfiguration sales-lifecycle",
                "BucketOwnershipControls sales-ownership", "BucketPolicy sales-policy", "BucketPublicAccessBlock sales-public-access-block",
                "BucketServerSideEncryptionConfiguration sales-encryption", "BucketVersioning sales-versioning", "Key sales-key",
            ]);
        });

        it("registers what the policy pack requires: no violation of any rule (access point, bucket and key policy shapes included)", async () => {
            // The consumer is another account: the pack is told it is trusted (foreign-accounts-trusted).
            expect(await analyzeResources(r.resources, { config: { "foreign-accounts-trusted": { trustedPrincipals: [CONSUMER_ROLE] } } })).to.deep.equal([]);
        });

        it("retains the bucket, its key and its hardening on destroy, but not the access point", () => {
            const children = childrenOf(r.resources, one(r.resources, COMPONENT).urn);
            expect(children.filter((c) => !c.retainOnDelete).map((c) => c.type)).to.deep.equal([AP]);
        });

        it("creates a customer-managed key with rotation whose policy admits only the owner account and the consumer role via S3", () => {
            const key = one(r.resources, KEY);
            expect(input(key, "enableKeyRotation")).to.equal(true);
            expect(input(key, "deletionWindowInDays")).to.equal(30);
            expect(documentOf(key)).to.deep.equal(dataSourceKeyPolicy({ partition: "aws", region: REGION, ownerAccountId: ACCOUNT, consumerRoleArns: [CONSUMER_ROLE] }));
        });

        it("encrypts the bucket by default with that key (SSE-KMS, bucket key), blocks public access, enforces bucket ownership", () => {
            const sse = one(r.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
            expect(input(sse, "rules")).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: r.exports.keyArn }, bucketKeyEnabled: true }]);
            const pab = one(r.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            expect([input(pab, "blockPublicAcls"), input(pab, "blockPublicPolicy"), input(pab, "ignorePublicAcls"), input(pab, "restrictPublicBuckets")]).to.deep.equal([true, true, true, true]);
            expect(input(one(r.resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"), "rule")).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            expect(input(one(r.resources, "aws:s3/bucketVersioning:BucketVersioning"), "versioningConfiguration")).to.deep.equal({ status: "Enabled" });
            expect(input(one(r.resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"), "rules").map((x: any) => x.id))
                .to.deep.equal(["abort-incomplete-multipart-uploads", "expire-noncurrent-versions"]);
            expect(input(one(r.resources, BUCKET), "forceDestroy")).to.equal(false);
        });

        it("gives the bucket the delegation policy (TLS only, own access points only), after the public access block", () => {
            const policy = one(r.resources, "aws:s3/bucketPolicy:BucketPolicy");
            expect(documentOf(policy)).to.deep.equal(delegateToAccessPointsBucketPolicy({ partition: "aws", bucketName: "acme-sales-data", ownerAccountId: ACCOUNT }));
            expect(policy.dependencies).to.include(one(r.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn);
        });

        it("creates the access point on the bucket, public access blocked, Internet origin, with the consumer-only policy on its own ARN", () => {
            const ap = one(r.resources, AP);
            expect(input(ap, "name")).to.equal("sales-emr");
            expect(input(ap, "bucket")).to.equal("acme-sales-data");
            expect(input(ap, "publicAccessBlockConfiguration")).to.deep.equal({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            expect(ap.inputs.vpcConfiguration).to.equal(undefined);
            expect(r.exports.arn).to.equal(`arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/sales-emr`);
            expect(documentOf(ap)).to.deep.equal(accessPointPolicy({ accessPointArn: r.exports.arn, consumerRoleArns: [CONSUMER_ROLE], inputPrefix: "input/", outputPrefix: "output/" }));
            expect(ap.dependencies).to.include(one(r.resources, "aws:s3/bucketPolicy:BucketPolicy").urn);
        });

        it("outputs the access point ARN and alias, the key ARN and the job's s3:// URIs through the alias", () => {
            const ap = one(r.resources, AP);
            expect(r.exports.alias).to.equal(ap.outputs.alias).and.to.match(/^sales-emr-[0-9a-f]+-s3alias$/);
            expect(r.exports.keyArn).to.equal(one(r.resources, KEY).outputs.arn);
            expect(r.exports.inputUri).to.equal(`s3://${r.exports.alias}/input/`);
            expect(r.exports.outputUri).to.equal(`s3://${r.exports.alias}/output/`);
            const component = one(r.resources, COMPONENT);
            expect(component.outputs.accessPointArn).to.equal(r.exports.arn);
        });
    });

    it("with several consumers, other prefixes, a generated bucket name and no retention", async () => {
        const other = "arn:aws:iam::555566667777:role/path/runtime";
        const r = await dataSource({ consumerRoleArns: [CONSUMER_ROLE, other], inputPrefix: "raw/2024/", outputPrefix: "curated/", retainOnDelete: false, noncurrentVersionRetentionDays: 7 });
        const ap = documentOf(one(r.resources, AP));
        expect(ap.Statement.map((s) => s.Principal)).to.deep.equal([{ AWS: [CONSUMER_ROLE, other] }, { AWS: [CONSUMER_ROLE, other] }, { AWS: [CONSUMER_ROLE, other] }, { AWS: [CONSUMER_ROLE, other] }]);
        expect(ap.Statement[0].Resource).to.deep.equal([`${r.exports.arn}/object/raw/2024/*`]);
        expect(ap.Statement[1].Resource).to.deep.equal([`${r.exports.arn}/object/curated/*`]);
        expect(documentOf(one(r.resources, KEY)).Statement[1].Condition!.StringEquals["kms:CallerAccount"]).to.deep.equal(["111122223333", "555566667777"]);
        expect(r.resources.filter((x) => x.retainOnDelete)).to.deep.equal([]);
        expect(one(r.resources, BUCKET).outputs.bucket).to.match(/^sales-bucket-[0-9a-f]{7}$/);
        expect(r.exports.inputUri).to.equal(`s3://${r.exports.alias}/raw/2024/`);
        expect(input(one(r.resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"), "rules")[1].noncurrentVersionExpiration).to.deep.equal({ noncurrentDays: 7 });
        expect(await analyzeResources(r.resources, { config: { "foreign-accounts-trusted": { trustedPrincipals: [CONSUMER_ROLE, other] } } })).to.deep.equal([]);
    });

    describe("validation", () => {
        const fifty = "a".repeat(50);
        const cases: [string, Partial<CrossAccountDataSourceArgs>, RegExp][] = [
            ["no consumer roles", { consumerRoleArns: [] }, /^args\.consumerRoleArns: must list at least 1 item/],
            ["a consumer \"*\"", { consumerRoleArns: ["*"] }, /^args\.consumerRoleArns\[0\]: must be an IAM role ARN/],
            ["an account root as consumer", { consumerRoleArns: ["arn:aws:iam::111122223333:root"] }, /^args\.consumerRoleArns\[0\]: must be an IAM role ARN/],
            ["a role pattern as consumer", { consumerRoleArns: ["arn:aws:iam::111122223333:role/emr-*"] }, /^args\.consumerRoleArns\[0\]: must be an IAM role ARN/],
            ["a user as consumer", { consumerRoleArns: ["arn:aws:iam::111122223333:user/bob"] }, /^args\.consumerRoleArns\[0\]: must be an IAM role ARN/],
            ["a missing access point name", { accessPointName: undefined }, /^args\.accessPointName: must be a non-empty string/],
            ["an access point name of 2 characters", { accessPointName: "ab" }, /^args\.accessPointName: must be 3-50 .* has 2 characters/],
            ["an access point name of 51 characters", { accessPointName: fifty + "b" }, /^args\.accessPointName: must be 3-50 .* has 51 characters/],
            ["uppercase in the access point name", { accessPointName: "Sales-emr" }, /^args\.accessPointName: must be 3-50 .*no uppercase/],
            ["an underscore in the access point name", { accessPointName: "sales_emr" }, /^args\.accessPointName: .*no uppercase, underscores or periods/],
            ["a period in the access point name", { accessPointName: "sales.emr" }, /^args\.accessPointName: .*no uppercase, underscores or periods/],
            ["a leading hyphen", { accessPointName: "-sales" }, /^args\.accessPointName: must be 3-50/],
            ["a trailing hyphen", { accessPointName: "sales-" }, /^args\.accessPointName: must be 3-50/],
            ["the alias suffix", { accessPointName: "sales-s3alias" }, /^args\.accessPointName: must not end with "-s3alias"/],
            ["a reserved DNS label", { accessPointName: "ab--sales" }, /^args\.accessPointName: must not have "--" as its third and fourth/],
            ["a bad bucket name", { bucketName: "Acme_Data" }, /^args\.bucketName: must be a valid S3 bucket name/],
            ["a prefix without a trailing slash", { inputPrefix: "input" }, /^args\.inputPrefix: must be a key prefix/],
            ["a prefix with a wildcard", { inputPrefix: "in*/" }, /^args\.inputPrefix: must be a key prefix/],
            ["a prefix with a leading slash", { outputPrefix: "/output/" }, /^args\.outputPrefix: must be a key prefix/],
            ["a prefix with an empty segment", { outputPrefix: "out//x/" }, /^args\.outputPrefix: must be a key prefix/],
            ["a prefix with a .. segment", { outputPrefix: "out/../input/" }, /^args\.outputPrefix: must be a key prefix/],
            ["an output inside the input", { inputPrefix: "data/", outputPrefix: "data/out/" }, /^args\.outputPrefix: must not overlap args\.inputPrefix/],
            ["an input inside the output", { inputPrefix: "out/in/", outputPrefix: "out/" }, /^args\.outputPrefix: must not overlap/],
            ["the same prefix twice", { inputPrefix: "data/", outputPrefix: "data/" }, /^args\.outputPrefix: must not overlap/],
            ["a retention of 0 days", { noncurrentVersionRetentionDays: 0 }, /^args\.noncurrentVersionRetentionDays: must be a whole number from 1 to 3650/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what} before registering any child`, async () => {
                const { error, registered } = await runFailing(() => new CrossAccountDataSource("bad", { consumerRoleArns: [CONSUMER_ROLE], accessPointName: "sales-emr", ...args } as CrossAccountDataSourceArgs));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }

        for (const name of ["a1b", fifty, "sales--emr", "0-9"]) {
            it(`accepts the access point name ${JSON.stringify(name.length > 20 ? `${name.length} × a` : name)}`, async () => {
                const r = await dataSource({ accessPointName: name });
                expect(input(one(r.resources, AP), "name")).to.equal(name);
            });
        }
    });
});
