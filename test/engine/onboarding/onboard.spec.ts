import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { analyzeResources } from "../../../engine/check/analyze";
import { planFleet } from "../../../engine/fleet/plan";
import { UnknownResourceTypeError, planeFacts } from "../../../engine/onboarding/plane";
import { MANAGED_POLICY_MAX_CHARS, policySize } from "../../../engine/onboarding/policies";
import { EXTERNAL_ID_FILE, OnboardedPlane, OnboardingError, onboardFleet, onboardPlane } from "../../../engine/onboarding/onboard";
import { ONBOARDING_TABLE } from "../../../engine/onboarding/table";
import { DATA_PLANE_PROJECT_FILE, previewStack, previewStackConfig } from "../../../engine/preview/preview";
import { StackConfig, loadStackConfig } from "../../../engine/preview/stackConfig";
import { tempDir } from "../../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../../..");
const EXAMPLE = path.join(ROOT, "Pulumi.private-example.yaml");
const VENDOR = "arn:aws:iam::111122223333:role/vendor-deployer";

function example(overrides: Record<string, string> = {}): StackConfig {
    const c = loadStackConfig(EXAMPLE, DATA_PLANE_PROJECT_FILE);
    return { ...c, config: { ...c.config, ...overrides } };
}

describe("onboarding: what dataplane onboard writes for a customer", function () {
    this.timeout(120000);
    let out: string;
    let plane: OnboardedPlane;
    before(async () => {
        out = tempDir("dataplane-onboard-");
        plane = await onboardPlane(example(), { deployPrincipalArns: [VENDOR], outDir: out, templateUrl: "https://s3.eu-west-1.amazonaws.com/vendor-onboarding/{customer}.json" });
    });

    it("a CloudFormation template: parameters, the boundary, the deployer's managed policies each under IAM's 6,144 characters, the role, outputs", () => {
        const t = JSON.parse(fs.readFileSync(path.join(plane.dir, "cloudformation.json"), "utf8"));
        expect(t.AWSTemplateFormatVersion).to.equal("2010-09-09");
        expect(t.Parameters.ExternalId).to.include({ Type: "String", MinLength: 2, MaxLength: 1224 });
        const resources = Object.values(t.Resources) as { Type: string; Properties: Record<string, any> }[];
        const policies = resources.filter((r) => r.Type === "AWS::IAM::ManagedPolicy");
        expect(policies.map((p) => p.Properties.ManagedPolicyName)).to.include("dataplane-boundary-acme");
        for (const p of policies) expect(policySize(p.Properties.PolicyDocument), p.Properties.ManagedPolicyName).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
        const role = t.Resources.DeployerRole;
        expect(role.Type).to.equal("AWS::IAM::Role");
        expect(role.Properties.RoleName).to.equal("dataplane-deployer-acme");
        expect(role.Properties.AssumeRolePolicyDocument.Statement[0]).to.deep.include({
            Principal: { AWS: VENDOR }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } } });
        expect(role.Properties.ManagedPolicyArns).to.have.length(policies.length - 1).and.to.have.length.at.most(10);
        for (const arn of role.Properties.ManagedPolicyArns) expect(policies.map((p) => `arn:aws:iam::444455556666:policy/${p.Properties.ManagedPolicyName}`)).to.include(arn);
        expect(role.DependsOn).to.include("PermissionsBoundary");
        expect(t.Outputs.DeployerRoleArn.Value).to.equal("arn:aws:iam::444455556666:role/dataplane-deployer-acme");
        expect(JSON.stringify(t)).not.to.contain(fs.readFileSync(path.join(plane.dir, EXTERNAL_ID_FILE), "utf8").trim());
    });

    it("YAML when asked, with the same content", async () => {
        const yamlOut = tempDir("dataplane-onboard-yaml-");
        const p = await onboardPlane(example(), { deployPrincipalArns: [VENDOR], outDir: yamlOut, format: "yaml" });
        const t = yaml.load(fs.readFileSync(path.join(p.dir, "cloudformation.yaml"), "utf8")) as Record<string, any>;
        expect(t.Resources.DeployerRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals["sts:ExternalId"]).to.deep.equal({ Ref: "ExternalId" });
        expect(Object.keys(t.Resources)).to.deep.equal(Object.keys(plane.iam.deployerPolicies.length ? JSON.parse(fs.readFileSync(path.join(plane.dir, "cloudformation.json"), "utf8")).Resources : {}));
    });

    it("the quick-create link: the console's create/review form, the template URL, the stack name and the ExternalId parameter", () => {
        const link = fs.readFileSync(path.join(plane.dir, "quick-create-link.txt"), "utf8").trim();
        const id = fs.readFileSync(path.join(plane.dir, EXTERNAL_ID_FILE), "utf8").trim();
        expect(link).to.equal("https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/create/review?" +
            `templateURL=${encodeURIComponent("https://s3.eu-west-1.amazonaws.com/vendor-onboarding/acme.json")}&stackName=dataplane-onboarding-acme&param_ExternalId=${id}`);
        expect(fs.statSync(path.join(plane.dir, "quick-create-link.txt")).mode & 0o077).to.equal(0);
    });

    it("the ExternalId: generated once, owner-only, not the launch role's, kept by every later run", async () => {
        const file = path.join(plane.dir, EXTERNAL_ID_FILE);
        const id = fs.readFileSync(file, "utf8").trim();
        expect(id).to.match(/^[A-Za-z0-9_-]{40}$/);
        expect(fs.statSync(file).mode & 0o077).to.equal(0);
        expect(plane.generatedExternalId).to.equal(true);
        const again = await onboardPlane(example({ "emr-dataplane:logRetentionDays": "30" }), { deployPrincipalArns: [VENDOR], outDir: out });
        expect(again.generatedExternalId).to.equal(false);
        expect(fs.readFileSync(file, "utf8").trim()).to.equal(id);
        const launch = plane.resources.find((r) => r.type === "random:index/randomPassword:RandomPassword");
        expect(JSON.stringify(launch?.outputs ?? {})).not.to.contain(id);
    });

    it("a Pulumi program with the same IAM, which passes the policy pack when run offline", async () => {
        const dir = path.join(plane.dir, "pulumi");
        expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).to.contain("requireSecret(\"externalId\")");
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        fs.writeFileSync(path.join(dir, "Pulumi.acme.yaml"), "config:\n  aws:region: eu-west-1\n  dataplane-onboarding-acme:externalId: xid-0123456789abcdef\n");
        const p = await previewStack(path.join(dir, "Pulumi.acme.yaml"), { projectFile: path.join(dir, "Pulumi.yaml") });
        const policies = p.resources.filter((r) => r.type === "aws:iam/policy:Policy");
        expect(policies.map((r) => r.inputs.name).sort()).to.deep.equal([plane.iam.boundary.name, ...plane.iam.deployerPolicies.map((x) => x.name)].sort());
        for (const r of policies) {
            const same = [plane.iam.boundary, ...plane.iam.deployerPolicies].find((x) => x.name === r.inputs.name)!;
            expect(JSON.parse(String(r.inputs.policy))).to.deep.equal(same.document);
        }
        expect(p.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.have.length(plane.iam.deployerPolicies.length);
        const config = JSON.parse(fs.readFileSync(path.join(plane.dir, "policy-config.json"), "utf8"));
        expect(await analyzeResources(p.resources, { config })).to.deep.equal([]);
        // The stricter neighbour: without the customer's word that the vendor's principal is trusted, the pack says so.
        expect((await analyzeResources(p.resources)).map((v) => v.policyName)).to.deep.equal(["foreign-accounts-trusted"]);
    });

    it("the template's IAM passes the pack with zero violations", () => {
        expect(plane.violations).to.deep.equal([]);
    });

    it("refuses what is not one customer's private plane, naming the key", async () => {
        const shared = loadStackConfig(path.join(ROOT, "Pulumi.shared-example.yaml"), DATA_PLANE_PROJECT_FILE);
        let err: Error | undefined;
        await onboardPlane(shared, { deployPrincipalArns: [VENDOR], outDir: out }).catch((e) => { err = e; });
        expect(err).to.be.instanceOf(OnboardingError);
        expect(err!.message).to.match(/emr-dataplane:planeKind is "shared"; onboarding is for a private plane/);
        err = undefined;
        await onboardPlane(example({ "emr-dataplane:rolePermissionsBoundaryArn": "arn:aws:iam::444455556666:policy/other" }), { deployPrincipalArns: [VENDOR], outDir: out }).catch((e) => { err = e; });
        expect(err!.message).to.contain("emr-dataplane:rolePermissionsBoundaryArn is \"arn:aws:iam::444455556666:policy/other\"; the onboarding stack's boundary is arn:aws:iam::444455556666:policy/dataplane-boundary-acme");
    });

    it("a fleet: one folder per customer and the list's deployer columns", async () => {
        const dir = tempDir("dataplane-onboard-fleet-");
        const list = path.join(dir, "customers.csv");
        fs.writeFileSync(list, "customerId,accountId,region\nacme,444455556666,eu-west-1\nglobex,555566667777,us-east-1\n");
        const { planes, columnsFile } = await onboardFleet(planFleet(EXAMPLE, list), { deployPrincipalArns: [VENDOR], outDir: path.join(dir, "out") });
        expect(planes.map((p) => p.deployerRoleArn)).to.deep.equal(["arn:aws:iam::444455556666:role/dataplane-deployer-acme", "arn:aws:iam::555566667777:role/dataplane-deployer-globex"]);
        const rows = fs.readFileSync(columnsFile, "utf8").trim().split("\n").map((l) => l.split(","));
        expect(rows[0]).to.deep.equal(["customerId", "deployerRoleArn", "deployerExternalId", "rolePermissionsBoundaryArn"]);
        expect(rows[2][2]).to.equal(fs.readFileSync(path.join(dir, "out", "globex", EXTERNAL_ID_FILE), "utf8").trim());
        expect(rows[1][2]).not.to.equal(rows[2][2]);
        // The columns make a list the real path accepts: merged into the customer list, every plane has its deployer.
        const merged = path.join(dir, "merged.csv");
        fs.writeFileSync(merged, "customerId,accountId,region,deployerRoleArn,deployerExternalId,rolePermissionsBoundaryArn\n" +
            rows.slice(1).map((r, i) => [r[0], ["444455556666", "555566667777"][i], ["eu-west-1", "us-east-1"][i], r[1], r[2], r[3]].join(",")).join("\n") + "\n");
        expect(planFleet(EXAMPLE, merged).planes.map((p) => p.deployer?.roleArn)).to.deep.equal(planes.map((p) => p.deployerRoleArn));
    });
});

