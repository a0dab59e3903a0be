/**
 * A guarded launcher on a shared plane with tenants: its profile names the tenant, and the StartJobRun
 * task of its definition carries the tenant's execution IAM policy as a literal fixed at deploy time —
 * no JSON path, so nothing a caller sends (its overrides are the only input read) can drop or widen it.
 * What this proves: the definition's Parameters carry the policy. What it cannot: whether Step
 * Functions' optimized `emr-serverless:startJobRun.sync` integration forwards `ExecutionIamPolicy` to
 * StartJobRun — the Step Functions developer guide's field list for it was not found (docs/tenants.md).
 */
import { expect } from "chai";
import { GuardedLauncher, LaunchConfiguration, LaunchConfigurationArgs, LaunchProfile } from "../../components";
import { tenantPolicyText } from "../../components/iam";
import { aslValidatorErrors } from "../helpers/asl";
import { BUCKET, NIGHTLY_ARGS, PROFILE_ARGS, tenantNightlyArgs } from "../helpers/guardedLaunch";
import { input, one, run, runFailing, unwrap } from "../helpers/offline";
import * as path from "path";
import { previewStack } from "../../engine/preview/preview";
import { revealOrMask } from "../../engine/offline/run";
import { parseMessage } from "../../message";
import { readLauncherConfig } from "../../stacks/guardedLaunch/config";

const ROOT = path.resolve(__dirname, "../..");

const POLICY = tenantPolicyText({ partition: "aws", bucketName: BUCKET, tenant: { id: "acme", customerRoleArns: ["arn:aws:iam::777788889999:role/acme-data"] } });

async function launcherFor(tenant: (typeof PROFILE_ARGS)["tenant"], overrides: Partial<typeof PROFILE_ARGS> = {}, job: Partial<LaunchConfigurationArgs> = {}) {
    return run(async () => {
        const profile = new LaunchProfile("default", { ...PROFILE_ARGS, ...overrides, tenant });
        const nightly = new LaunchConfiguration("nightly", tenant ? tenantNightlyArgs(tenant.id, job) : { ...NIGHTLY_ARGS, ...job });
        const launcher = new GuardedLauncher("nightly", { profile, configuration: nightly });
        return { definition: JSON.parse(await unwrap(launcher.definition)), profile: JSON.parse(await unwrap(profile.documentJson)) };
    });
}

