/**
 * The pack's rule for a shared plane with tenants (tenant-launcher-execution-policy): a state machine
 * that starts EMR Serverless job runs there must pass an execution IAM policy, as a literal, and a
 * launcher of a tenant's profile exactly that tenant's. Both ways: flagged shapes, and their stricter
 * neighbours passing; the shared example passes `dataplane check` with no mandatory violation.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { GuardedLauncher, LaunchConfiguration, LaunchProfile } from "../../components";
import { tenantPolicyText } from "../../components/iam";
import { RegisteredResource } from "../../engine/offline/run";
import { previewStack } from "../../engine/preview/preview";
import { inProcess } from "../helpers/cli";
import { stackExport } from "../helpers/cliFormats";
import { resource, violationsOf } from "../helpers/policy";
import { BUCKET, PROFILE_ARGS, tenantNightlyArgs } from "../helpers/guardedLaunch";
import { run } from "../helpers/offline";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const RULE = "tenant-launcher-execution-policy";
const ROLE = "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime";

function stateMachine(name: string, parameters: Record<string, unknown>, resourceArn = "arn:aws:states:::emr-serverless:startJobRun.sync"): RegisteredResource {
    const definition = { StartAt: "Run", States: { Run: { Type: "Task", Resource: resourceArn, Parameters: { ApplicationId: "00abc", ClientToken: "t", ExecutionRoleArn: ROLE, ...parameters }, End: true } } };
    return resource("aws:sfn/stateMachine:StateMachine", name, { name, roleArn: "arn:aws:iam::111122223333:role/sfn", definition: JSON.stringify(definition) });
}

const acme = (id = "acme") => tenantPolicyText({ partition: "aws", bucketName: BUCKET, tenant: { id } });

describe("pack: tenant-launcher-execution-policy", () => {
    let shared: RegisteredResource[];
    let priv: RegisteredResource[];
    let tenantLauncher: RegisteredResource[];
    before(async () => {
        shared = (await previewStack(path.join(ROOT, "Pulumi.shared-example.yaml"))).resources;
        priv = (await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"))).resources;
        tenantLauncher = (await run(() => {
            const profile = new LaunchProfile("default", { ...PROFILE_ARGS, tenant: { id: "acme", executionIamPolicy: { policy: acme() } } });
            new GuardedLauncher("nightly", { profile, configuration: new LaunchConfiguration("nightly", tenantNightlyArgs("acme")) });
        })).resources;
    });

    it("flags, on the shared plane with tenants, a job-start task without an execution policy", async () => {
        const v = await violationsOf(RULE, [...shared, stateMachine("rogue", {})]);
        expect(v.map((x) => [x.enforcementLevel, x.message])).to.deep.equal([["mandatory",
            "state machine rogue: States.Run starts a job run without an ExecutionIamPolicy; this shared plane has tenants, so every job must run with its tenant's execution policy (build the launcher from a LaunchProfile naming the tenant)"]]);
    });

    it("flags the AWS SDK integration too, and a policy taken from execution data", async () => {
        const sdk = await violationsOf(RULE, [...shared, stateMachine("sdk", {}, "arn:aws:states:::aws-sdk:emrserverless:startJobRun")]);
        expect(sdk).to.have.length(1);
        const fromData = await violationsOf(RULE, [...shared, stateMachine("data", { "ExecutionIamPolicy.$": "$.policy" })]);
        expect(fromData.map((x) => x.message)).to.deep.equal(["state machine data: States.Run takes ExecutionIamPolicy from execution data; this shared plane has tenants, so write the tenant's policy as a literal fixed at deploy time (a caller could drop or widen it)"]);
        const nested = await violationsOf(RULE, [...shared, stateMachine("nested", { ExecutionIamPolicy: { "Policy.$": "$.policy" } })]);
        expect(nested).to.have.length(1);
    });

    it("passes the stricter neighbours: a literal inline policy, or policy ARNs", async () => {
        expect(await violationsOf(RULE, [...shared, stateMachine("inline", { ExecutionIamPolicy: { Policy: acme() } })])).to.deep.equal([]);
        expect(await violationsOf(RULE, [...shared, stateMachine("arns", { ExecutionIamPolicy: { PolicyArns: ["arn:aws:iam::111122223333:policy/emr-dataplane-tenant-acme"] } })])).to.deep.equal([]);
    });

    it("leaves a plane without tenants alone (a private plane: one customer per account)", async () => {
        expect(await violationsOf(RULE, [...priv, stateMachine("private-launcher", {})])).to.deep.equal([]);
    });

    it("passes a GuardedLauncher of a tenant's profile, and flags it once its policy is dropped or is another tenant's", async () => {
        expect(await violationsOf(RULE, tenantLauncher)).to.deep.equal([]);
        const edit = (change: (params: Record<string, any>) => void) => tenantLauncher.map((r) => {
            if (r.type !== "aws:sfn/stateMachine:StateMachine") return r;
            const definition = JSON.parse(r.inputs.definition as string);
            change(definition.States.StartJobRun.Parameters);
            const text = JSON.stringify(definition);
            return { ...r, inputs: { ...r.inputs, definition: text }, outputs: { ...r.outputs, definition: text } };
        });
        const dropped = await violationsOf(RULE, edit((p) => delete p.ExecutionIamPolicy));
        expect(dropped.map((x) => x.message)).to.deep.equal([
            "state machine launch_analytics_default_nightly: States.StartJobRun starts a job run without an ExecutionIamPolicy; launch profile analytics/default names tenant acme, so every job must run with its tenant's execution policy (build the launcher from a LaunchProfile naming the tenant)",
        ]);
        const swapped = await violationsOf(RULE, edit((p) => (p.ExecutionIamPolicy = { Policy: acme("acme2") })));
        expect(swapped.map((x) => x.message)).to.deep.equal([
            "state machine launch_analytics_default_nightly: States.StartJobRun passes an ExecutionIamPolicy other than tenant acme's, which its profile analytics/default names; it must pass exactly that policy",
        ]);
    });

    it("dataplane check of the shared example (with its two tenants) finds no mandatory violation", async () => {
        const file = path.join(tempDir("tenants-check-"), "shared.json");
        fs.writeFileSync(file, JSON.stringify(stackExport(shared)));
        const r = await inProcess("check", file, "--json");
        expect(r.status, r.stderr).to.equal(0);
        const doc = JSON.parse(r.stdout);
        expect(doc.violations.filter((v: any) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
    });
});
