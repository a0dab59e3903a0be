import { expect } from "chai";
import * as path from "path";
import type { PolicyDocument } from "../../../components/iam/document";
import { Call, callsOf } from "../../../engine/onboarding/plane";
import { OnboardedPlane, onboardPlane } from "../../../engine/onboarding/onboard";
import { loadStackConfig } from "../../../engine/preview/stackConfig";
import { DATA_PLANE_PROJECT_FILE } from "../../../engine/preview/preview";
import { Decision, decide } from "../../helpers/iamSimulate";
import { tempDir } from "../../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../../..");
const VENDOR = "arn:aws:iam::111122223333:role/vendor-deployer";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

/**
 * The deployer the example customer gets, judged by the IAM simulator: every request deploying,
 * updating and destroying the plane sends (generated from the table and the offline plan, with the
 * plane's names, tags and boundary) is allowed; the neighbours — a role without the boundary, an
 * administrator policy, a bucket, role or key outside the plane, its own role and policies — are not.
 */
describe("onboarding: the deployer role, in the IAM simulator", function () {
    this.timeout(120000);
    let plane: OnboardedPlane;
    let policies: PolicyDocument[];
    let principal: string;
    let boundaryOf: Map<string, string>;
    /** The plane key's own policy (it delegates to the account's IAM policies): KMS evaluates it with the caller's. */
    let keyPolicy: PolicyDocument;

    before(async () => {
        const config = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
        plane = await onboardPlane(config, { deployPrincipalArns: [VENDOR], outDir: tempDir("dataplane-onboard-sim-") });
        policies = plane.iam.deployerPolicies.map((p) => p.document);
        principal = plane.deployerRoleArn;
        keyPolicy = JSON.parse(String(plane.resources.find((r) => r.type === "aws:kms/key:Key")!.inputs.policy));
        boundaryOf = new Map(plane.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => [String(r.inputs.name), String(r.inputs.permissionsBoundary)]));
    });

    /** The request a call sends: its tags, the boundary of the role it writes, the create action behind a tag-on-create. */
    function contextOf(call: Call, tags: Record<string, string>, boundaries = boundaryOf): Record<string, string | string[]> {
        const ctx: Record<string, string | string[]> = {};
        if (call.requestTags) {
            for (const [k, v] of Object.entries(tags)) ctx[`aws:RequestTag/${k}`] = v;
            ctx["aws:TagKeys"] = Object.keys(tags);
        }
        for (const [k, v] of Object.entries(call.resourceTags ?? {})) ctx[`aws:ResourceTag/${k}`] = v;
        if (call.createAction) ctx["ec2:CreateAction"] = call.createAction;
        if (call.kind === "role") {
            const role = call.resource.split(":role/")[1];
            ctx["iam:PermissionsBoundary"] = boundaries.get(role) ?? "";
        }
        if (call.action === "iam:CreateServiceLinkedRole") ctx["iam:AWSServiceName"] = "ops.emr-serverless.amazonaws.com";
        return ctx;
    }

    async function as(action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<Decision> {
        const resourcePolicy = resource.includes(":kms:") && resource.includes(":key/") ? keyPolicy : undefined;
        return decide(policies, { action, resource, context, principal, resourceAccount: plane.accountId, resourcePolicy });
    }

    it("the plane's roles carry the onboarding boundary, so the requests below are the ones the plane sends", () => {
        expect([...boundaryOf.keys()].sort()).to.deep.equal(["emr-dataplane-job-runtime", "emr-dataplane-launch"]);
        for (const b of boundaryOf.values()) expect(b).to.equal(plane.boundaryArn);
    });

    /** Every call the plane sends, through the simulator with that plane's deployer policies and key policies: the ones refused. */
    async function refusedCalls(p: OnboardedPlane): Promise<{ checked: number; refused: string[] }> {
        const docs = p.iam.deployerPolicies.map((x) => x.document);
        const keyPolicies = new Map(p.resources.filter((r) => r.type === "aws:kms/key:Key").map((r) => [String(r.outputs.arn), JSON.parse(String(r.inputs.policy)) as PolicyDocument]));
        const boundaries = new Map(p.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => [String(r.inputs.name), String(r.inputs.permissionsBoundary)]));
        const refused: string[] = [];
        let checked = 0;
        for (const r of p.facts.resources) {
            for (const call of r.calls.filter((c) => callsOf(p.facts).includes(c))) {
                checked++;
                const decision = await decide(docs, { action: call.action, resource: call.resource, context: contextOf(call, r.tags, boundaries),
                    principal: p.deployerRoleArn, resourceAccount: p.accountId, resourcePolicy: keyPolicies.get(call.resource) });
                if (decision !== "Allowed") refused.push(`${r.type} ${r.name}: ${call.phase} ${call.action} on ${call.resource} → ${decision}`);
            }
        }
        return { checked, refused };
    }

    it("allows every request deploying, updating and destroying the plane sends, for each resource type it registers", async () => {
        const types = [...new Set(plane.facts.resources.map((r) => r.type))];
        expect(types).to.include.members(["aws:ec2/vpc:Vpc", "aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:iam/role:Role", "aws:emrserverless/application:Application"]);
        const { checked, refused } = await refusedCalls(plane);
        expect(checked).to.be.greaterThan(250);
        expect(refused).to.deep.equal([]);
    });

    for (const [what, overrides] of [
        ["IPv6 egress", { "emr-dataplane:internetEgress": "ipv6" }],
        ["no egress and SSE-S3", { "emr-dataplane:internetEgress": "none", "emr-dataplane:bucketKmsKey": "none" }],
        ["CloudWatch logs for the application", { "emr-dataplane:applicationCloudWatchLogs": "true" }],
        ["a bucket deleted on destroy", { "emr-dataplane:retainBucketOnDestroy": "false" }],
    ] as [string, Record<string, string>][]) {
        it(`the same for a plane with ${what}`, async () => {
            const c = loadStackConfig(path.join(ROOT, "Pulumi.private-example.yaml"), DATA_PLANE_PROJECT_FILE);
            const p = await onboardPlane({ ...c, config: { ...c.config, ...overrides } }, { deployPrincipalArns: [VENDOR], outDir: tempDir("dataplane-onboard-variant-") });
            const { checked, refused } = await refusedCalls(p);
            expect(checked).to.be.greaterThan(100);
            expect(refused).to.deep.equal([]);
            expect(p.violations).to.deep.equal([]);
        });
    }

    it("sends no delete for what the plane retains (bucket, its parts, the key): destroy only forgets them, and the deployer may not delete them", async () => {
        const retained = plane.facts.resources.filter((r) => r.retained).map((r) => r.type);
        expect(retained).to.include.members(["aws:s3/bucket:Bucket", "aws:kms/key:Key"]);
        const bucket = plane.facts.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.calls[0].resource;
        const key = plane.facts.resources.find((r) => r.type === "aws:kms/key:Key")!.calls.find((c) => c.kind === "key")!;
        expect(await as("s3:DeleteBucket", bucket)).to.not.equal("Allowed");
        expect(await as("kms:ScheduleKeyDeletion", key.resource, { "aws:ResourceTag/emr-dataplane:customer": "acme", "aws:ResourceTag/emr-dataplane:plane": "private" })).to.not.equal("Allowed");
    });

    describe("refuses the neighbours", () => {
        const A = "arn:aws:iam::444455556666";
        const PLANE_TAGS = { "aws:ResourceTag/emr-dataplane:customer": "acme", "aws:ResourceTag/emr-dataplane:plane": "private" };

        it("creating a plane role without the boundary, or with another one", async () => {
            const role = `${A}:role/emr-dataplane-launch`;
            const tags = { "aws:RequestTag/emr-dataplane:customer": "acme", "aws:TagKeys": ["emr-dataplane:customer"] };
            expect(await as("iam:CreateRole", role, { ...tags, "iam:PermissionsBoundary": plane.boundaryArn })).to.equal("Allowed");
            expect(await as("iam:CreateRole", role, tags)).to.equal("ImplicitlyDenied");
            expect(await as("iam:CreateRole", role, { ...tags, "iam:PermissionsBoundary": ADMIN })).to.equal("ImplicitlyDenied");
            expect(await as("iam:PutRolePolicy", role, {})).to.equal("ImplicitlyDenied");
        });

        it("creating a role outside the plane's names, even with the boundary", async () => {
            expect(await as("iam:CreateRole", `${A}:role/customer-admin`, { "iam:PermissionsBoundary": plane.boundaryArn })).to.equal("ImplicitlyDenied");
            expect(await as("iam:PutRolePolicy", `${A}:role/customer-admin`, { "iam:PermissionsBoundary": plane.boundaryArn })).to.equal("ImplicitlyDenied");
        });

        it("attaching an administrator policy to a plane role", async () => {
            expect(await as("iam:AttachRolePolicy", `${A}:role/emr-dataplane-launch`, { "iam:PolicyARN": ADMIN, "iam:PermissionsBoundary": plane.boundaryArn })).to.equal("ImplicitlyDenied");
        });

        it("removing the boundary from any role", async () => {
            expect(await as("iam:DeleteRolePermissionsBoundary", `${A}:role/emr-dataplane-launch`, { "iam:PermissionsBoundary": plane.boundaryArn })).to.equal("ExplicitlyDenied");
        });

        it("editing itself: its role, its policies, the boundary", async () => {
            for (const action of ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]) {
                expect(await as(action, principal, { "iam:PermissionsBoundary": plane.boundaryArn }), action).to.equal("ExplicitlyDenied");
            }
            for (const p of [plane.boundaryArn, ...plane.iam.deployerPolicies.map((x) => `${A}:policy/${x.name}`)]) {
                expect(await as("iam:CreatePolicyVersion", p), p).to.equal("ExplicitlyDenied");
                expect(await as("iam:DeletePolicy", p), p).to.equal("ExplicitlyDenied");
            }
        });

        it("a bucket outside the plane's prefix", async () => {
            expect(await as("s3:PutBucketPolicy", "arn:aws:s3:::emr-dataplane-resources-abc")).to.equal("Allowed");
            for (const action of ["s3:PutBucketPolicy", "s3:CreateBucket", "s3:PutEncryptionConfiguration", "s3:GetBucketPolicy", "s3:DeleteBucket"]) {
                expect(await as(action, "arn:aws:s3:::customer-finance-data"), action).to.equal("ImplicitlyDenied");
            }
            expect(await as("s3:GetObject", "arn:aws:s3:::emr-dataplane-resources-abc/logs/x")).to.equal("ImplicitlyDenied");
        });

        it("a key without the plane's tags, and a key created without them", async () => {
            const key = `arn:aws:kms:eu-west-1:444455556666:key/11111111-2222-3333-4444-555555555555`;
            expect(await as("kms:EnableKeyRotation", key, PLANE_TAGS)).to.equal("Allowed");
            for (const action of ["kms:EnableKeyRotation", "kms:DescribeKey", "kms:DisableKeyRotation", "kms:UntagResource"]) {
                expect(await as(action, key, { "aws:ResourceTag/team": "finance" }), action).to.equal("ImplicitlyDenied");
            }
            for (const action of ["kms:PutKeyPolicy", "kms:Decrypt", "kms:ScheduleKeyDeletion", "kms:CreateGrant"]) {
                expect(await as(action, key, PLANE_TAGS), action).to.equal("ImplicitlyDenied");
            }
            expect(await as("kms:CreateKey", "*", { "aws:RequestTag/emr-dataplane:customer": "acme", "aws:RequestTag/emr-dataplane:plane": "private", "aws:TagKeys": ["emr-dataplane:customer", "emr-dataplane:plane"] })).to.equal("Allowed");
            expect(await as("kms:CreateKey", "*", {})).to.equal("ImplicitlyDenied");
            expect(await as("kms:CreateKey", "*", { "aws:RequestTag/emr-dataplane:customer": "globex", "aws:RequestTag/emr-dataplane:plane": "private", "aws:TagKeys": ["emr-dataplane:customer", "emr-dataplane:plane"] })).to.equal("ImplicitlyDenied");
        });

        it("network resources without the plane's tags, and tagging an existing one into the plane", async () => {
            const vpc = "arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-0123456789abcdef0";
            expect(await as("ec2:DeleteVpc", vpc, PLANE_TAGS)).to.equal("Allowed");
            expect(await as("ec2:DeleteVpc", vpc, { "aws:ResourceTag/team": "finance" })).to.equal("ImplicitlyDenied");
            expect(await as("ec2:CreateVpc", vpc, {})).to.equal("ImplicitlyDenied");
            const planeRequestTags = { "aws:RequestTag/emr-dataplane:customer": "acme", "aws:RequestTag/emr-dataplane:plane": "private", "aws:TagKeys": ["emr-dataplane:customer", "emr-dataplane:plane"] };
            expect(await as("ec2:CreateTags", vpc, { ...planeRequestTags, "ec2:CreateAction": "CreateVpc" })).to.equal("Allowed");
            expect(await as("ec2:CreateTags", vpc, planeRequestTags)).to.equal("ImplicitlyDenied");
            expect(await as("ec2:RevokeSecurityGroupIngress", "arn:aws:ec2:eu-west-1:444455556666:security-group/sg-0123456789abcdef0", {})).to.equal("ImplicitlyDenied");
        });

        it("an EMR Serverless application without the plane's tags", async () => {
            const app = "arn:aws:emr-serverless:eu-west-1:444455556666:/applications/00abcdef12345678";
            expect(await as("emr-serverless:DeleteApplication", app, PLANE_TAGS)).to.equal("Allowed");
            expect(await as("emr-serverless:DeleteApplication", app, {})).to.equal("ImplicitlyDenied");
            expect(await as("emr-serverless:StartJobRun", app, PLANE_TAGS)).to.equal("ImplicitlyDenied");
        });
    });

    it("the boundary caps a plane role: its own requests pass, an administrator policy put on it grants nothing more", async () => {
        const launch = plane.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === "emr-dataplane-launch")!;
        const own = JSON.parse(String(launch.inputs.policy)) as PolicyDocument;
        const admin: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
        const boundary = plane.iam.boundary.document;
        const app = plane.resources.find((r) => r.type === "aws:emrserverless/application:Application")!;
        const appArn = `arn:aws:emr-serverless:eu-west-1:444455556666:/applications/${app.id}`;
        const start = { action: "emr-serverless:StartJobRun", resource: appArn, context: { "aws:RequestTag/managed-by": "emr-serverless-dataplane launcher", "aws:TagKeys": ["managed-by"] } };
        expect(await decide([own], { ...start, boundary })).to.equal("Allowed");
        expect(await decide([own, admin], { action: "iam:CreateUser", resource: "arn:aws:iam::444455556666:user/backdoor", boundary })).to.equal("ImplicitlyDenied");
        expect(await decide([own, admin], { action: "s3:GetObject", resource: "arn:aws:s3:::customer-finance-data/report.csv", boundary, resourceAccount: "444455556666" })).to.equal("ImplicitlyDenied");
        expect(await decide([admin], { action: "iam:CreateUser", resource: "arn:aws:iam::444455556666:user/backdoor" })).to.equal("Allowed");
    });

    it("known limit, stated in the security summary: tagging at creation needs kms:TagResource on every key, so the plane's tags can be added to another key", async () => {
        const key = `arn:aws:kms:eu-west-1:444455556666:key/11111111-2222-3333-4444-555555555555`;
        const adding = { "aws:RequestTag/emr-dataplane:customer": "acme", "aws:RequestTag/emr-dataplane:plane": "private", "aws:TagKeys": ["emr-dataplane:customer", "emr-dataplane:plane"] };
        expect(await as("kms:TagResource", key, adding)).to.equal("Allowed");
        expect(await as("kms:TagResource", key, { "aws:RequestTag/team": "x", "aws:TagKeys": ["team"] })).to.equal("ImplicitlyDenied");
    });
});
