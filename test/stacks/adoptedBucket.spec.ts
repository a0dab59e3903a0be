/**
 * The shared example's adopted bucket, as its world file describes it: encrypted with a customer
 * managed KMS key (the roles get that key through S3 for this bucket only, or a clear refusal), and
 * verified (`verifyAdoptedParts`: the pack judges the parts kept as they are, read from the bucket).
 */
import { expect } from "chai";
import * as path from "path";
import { PolicyDocument } from "../../components/iam";
import { analyzeResources } from "../../engine/check/analyze";
import { DATA_PLANE_PROJECT_FILE, StackPreview, WorldOverrides, previewStackConfig } from "../../engine/preview/preview";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { revealOrMask } from "../../engine/offline/run";
import { decide } from "../helpers/iamSimulate";
import { one } from "../helpers/offline";

const ROOT = path.resolve(__dirname, "../..");
const SHARED = path.join(ROOT, "Pulumi.shared-example.yaml");
const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const BUCKET = "vendor-emr-logs-111122223333";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const RUNTIME_ROLE = `arn:aws:iam::${ACCOUNT}:role/emr-dataplane-job-runtime`;
const SYSTEM_ROLE = `arn:aws:iam::${ACCOUNT}:role/role_trusted_user`;
const VIA_S3 = `s3.${REGION}.amazonaws.com`;
/** The AWS default key policy: the account lets IAM policies grant the key ("Key policies in AWS KMS"). */
const KEY_POLICY: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };

function preview(extraConfig: Record<string, string>, world: WorldOverrides): Promise<StackPreview> {
    const stackConfig = loadStackConfig(SHARED, DATA_PLANE_PROJECT_FILE);
    return previewStackConfig({ ...stackConfig, config: { ...stackConfig.config, ...extraConfig } }, world);
}

const policyOf = (p: StackPreview, type: string, name: string): PolicyDocument => JSON.parse(revealOrMask(one(p.resources, type, name).inputs.policy) as string);

