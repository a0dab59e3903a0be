/**
 * The look-ups a plane's program makes before it creates anything (engine/onboarding/lookups.ts):
 * recorded by the offline engine as invoke tokens, each in the look-up table, each granted to the
 * deployer on its exact resource and proven by the IAM simulator; a plane that makes a look-up the
 * table lacks fails onboarding by name.
 */
import { expect } from "chai";
import * as path from "path";
import type { PolicyDocument } from "../../../components/iam/document";
import { LOOKUPS_TYPE, planeFacts } from "../../../engine/onboarding/plane";
import { LOOKUP_TABLE, UnknownLookupError, lookupCalls } from "../../../engine/onboarding/lookups";
import { onboardingIam } from "../../../engine/onboarding/policies";
import { onboardPlane } from "../../../engine/onboarding/onboard";
import { tempDir } from "../../helpers/tempDir";
import { DATA_PLANE_PROJECT_FILE, StackPreview, WorldOverrides, previewStack, previewStackConfig } from "../../../engine/preview/preview";
import { loadStackConfig } from "../../../engine/preview/stackConfig";
import { ROLE_BOUNDARY_CONFIG_KEY } from "../../../vocabulary/names";
import { isUserError } from "../../../vocabulary/userError";
import { decide } from "../../helpers/iamSimulate";

const ROOT = path.resolve(__dirname, "../../..");
const ACCOUNT = "444455556666";
const REGION = "eu-west-1";
const SCOPE = { partition: "aws", region: REGION, accountId: ACCOUNT };
const VENDOR = "arn:aws:iam::111122223333:role/vendor-deployer";
const BUCKET = "acme-emr-logs";
const KEY_ALIAS = "alias/acme-logs";
/** The AWS default key policy: the account lets IAM policies grant the key ("Key policies in AWS KMS"). */
const KEY_POLICY: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] };

/** The private example adopting its network and a bucket encrypted with a key named by alias, verified at preview. */
const ADOPTING: Record<string, string> = {
    "emr-dataplane:existingBucketName": BUCKET,
    "emr-dataplane:bucketKmsKey": "none",
    "emr-dataplane:verifyAdoptedParts": "true",
    "emr-dataplane:vpcId": "vpc-0a1b2c3d4e5f60718",
    "emr-dataplane:subnetIds": JSON.stringify(["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"]),
    "emr-dataplane:s3EndpointId": "vpce-0a1b2c3d4e5f60719",
};
const WORLD: WorldOverrides = { bucketSettings: { [BUCKET]: { encryption: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ALIAS, bucketKeyEnabled: true } } } };

