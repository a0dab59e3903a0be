/**
 * Spark's probes of paths that do not exist yet, asked of an IAM simulator with each probe's own
 * request context (components/iam/sparkRequests.ts): for both example planes, every request the
 * plane bucket's sample job makes with the runtime role registered is allowed, and every HEAD of a
 * missing key is answered 404 (S3 checks s3:ListBucket on the bucket, with no prefix, for that)
 * instead of the 403 Spark fails on. The access-point sample is proven the same way in
 * test/components/accessPointDocuments.spec.ts.
 */
import { expect } from "chai";
import * as path from "path";
import { PolicyDocument, planeBucketSampleRequests, policy, resourceBucketStatements } from "../../components/iam";
import { previewStack } from "../../engine/preview/preview";
import { revealOrMask } from "../../engine/offline/run";
import { decide } from "../helpers/iamSimulate";
import { one } from "../helpers/offline";

const ROOT = path.resolve(__dirname, "../..");

for (const example of ["Pulumi.private-example.yaml", "Pulumi.shared-example.yaml"]) {
    describe(`Spark's probes of the plane bucket's sample job (${example}): each allowed, or a 404 while the key does not exist`, () => {
        let runtime: PolicyDocument;
        let launch: PolicyDocument;
        let bucket: string;
        let role: string;
        let account: string;
        before(async () => {
            const p = await previewStack(path.join(ROOT, example));
            const message = revealOrMask(p.outputs.controlPlaneMessage) as Record<string, string>;
            bucket = message.resourceBucket;
            role = message.jobRuntimeRoleArn;
            account = p.world.accountId;
            runtime = JSON.parse(revealOrMask(one(p.resources, "aws:iam/rolePolicy:RolePolicy", "job-runtime-permissions").inputs.policy) as string);
            const launchPolicy = p.resources.find((r) => r.name === "launch-permissions" || r.name === "launch-policy")!;
            launch = JSON.parse(revealOrMask(launchPolicy.inputs.policy) as string);
        });
        const ask = (doc: PolicyDocument, r: { action: string; resource: string; context: Record<string, string> }) =>
            decide([doc], { action: r.action, resource: r.resource, principal: role, context: r.context, resourceAccount: account });

        it("every request of the sample job is allowed, and every HEAD of a missing key is a 404 (ListBucket on the bucket, no prefix)", async () => {
            const requests = planeBucketSampleRequests("aws", bucket);
            expect(requests.filter((r) => r.missing)).to.have.length(6);
            for (const r of requests) {
                expect(await ask(runtime, r), r.operation).to.equal("Allowed");
                if (r.missing) expect(await ask(runtime, r.missing), `${r.operation}: 404, not 403`).to.equal("Allowed");
            }
        });

        it("the evaluation tells the difference: with listing narrowed by s3:prefix (the launch principal's shape), the missing keys would be 403s and Spark would fail", async () => {
            const narrowed = policy(...resourceBucketStatements("aws", bucket));
            const missing = planeBucketSampleRequests("aws", bucket).filter((r) => r.missing);
            for (const r of missing) expect(await ask(narrowed, r.missing!), r.operation).to.equal("ImplicitlyDenied");
            // And HEAD of the top folder key is refused outright without its exact GetObject.
            expect(await ask(narrowed, { action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/staging`, context: {} })).to.equal("ImplicitlyDenied");
        });

        it("the trade-off: the runtime role may list every key name in the bucket, but still reads and writes only logs/ and staging/ (and the folder key staging itself, read only)", async () => {
            expect(await ask(runtime, { action: "s3:ListBucket", resource: `arn:aws:s3:::${bucket}`, context: { "s3:prefix": "emr-on-ec2/", "s3:delimiter": "/" } })).to.equal("Allowed");
            for (const [action, key] of [["s3:GetObject", "emr-on-ec2/cluster.log"], ["s3:PutObject", "staging"], ["s3:GetObject", "stagingx"], ["s3:GetObject", "logs"]] as const) {
                expect(await ask(runtime, { action, resource: `arn:aws:s3:::${bucket}/${key}`, context: {} }), `${action} ${key}`).to.equal("ImplicitlyDenied");
            }
        });

        it("the launch principal, which runs no Spark, keeps listing narrowed to logs/ and staging/", async () => {
            const list = (prefix: string) => decide([launch], { action: "s3:ListBucket", resource: `arn:aws:s3:::${bucket}`, context: { "s3:prefix": prefix }, resourceAccount: account });
            expect(await list("staging/entry-points/")).to.equal("Allowed");
            expect(await list("emr-on-ec2/")).to.equal("ImplicitlyDenied");
        });
    });
}
