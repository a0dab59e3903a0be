/**
 * End to end against moto: a shared plane with two tenants (deployed into moto from its offline
 * preview), and one job launched for each. moto keeps no `executionIamPolicy` of a job run, so a
 * recording proxy in front of it captures each StartJobRun request as the AWS SDK sent it: each
 * carries its own tenant's policy, exactly as the plane's message gives it, and stages and logs under
 * the tenant's prefixes. Launching without a tenant, or for another plane's tenant, is refused before
 * any request.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { main } from "../../cli/main";
import { previewStack } from "../../engine/preview/preview";
import { launch } from "../../launcher/launch";
import { LaunchOptions, LaunchResult } from "../../launcher/options";
import { ControlPlaneMessage } from "../../message";
import { prefixesOf } from "../../components/iam/tenant";
import { DeployedPlane, deployToMoto } from "../helpers/motoDeploy";
import { Credentials, Moto } from "../helpers/moto";
import { LosingProxy } from "../helpers/losingProxy";
import { tempDir } from "../helpers/tempDir";

const STACK = path.join(__dirname, "stacks", "Pulumi.moto-tenants.yaml");

describe("end to end against moto: each tenant's job run carries its own execution policy", function () {
    this.timeout(120000);
    let moto: Moto;
    let proxy: LosingProxy;
    let plane: DeployedPlane;
    let vendor: Credentials;
    /** Every StartJobRun body the SDK sent (POST /applications/<id>/jobruns). */
    const started: Record<string, any>[] = [];
    const results: Record<string, LaunchResult> = {};

    before(async function () {
        moto = await Moto.shared(this);
        await moto.reset();
        const iam = new IAMClient(moto.clientConfig());
        await iam.send(new CreateUserCommand({ UserName: "trusted_user-tenants" }));
        const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "trusted_user-tenants" }))).AccessKey!;
        vendor = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
        plane = await deployToMoto(await previewStack(STACK), moto);
        proxy = await LosingProxy.start(moto.endpoint, () => false, (req, body) => {
            if (req.method === "POST" && /^\/applications\/[^/]+\/jobruns$/.test(req.url ?? "")) started.push(JSON.parse(body.toString("utf8")));
        });
        for (const tenant of ["acme", "acme2"]) results[tenant] = await launchFor(plane.message, { tenant });
    });
    after(async () => {
        await proxy?.stop();
    });

    function launchFor(message: ControlPlaneMessage, more: Partial<LaunchOptions> = {}): Promise<LaunchResult> {
        return launch({ message, aws: { endpoint: proxy.endpoint, credentials: vendor, maxAttempts: 1 }, sleep: async () => undefined, ...more });
    }

    const tenantOf = (id: string) => plane.message.tenants!.find((t) => t.id === id)!;

    it("the plane's message lists both tenants, each with its own inline policy", () => {
        expect(plane.message.tenants!.map((t) => t.id)).to.deep.equal(["acme", "acme2"]);
        expect(tenantOf("acme").executionIamPolicy.policy).to.be.a("string").and.not.equal(tenantOf("acme2").executionIamPolicy.policy);
    });

    it("each StartJobRun request carries exactly its tenant's execution policy", () => {
        expect(started).to.have.length(2);
        for (const [i, id] of ["acme", "acme2"].entries()) {
            expect(started[i].executionIamPolicy, id).to.deep.equal({ policy: tenantOf(id).executionIamPolicy.policy });
            expect(started[i].executionRoleArn).to.equal(plane.message.jobRuntimeRoleArn);
        }
    });

    it("each job is staged and logs under its tenant's prefixes, and ran", async () => {
        const runs = (await moto.models("emrserverless")).JobRun;
        for (const [i, id] of ["acme", "acme2"].entries()) {
            const prefixes = prefixesOf(id);
            const bucket = plane.message.resourceBucket;
            expect(results[id].state).to.equal("SUCCESS");
            expect(results[id].entryPointUri.startsWith(`s3://${bucket}/${prefixes.staging}`), results[id].entryPointUri).to.equal(true);
            expect(started[i].configurationOverrides.monitoringConfiguration.s3MonitoringConfiguration.logUri).to.equal(`s3://${bucket}/${prefixes.logs}`);
            expect(started[i].jobDriver.sparkSubmit.entryPoint).to.equal(results[id].entryPointUri);
            expect(results[id].logUri.startsWith(`s3://${bucket}/${prefixes.logs}`)).to.equal(true);
            const record = runs.find((r) => r.id === results[id].jobRunId);
            expect(record?.configuration_overrides?.monitoringConfiguration?.s3MonitoringConfiguration?.logUri).to.equal(`s3://${bucket}/${prefixes.logs}`);
        }
    });

    it("refuses, before any request, a launch without a tenant or for a tenant the plane does not have", async () => {
        const before = started.length;
        for (const [more, pattern] of [
            [{}, /^tenant: is required: this shared plane runs every job as one of its tenants \(acme, acme2\)/],
            [{ tenant: "acme3" }, /^tenant: "acme3" is not a tenant of this plane \(its tenants: acme, acme2\)/],
            [{ tenant: "acme*" }, /^tenant: must be 1-32 lowercase letters/],
        ] as const) {
            const err = await launchFor(plane.message, more).then(() => undefined, (e: Error) => e);
            expect(err?.message).to.match(pattern);
        }
        const { tenants: _, ...withoutTenants } = plane.message;
        const err = await launchFor(withoutTenants, { tenant: "acme" }).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.match(/^tenant: the plane declares no tenants/);
        expect(started.length).to.equal(before);
    });

    it("dataplane launch without --tenant on this plane exits 2 with the error, and with --tenant sends the policy", async () => {
        const dir = tempDir("dataplane-tenants-");
        const file = path.join(dir, "m.json");
        fs.writeFileSync(file, JSON.stringify(plane.message));
        const out: string[] = [];
        const err: string[] = [];
        const env = { ...process.env };
        process.env.AWS_ACCESS_KEY_ID = vendor.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = vendor.secretAccessKey;
        try {
            expect(await main(["launch", "--message", file, "--endpoint-url", proxy.endpoint], (l) => out.push(l), (l) => err.push(l))).to.equal(2);
            expect(err.join("\n")).to.match(/tenant: is required/);
            const before = started.length;
            expect(await main(["launch", "--message", file, "--tenant", "acme2", "--endpoint-url", proxy.endpoint, "--poll-seconds", "1"], (l) => out.push(l), (l) => err.push(l))).to.equal(0);
            expect(started.slice(before).map((s) => s.executionIamPolicy)).to.deep.equal([{ policy: tenantOf("acme2").executionIamPolicy.policy }]);
        } finally {
            process.env = env;
        }
    });
});