describe("guarded launcher of a tenant", () => {
    it("passes the tenant's inline policy in StartJobRun, as a literal, and logs under the tenant's prefix", async () => {
        const r = await launcherFor({ id: "acme", executionIamPolicy: { policy: POLICY } });
        const task = r.exports.definition.States.StartJobRun;
        expect(task.Parameters.ExecutionIamPolicy).to.deep.equal({ Policy: POLICY });
        expect(JSON.stringify(task.Parameters.ExecutionIamPolicy)).not.to.contain(".$");
        expect(task.Parameters.ConfigurationOverrides.MonitoringConfiguration.S3MonitoringConfiguration.LogUri).to.equal(`s3://${BUCKET}/logs/tenants/acme/analytics/default/`);
        expect(r.exports.profile.tenant).to.deep.equal({ id: "acme", executionIamPolicy: { policy: POLICY } });
        expect(r.exports.definition.Comment).to.contain("tenant acme's execution IAM policy");
        expect(aslValidatorErrors(r.exports.definition)).to.deep.equal([]);
        // The profile parameter holds the tenant too: editing it to another tenant makes VerifyProfile refuse the launch.
        expect(input(one(r.resources, "aws:ssm/parameter:Parameter", "default-parameter"), "insecureValue")).to.contain('"tenant":{"id":"acme"');
    });

    it("passes a managed policy by ARN", async () => {
        const arn = "arn:aws:iam::111122223333:policy/emr-dataplane-tenant-acme";
        const r = await launcherFor({ id: "acme", executionIamPolicy: { policyArns: [arn] } });
        expect(r.exports.definition.States.StartJobRun.Parameters.ExecutionIamPolicy).to.deep.equal({ PolicyArns: [arn] });
    });

    it("without a tenant (a private plane, or a shared plane without tenants) passes none", async () => {
        const r = await launcherFor(undefined);
        expect(r.exports.definition.States.StartJobRun.Parameters).not.to.have.property("ExecutionIamPolicy");
        expect(r.exports.definition.States.StartJobRun.Parameters.ConfigurationOverrides.MonitoringConfiguration.S3MonitoringConfiguration.LogUri).to.equal(`s3://${BUCKET}/logs/analytics/default/`);
    });

    for (const [name, tenant, overrides, pattern] of [
        ["a wildcard tenant id", { id: "acme*", executionIamPolicy: { policy: POLICY } }, {}, /args\.tenant\.id: must be 1-32 lowercase/],
        ["a log prefix outside the tenant's", { id: "acme", executionIamPolicy: { policy: POLICY } }, { logPrefix: "logs/acme2/" }, /args\.logPrefix: must be a prefix under "logs\/tenants\/acme\/"/],
        ["a policy over 2,048 characters", { id: "acme", executionIamPolicy: { policy: `{"x":"${"a".repeat(2050)}"}` } }, {}, /args\.tenant\.executionIamPolicy: is \d+ characters, more than StartJobRun's 2048/],
        ["a policy with characters above U+00FF", { id: "acme", executionIamPolicy: { policy: '{"x":"\u4e2d"}' } }, {}, /args\.tenant\.executionIamPolicy: policy must be 1 or more characters of U\+0020-U\+00FF/],
        ["eleven policy ARNs", { id: "acme", executionIamPolicy: { policyArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`) } }, {}, /policyArns must be at most 10/],
    ] as const) {
        it(`refuses ${name} before registering anything`, async () => {
            const f = await runFailing(() => new LaunchProfile("default", { ...PROFILE_ARGS, ...overrides, tenant: tenant as never }));
            expect(f.error.message).to.match(pattern);
            expect(f.registered.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
        });
    }
});

describe("a tenant's guarded launcher runs only jobs naming the tenant's prefixes of the plane's bucket", () => {
    const acme = { id: "acme", executionIamPolicy: { policy: POLICY } };
    const cases: Array<[string, Partial<LaunchConfigurationArgs>, string, RegExp]> = [
        ["an entry point in the plane's shared staging", { entryPoint: `s3://${BUCKET}/staging/jobs/nightly.py` }, "args.configuration.entryPoint", /outside tenant acme's prefixes/],
        ["an entry point in another tenant's prefix", { entryPoint: `s3://${BUCKET}/staging/tenants/acme2/jobs/nightly.py` }, "args.configuration.entryPoint", /in tenant acme2's prefix/],
        ["an entry point climbing out with ..", { entryPoint: `s3://${BUCKET}/staging/tenants/acme/../acme2/nightly.py` }, "args.configuration.entryPoint", /in tenant acme2's prefix/],
        ["an argument writing to another tenant's output", { entryPointArguments: ["--output", `s3://${BUCKET}/output/tenants/acme2/x/`] }, "args.configuration.settings.entryPointArguments[1]", /in tenant acme2's prefix/],
        ["a jar of the bucket's shared staging in the submit parameters", { submitParameters: `--conf spark.jars=s3a://${BUCKET}/staging/jars/udf.jar --conf spark.executor.cores=4` }, "args.configuration.settings.submitParameters", /outside tenant acme's prefixes/],
    ];
    for (const [name, job, field, pattern] of cases) {
        it(`refuses ${name}, naming ${field}`, async () => {
            let error: Error | undefined;
            try { await launcherFor(acme, {}, job); } catch (e) { error = e as Error; }
            expect(error?.message).to.contain(`${field}: `).and.to.match(pattern);
        });
    }

    it("accepts the tenant's own paths, and paths of other buckets (reached through its customer role or access points)", async () => {
        const r = await launcherFor(acme, {}, {
            entryPointArguments: ["--input", "s3://acme-data-lake/trips/", "--output", `s3://${BUCKET}/output/tenants/acme/nightly/`],
            submitParameters: `--conf spark.jars=s3://${BUCKET}/staging/tenants/acme/jars/udf.jar --conf spark.executor.cores=4`,
        });
        expect(r.exports.definition.States.StartJobRun.Parameters.ExecutionIamPolicy).to.deep.equal({ Policy: POLICY });
    });

    it("judges nothing without a tenant: a plane without tenants keeps its shared staging", async () => {
        const r = await launcherFor(undefined, {}, { entryPointArguments: ["--output", `s3://${BUCKET}/output/tenants/acme2/x/`] });
        expect(r.exports.definition.States.StartJobRun.Parameters).not.to.have.property("ExecutionIamPolicy");
    });
});

describe("the example launcher stack, on the shared example plane's tenant acme", () => {
    it("passes exactly the policy the shared example's message gives acme, and keeps acme's files under acme's prefixes", async () => {
        const plane = parseMessage(revealOrMask((await previewStack(path.join(ROOT, "Pulumi.shared-example.yaml"))).outputs.controlPlaneMessage));
        const acmePolicy = plane.tenants!.find((t) => t.id === "acme")!.executionIamPolicy;
        const example = (await previewStack(path.join(ROOT, "stacks/guardedLaunch/Pulumi.example.yaml"))).resources;
        const launchers = example.filter((r) => r.type === "aws:sfn/stateMachine:StateMachine");
        expect(launchers).to.have.length(2);
        for (const l of launchers) {
            expect(JSON.parse(l.inputs.definition as string).States.StartJobRun.Parameters.ExecutionIamPolicy).to.deep.equal({ Policy: acmePolicy.policy });
        }
        const configurations = example.filter((r) => r.type === "aws:ssm/parameter:Parameter" && String(r.inputs.name).includes("/configurations/"));
        for (const c of configurations) expect(JSON.parse(String(c.inputs.insecureValue)).job.entryPoint).to.match(/^s3:\/\/vendor-emr-logs-111122223333\/staging\/tenants\/acme\//);
    });

    it("refuses a tenant policy without tenantId, and a tenantId without a policy, by key", async () => {
        const base = {
            "emr-launcher:runtimeRoleArn": "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime", "emr-launcher:subnetIds": '["subnet-0c1d2e3f4a5b60781","subnet-0c1d2e3f4a5b60782"]',
            "emr-launcher:securityGroupIds": '["sg-06de69948e11b67f6"]', "emr-launcher:bucketName": "vendor-emr-logs-111122223333",
        };
        expect(() => readLauncherConfig({ ...base, "emr-launcher:tenantPolicy": POLICY })).to.throw(/^emr-launcher:tenantPolicy: only applies with emr-launcher:tenantId/);
        expect(() => readLauncherConfig({ ...base, "emr-launcher:tenantId": "acme" })).to.throw(/^emr-launcher:tenantPolicy: is required with emr-launcher:tenantId/);
        expect(() => readLauncherConfig({ ...base, "emr-launcher:tenantId": "ac*me", "emr-launcher:tenantPolicy": POLICY })).to.throw(/^emr-launcher:tenantId: must be 1-32/);
        expect(readLauncherConfig({ ...base, "emr-launcher:tenantId": "acme", "emr-launcher:tenantPolicy": POLICY }).tenant).to.deep.equal({ id: "acme", executionIamPolicy: { policy: POLICY } });
    });
});