describe("the shared example's adopted bucket", () => {
    describe("encrypted with a customer managed key, bucketKmsKey unset", () => {
        let p: StackPreview;
        let runtime: PolicyDocument;
        let launch: PolicyDocument;
        before(async () => {
            p = await preview({}, { bucketSettings: { [BUCKET]: { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY, bucketKeyEnabled: true } } } });
            runtime = policyOf(p, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions");
            launch = policyOf(p, "aws:iam/policy:Policy", "launch-policy");
        });

        it("grants the runtime role and the launch principal that key, through S3 only, for this bucket's logs/, staging/ and output/ only", () => {
            for (const doc of [runtime, launch]) {
                expect(doc.Statement.find((s) => s.Sid === "AdoptedBucketKeyThroughS3")).to.deep.equal({
                    Sid: "AdoptedBucketKeyThroughS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEY],
                    Condition: {
                        StringEquals: { "kms:ViaService": VIA_S3 },
                        StringLike: { "kms:EncryptionContext:aws:s3:arn": [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/logs/*`, `arn:aws:s3:::${BUCKET}/staging/*`, `arn:aws:s3:::${BUCKET}/output/*`] },
                    },
                });
                expect(doc.Statement.some((s) => s.Sid === "ResourceBucketKey"), "no unconditioned key grant").to.equal(false);
            }
        });

        for (const [who, principal, doc] of [["the runtime role", RUNTIME_ROLE, () => runtime], ["the launch principal (staging upload)", SYSTEM_ROLE, () => launch]] as const) {
            it(`${who} may have S3 write and read objects with it (bucket key on: the bucket's ARN; objects from before: their own ARN)`, async () => {
                const ask = (action: string, context: Record<string, string>) => decide([doc()], { action, resource: KEY, principal, resourcePolicy: KEY_POLICY, context });
                expect(await ask("kms:GenerateDataKey", { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${BUCKET}` })).to.equal("Allowed");
                expect(await ask("kms:Decrypt", { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${BUCKET}/staging/entry-points/x/job.py` })).to.equal("Allowed");
                expect(await ask("kms:Decrypt", { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${BUCKET}/logs/applications/00f1/driver.log` })).to.equal("Allowed");
            });

            it(`…but ${who} may not use it directly, from another region, for another bucket, outside logs/ and staging/, or administer it`, async () => {
                const ask = (action: string, context: Record<string, string>, resource = KEY) => decide([doc()], { action, resource, principal, resourcePolicy: KEY_POLICY, context });
                const ownObject = { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${BUCKET}/logs/x.log` };
                expect(await ask("kms:Decrypt", ownObject), "called directly").to.equal("ImplicitlyDenied");
                expect(await ask("kms:Decrypt", { ...ownObject, "kms:ViaService": "s3.eu-west-1.amazonaws.com" }), "S3 of another region").to.equal("ImplicitlyDenied");
                expect(await ask("kms:Decrypt", { ...ownObject, "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` }), "another service").to.equal("ImplicitlyDenied");
                expect(await ask("kms:Decrypt", { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::someone-elses-bucket/logs/x.log" }), "another bucket").to.equal("ImplicitlyDenied");
                expect(await ask("kms:Decrypt", { "kms:ViaService": VIA_S3, "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${BUCKET}/emr-on-ec2/cluster.log` }), "another prefix").to.equal("ImplicitlyDenied");
                expect(await ask("kms:Decrypt", { ...ownObject, "kms:ViaService": VIA_S3 }, `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-12ab-34cd-56ef-1234567890ab`), "another key").to.equal("ImplicitlyDenied");
                expect(await ask("kms:ScheduleKeyDeletion", { "kms:ViaService": VIA_S3 }), "administer").to.equal("ImplicitlyDenied");
            });
        }

        it("changes nothing on the bucket, and the pack passes the plane", async () => {
            // No setting of the bucket is managed: the only S3 resources are the tenants' output folder
            // markers, new empty objects under the plane's own output/tenants/ prefix (components/planeTenants.ts).
            const s3 = p.resources.filter((r) => r.custom && r.type.startsWith("aws:s3/"));
            expect(s3.map((r) => [r.type, r.inputs.key, r.inputs.content])).to.deep.equal([
                ["aws:s3/bucketObjectv2:BucketObjectv2", "output/tenants/acme/", ""],
                ["aws:s3/bucketObjectv2:BucketObjectv2", "output/tenants/acme2/", ""],
            ]);
            expect((await analyzeResources(p.resources)).filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
        });
    });

    it("the AWS managed key aws/s3 needs no grant (its own policy serves the account through S3)", async () => {
        const p = await preview({}, { bucketSettings: { [BUCKET]: { encryption: { sseAlgorithm: "aws:kms" } } } });
        expect(policyOf(p, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions").Statement.map((s) => s.Sid)).to.not.include("AdoptedBucketKeyThroughS3");
    });

    it("a key the bucket names by an alias that cannot be resolved: refused, naming bucketKmsKey, before anything is registered", async () => {
        const failure = await preview({}, { bucketSettings: { [BUCKET]: { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/emr-logs" } } }, kmsKeys: {} }).then(() => undefined, (e: Error) => e);
        expect(failure?.message).to.match(/^emr-dataplane:bucketKmsKey: the adopted bucket vendor-emr-logs-111122223333 encrypts new objects with SSE-KMS key "alias\/emr-logs", which could not be resolved to a key ARN/);
    });

    it("bucketKmsKey naming another key than the bucket's: refused, naming it", async () => {
        const other = `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-12ab-34cd-56ef-1234567890ab`;
        const failure = await preview({ "emr-dataplane:bucketKmsKey": other }, { bucketSettings: { [BUCKET]: { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } } })
            .then(() => undefined, (e: Error) => e);
        expect(failure?.message).to.match(/^emr-dataplane:bucketKmsKey: names arn:aws:kms:us-east-1:111122223333:key\/9999.*, but the adopted bucket .* encrypts new objects with its own key/);
    });

    describe("verifyAdoptedParts: the pack judges the parts kept as they are", () => {
        const verify = { "emr-dataplane:verifyAdoptedParts": "true" };
        const tlsOnly = { Version: "2012-10-17", Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
            Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }] };
        const hardened = { policy: tlsOnly, versioning: "Enabled" };
        const rules = async (p: StackPreview) => (await analyzeResources(p.resources)).filter((v) => /bucket-hardened|hardening-unverified/.test(v.policyName)).map((v) => `${v.policyName}: ${v.message}`);

        it("a hardened bucket passes, with nothing left unverified", async () => {
            expect(await rules(await preview(verify, { bucketSettings: { [BUCKET]: hardened } }))).to.deep.equal([]);
        });

        it("without it, the same bucket's parts stay unverified (advisory)", async () => {
            const found = await rules(await preview({}, { bucketSettings: { [BUCKET]: hardened } }));
            expect(found).to.have.length(4);
            expect(found.every((f) => f.startsWith("adopted-bucket-hardening-unverified: "))).to.equal(true);
        });

        it("each part the bucket lacks or gets wrong is a violation, as for a created bucket", async () => {
            const p = await preview(verify, { bucketSettings: { [BUCKET]: {
                policy: { Version: "2012-10-17", Statement: [] }, versioning: "Suspended",
                publicAccessBlock: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: false },
            } } });
            expect(await rules(p)).to.deep.equal([
                `resource-bucket-hardened: adopted bucket ${BUCKET}: public access block is wrong: public access block leaves restrictPublicBuckets off; set all four of blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets to true (read from the bucket)`,
                `resource-bucket-hardened: adopted bucket ${BUCKET}: TLS-only bucket policy is wrong: its bucket policy has no Deny of s3:* to "*" on the bucket and its objects when aws:SecureTransport is false (read from the bucket)`,
                `resource-bucket-hardened: adopted bucket ${BUCKET}: versioning is wrong: versioning status is "Suspended", not "Enabled" (read from the bucket)`,
            ]);
        });

        it("a bucket with no policy and no public access block: each named missing, with how to let the stack manage it", async () => {
            const found = await rules(await preview(verify, { bucketSettings: { [BUCKET]: { publicAccessBlock: null, versioning: "Enabled" } } }));
            expect(found).to.deep.equal([
                `resource-bucket-hardened: adopted bucket ${BUCKET} has no public access block (read from the bucket); add publicAccessBlock to adoptedBucketManagedParts, or block public access on the bucket`,
                `resource-bucket-hardened: adopted bucket ${BUCKET} has no TLS-only bucket policy (read from the bucket); add tlsPolicy to adoptedBucketManagedParts (it is merged into the bucket's policy)`,
            ]);
        });

        it("a part the stack manages is judged from its resource, the others from the reading", async () => {
            const p = await preview({ ...verify, "emr-dataplane:adoptedBucketManagedParts": '["tlsPolicy"]' }, { bucketSettings: { [BUCKET]: { versioning: "Enabled" } } });
            expect(await rules(p)).to.deep.equal([]);
        });
    });
});