async function adoptingPlane(): Promise<StackPreview> {
    const base = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/dataplane-boundary-acme`;
    return previewStackConfig({ ...base, config: { ...base.config, ...ADOPTING, [ROLE_BOUNDARY_CONFIG_KEY]: boundary } }, WORLD);
}

describe("onboarding: the look-ups a plane makes before it creates anything", function () {
    this.timeout(120000);
    let adopting: StackPreview;
    before(async () => {
        adopting = await adoptingPlane();
    });

    it("records every look-up of both example planes and of an adopting private plane, and the table knows each", async () => {
        // One offline run at a time: the Pulumi mocks are process-global.
        const examples: StackPreview[] = [];
        for (const f of ["Pulumi.private-example.yaml", "Pulumi.shared-example.yaml"]) examples.push(await previewStack(path.join(ROOT, f)));
        const tokens = new Set([...examples, adopting].flatMap((p) => p.invokes.map((i) => i.token)));
        expect([...tokens]).to.include.members([
            "aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getAvailabilityZones:getAvailabilityZones", "aws:ec2/getSubnet:getSubnet",
            "aws:ec2/getRouteTable:getRouteTable", "aws:ec2/getVpcEndpoint:getVpcEndpoint", "aws:cloudcontrol/getResource:getResource",
            "aws:s3/getBucketPolicy:getBucketPolicy", "aws:kms/getKey:getKey", "aws:s3/getBucket:getBucket", "aws:iam/getRole:getRole",
        ]);
        for (const token of tokens) expect(LOOKUP_TABLE.map((e) => e.token), token).to.include(token);
        for (const p of [...examples, adopting]) expect(() => lookupCalls(p.invokes, SCOPE)).to.not.throw();
    });

    it("each look-up of the adopting plane is granted on its exact resource, and the simulator allows every one of them", async () => {
        const facts = planeFacts(adopting.resources, REGION, ACCOUNT, "acme", adopting.invokes);
        const iam = onboardingIam(facts, adopting.resources, [VENDOR]);
        const policies = iam.deployerPolicies.map((p) => p.document);
        const lookups = facts.resources.find((r) => r.type === LOOKUPS_TYPE)!;
        const actions = lookups.calls.map((c) => `${c.action} ${c.resource}`);
        expect(actions).to.include.members([
            `s3:GetBucketPolicy arn:aws:s3:::${BUCKET}`, `s3:GetEncryptionConfiguration arn:aws:s3:::${BUCKET}`, "cloudformation:GetResource *",
            "ec2:DescribeSubnets *", "ec2:DescribeRouteTables *", "ec2:DescribeVpcEndpoints *",
        ]);
        expect(actions.some((a) => a.startsWith(`kms:DescribeKey arn:aws:kms:${REGION}:${ACCOUNT}:key/`)), "DescribeKey of the alias's key").to.equal(true);
        const refused: string[] = [];
        for (const c of lookups.calls) {
            const resourcePolicy = c.action.startsWith("kms:") ? KEY_POLICY : undefined;
            const d = await decide(policies, { action: c.action, resource: c.resource, principal: iam.deployerRoleArn, resourceAccount: ACCOUNT, resourcePolicy });
            if (d !== "Allowed") refused.push(`${c.phase} ${c.action} ${c.resource}: ${d}`);
        }
        expect(refused).to.deep.equal([]);
        // The neighbours: the same reads of another bucket, another key.
        expect(await decide(policies, { action: "s3:GetBucketPolicy", resource: "arn:aws:s3:::payroll-exports", principal: iam.deployerRoleArn, resourceAccount: ACCOUNT })).to.equal("ImplicitlyDenied");
        expect(await decide(policies, { action: "s3:GetEncryptionConfiguration", resource: "arn:aws:s3:::payroll-exports", principal: iam.deployerRoleArn, resourceAccount: ACCOUNT })).to.equal("ImplicitlyDenied");
        expect(await decide(policies, { action: "kms:DescribeKey", resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/99999999-1111-2222-3333-444444444444`, principal: iam.deployerRoleArn, resourcePolicy: KEY_POLICY }))
            .to.equal("ImplicitlyDenied");
    });

    it("the adopting plane's onboarding template, look-up grants included, passes the policy pack", async () => {
        const base = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
        const p = await onboardPlane({ ...base, config: { ...base.config, ...ADOPTING } }, { deployPrincipalArns: [VENDOR], outDir: tempDir("dataplane-onboard-lookups-") });
        const s3 = p.iam.deployerPolicies.flatMap((d) => d.document.Statement as Array<{ Sid?: string; Resource?: unknown }>).filter((x) => String(x.Sid).startsWith("S3ExactLookup"));
        expect(s3.map((x) => x.Resource)).to.deep.equal([[`arn:aws:s3:::${BUCKET}`]]);
        expect(p.violations).to.deep.equal([]);
    });

    it("the private example's deployer holds the look-ups it needs and none it does not (no S3 or KMS reads of anything adopted)", async () => {
        const p = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
        const facts = planeFacts(p.resources, REGION, ACCOUNT, "acme", p.invokes);
        const lookups = facts.resources.find((r) => r.type === LOOKUPS_TYPE)!;
        expect([...new Set(lookups.calls.map((c) => c.action))]).to.deep.equal(["ec2:DescribeAvailabilityZones"]);
    });

    it("a look-up the table lacks fails onboarding by name, as an unknown resource type does", async () => {
        const invokes = [...adopting.invokes, { token: "aws:ec2/getVpc:getVpc", inputs: { id: "vpc-1" }, outputs: {} }];
        let error: unknown;
        try {
            planeFacts(adopting.resources, REGION, ACCOUNT, "acme", invokes);
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(UnknownLookupError);
        expect(isUserError(error)).to.equal(true);
        expect((error as Error).message).to.match(/look-up aws:ec2\/getVpc:getVpc, which the onboarding look-up table \(engine\/onboarding\/lookups\.ts\) does not list/);
        // A Cloud Control read of a type the table does not read is refused the same way.
        expect(() => lookupCalls([{ token: "aws:cloudcontrol/getResource:getResource", inputs: { typeName: "AWS::IAM::Role", identifier: "x" }, outputs: {} }], SCOPE))
            .to.throw(UnknownLookupError, /getResource \(AWS::IAM::Role\)/);
    });

    it("look-ups that need no permission are granted nothing, each with the reason", () => {
        for (const token of ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getRegion:getRegion", "aws:index/getPartition:getPartition"]) {
            expect(lookupCalls([{ token, inputs: {}, outputs: {} }], SCOPE), token).to.deep.equal([]);
            expect(LOOKUP_TABLE.find((e) => e.token === token)!.noPermission, token).to.be.a("string");
        }
    });
});