describe("onboarding: the table covers every type a private plane registers", function () {
    this.timeout(120000);
    const variants: [string, Record<string, string>][] = [
        ["the example (NAT egress, a created KMS key)", {}],
        ["IPv6 egress", { "emr-dataplane:internetEgress": "ipv6" }],
        ["no egress, SSE-S3", { "emr-dataplane:internetEgress": "none", "emr-dataplane:bucketKmsKey": "none" }],
        ["CloudWatch logs", { "emr-dataplane:applicationCloudWatchLogs": "true" }],
        ["launcher mode (no plane application)", { "emr-dataplane:applicationMode": "launcher" }],
    ];
    for (const [what, overrides] of variants) {
        it(what, async () => {
            const c = example(overrides);
            const p = await previewStackConfig({ ...c, config: { ...c.config, "emr-dataplane:rolePermissionsBoundaryArn": "arn:aws:iam::444455556666:policy/b" } });
            const facts = planeFacts(p.resources, "eu-west-1", "444455556666", "acme");
            expect(facts.resources.length).to.be.greaterThan(5);
        });
    }

    it("fails, naming the type, when a plane registers one the table lacks", () => {
        const r = { urn: "u", type: "aws:sqs/queue:Queue", name: "q", custom: true, op: "register" as const, id: "q", inputs: {}, outputs: {}, retainOnDelete: false, protect: false, dependencies: [] };
        expect(() => planeFacts([r], "eu-west-1", "444455556666", "acme")).to.throw(UnknownResourceTypeError, /registers aws:sqs\/queue:Queue, which the onboarding table/);
    });

    it("every row names its provider source and its Service Authorization Reference page", () => {
        for (const e of ONBOARDING_TABLE) {
            expect(e.provider, e.type).to.match(/^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/);
            expect(e.sar, e.type).to.match(/^Actions, resources, and condition keys for /);
            expect(e.uses.length, e.type).to.be.greaterThan(0);
        }
    });
});
