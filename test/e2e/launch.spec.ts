/**
 * End to end against moto with IAM enforcement on: the two planes' roles, with the exact trust and
 * permission documents our program registers (from its offline run, secrets revealed), their
 * buckets and networks are created in moto; then the launcher runs against them.
 *
 * What moto proves here (it evaluates identity policies on S3, IAM and STS resource ARNs, and a
 * role's trust policy with StringEquals on sts:ExternalId): the ExternalId gate, the launch role's
 * staging writes, the runtime role's bucket scope. What it cannot (it evaluates EMR Serverless
 * calls against Resource "*", and ignores identity-policy conditions): the launch role's scoped
 * EMR Serverless grants, iam:PassRole and the s3:prefix listing condition — so moto gets one extra,
 * moto-only grant of those EMR Serverless actions on "*", and the last block evaluates the very
 * same documents for those requests with an IAM policy simulator.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DescribeSubnetsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { EMRServerlessClient, GetApplicationCommand, GetJobRunCommand } from "@aws-sdk/client-emr-serverless";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { main } from "../../cli/main";
import { APPLICATION_ACTIONS, JOB_RUN_ACTIONS, LAUNCHER_TAGS } from "../../components/iam/launchRole";
import { StackPreview, previewStack } from "../../engine/preview/preview";
import { AwsCallError } from "../../launcher/aws";
import { launch } from "../../launcher/launch";
import { LaunchOptions, LaunchResult } from "../../launcher/options";
import { IamRequest, PlaneLocation, SentRequest, iamRequestsOf, tagContext } from "../../launcher/iamRequests";
import { SMOKE_JOB } from "../../launcher/smokeJob";
import { input, one } from "../helpers/offline";
import { LosingProxy } from "../helpers/losingProxy";
import { Request as SimulatedRequest, decide } from "../helpers/iamSimulate";
import { ControlPlaneMessage } from "../../message";
import { DeployedPlane, deployToMoto } from "../helpers/motoDeploy";
import { Credentials, MOTO_ACCOUNT_ID, Moto } from "../helpers/moto";
import { tempDir } from "../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../..");
const STACKS = path.join(__dirname, "stacks");
const VENDOR_USER = "trusted_user-control-plane";

function keys(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials {
    return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
}

async function rejection(promise: Promise<unknown>): Promise<any> {
    try {
        await promise;
    } catch (err) {
        return err;
    }
    throw new Error("expected a rejection");
}

/** The statement moto needs because it evaluates EMR Serverless calls against Resource "*" only (see the file comment). */
const MOTO_ONLY_EMR_GRANT = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "MotoEvaluatesEmrServerlessAgainstStar", Effect: "Allow", Action: [...APPLICATION_ACTIONS, ...JOB_RUN_ACTIONS, "emr-serverless:StartJobRun"], Resource: "*" }],
});

describe("end to end against moto, IAM enforcement on: launching jobs into the planes", function () {
    this.timeout(120000);
    let moto: Moto;
    let sharedPreview: StackPreview;
    let privatePreview: StackPreview;

    // One moto account for the whole suite, holding the three planes (in three regions, so their
    // applications cannot meet); cases that change state only add to it. The shared and private planes
    // own their application (the default); `seed` is a private plane in launcher mode.
    let shared: DeployedPlane;
    let priv: DeployedPlane;
    let seed: DeployedPlane;
    let vendor: Credentials;
    let runtime: { shared: Credentials; private: Credentials };
    let admin: Credentials;

    before(async function () {
        moto = await Moto.shared(this);
        sharedPreview = await previewStack(path.join(STACKS, "Pulumi.moto-shared.yaml"));
        privatePreview = await previewStack(path.join(STACKS, "Pulumi.moto-private.yaml"));
        await moto.reset();
        const iam = new IAMClient(moto.clientConfig());
        // What exists before the planes: the vendor's system user (the shared plane adopts it).
        await iam.send(new CreateUserCommand({ UserName: VENDOR_USER }));
        vendor = keys((await iam.send(new CreateAccessKeyCommand({ UserName: VENDOR_USER }))).AccessKey);
        shared = await deployToMoto(sharedPreview, moto);
        priv = await deployToMoto(privatePreview, moto);
        seed = await deployToMoto(await previewStack(path.join(STACKS, "Pulumi.moto-launcher.yaml")), moto);
        await iam.send(new PutUserPolicyCommand({ UserName: VENDOR_USER, PolicyName: "moto-only-emr-serverless", PolicyDocument: MOTO_ONLY_EMR_GRANT }));
        for (const role of ["emr-dataplane-launch", "seed-dataplane-launch"]) {
            await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "moto-only-emr-serverless", PolicyDocument: MOTO_ONLY_EMR_GRANT }));
        }
        // The runtime roles' sessions, as EMR Serverless would get them: moto cannot act as a service
        // principal, so they are issued before enforcement; from then on, moto evaluates their permissions.
        const sts = new STSClient(moto.clientConfig());
        const session = async (arn: string) => keys((await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "emr-job" }))).Credentials);
        runtime = { shared: await session(shared.message.jobRuntimeRoleArn), private: await session(priv.message.jobRuntimeRoleArn) };
        admin = await moto.enableIamEnforcement();
    });
    function launchAs(credentials: Credentials, message: ControlPlaneMessage, more: Partial<LaunchOptions> = {}): Promise<LaunchResult> {
        return launch({ message, aws: { endpoint: moto.endpoint, credentials, maxAttempts: 1 }, sessionName: "e2e-test", sleep: async () => undefined, ...more });
    }

    async function jobRunOf(result: LaunchResult, region: string) {
        const emr = new EMRServerlessClient(moto.clientConfig(admin, region));
        const run = (await emr.send(new GetJobRunCommand({ applicationId: result.applicationId, jobRunId: result.jobRunId }))).jobRun!;
        const app = (await emr.send(new GetApplicationCommand({ applicationId: result.applicationId }))).application!;
        return { run, app };
    }

    /**
     * The job ran as the plane's runtime role on the plane's own application (when its message names one),
     * in the plane's network, logging to logs/, from the staged smoke job, with the launch's client token.
     */
    async function expectLaunchedInto(result: LaunchResult, plane: DeployedPlane) {
        const m = plane.message;
        expect(result.state).to.equal("SUCCESS");
        if (m.applicationId !== undefined) expect([result.applicationId, result.applicationCreated]).to.deep.equal([m.applicationId, false]);
        const { run, app } = await jobRunOf(result, m.region);
        // moto's GetJobRun leaves executionRole and clientToken out; its own record has them.
        const record = (await moto.models("emrserverless")).JobRun.find((r) => r.id === result.jobRunId);
        expect(record?.execution_role_arn).to.equal(m.jobRuntimeRoleArn);
        expect(record?.client_token).to.equal(result.clientToken).and.to.match(/^[0-9a-f-]{36}$/);
        expect(run.configurationOverrides?.monitoringConfiguration?.s3MonitoringConfiguration?.logUri).to.equal(`s3://${m.resourceBucket}/logs/`);
        expect(run.jobDriver?.sparkSubmit?.entryPoint).to.equal(result.entryPointUri);
        expect(result.entryPointUri).to.match(new RegExp(`^s3://${m.resourceBucket}/staging/`));
        expect(result.logUri).to.equal(`s3://${m.resourceBucket}/logs/applications/${result.applicationId}/jobs/${result.jobRunId}/`);
        expect(app.type?.toUpperCase()).to.equal("SPARK");
        expect(app.networkConfiguration?.subnetIds).to.deep.equal(m.subnetIds);
        expect(app.networkConfiguration?.securityGroupIds).to.deep.equal(m.securityGroups);
        expect([app.autoStartConfiguration?.enabled, app.autoStopConfiguration?.enabled]).to.deep.equal([true, true]);
        // The network is the plane's, as created in moto from the preview.
        const subnets = await new EC2Client(moto.clientConfig(admin, m.region)).send(new DescribeSubnetsCommand({ SubnetIds: m.subnetIds }));
        expect(new Set(subnets.Subnets!.map((s) => s.AvailabilityZone)).size).to.equal(2);
        const staged = await new S3Client(moto.clientConfig(admin, m.region)).send(new GetObjectCommand({
            Bucket: m.resourceBucket, Key: result.entryPointUri.replace(`s3://${m.resourceBucket}/`, ""),
        }));
        expect(await staged.Body!.transformToString()).to.equal(SMOKE_JOB);
    }

    /** Another bucket in the account, with data the plane's jobs must not see. */
    async function otherBucket(region: string): Promise<string> {
        const s3 = new S3Client(moto.clientConfig(admin, region));
        const bucket = `someone-elses-data-${region}`;
        await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }) }));
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "secret.csv", Body: "a,b\n" }));
        return bucket;
    }

    async function expectRuntimeRoleScopedToItsBucket(credentials: Credentials, m: ControlPlaneMessage) {
        const other = await otherBucket(m.region);
        const s3 = new S3Client(moto.clientConfig(credentials, m.region));
        await s3.send(new PutObjectCommand({ Bucket: m.resourceBucket, Key: "logs/applications/app/jobs/run/SPARK_DRIVER/stdout.gz", Body: "log" }));
        const denied = async (p: Promise<unknown>) => expect((await rejection(p)).name).to.equal("AccessDenied");
        await denied(s3.send(new GetObjectCommand({ Bucket: other, Key: "secret.csv" })));
        await denied(s3.send(new PutObjectCommand({ Bucket: other, Key: "logs/x", Body: "x" })));
        await denied(s3.send(new PutObjectCommand({ Bucket: m.resourceBucket, Key: "elsewhere/x", Body: "x" })));
    }

    /** Applications and job runs moto holds, all regions. */
    async function emrCounts() {
        const models = await moto.models("emrserverless");
        return { applications: (models.Application ?? []).length, jobRuns: (models.JobRun ?? []).length };
    }

    describe("private plane: through the launch role, with the ExternalId", () => {
        let result: LaunchResult;
        before(async () => {
            result = await launchAs(vendor, priv.message);
        });

        it("creates the roles with the documents the program registered (the ExternalId in the trust)", () => {
            const trust = priv.documents["launch-role:assumeRolePolicy"] as any;
            expect(trust.Statement[0].Principal.AWS).to.equal(`arn:aws:iam::${MOTO_ACCOUNT_ID}:user/${VENDOR_USER}`);
            expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).to.equal(priv.message.externalId);
            // Paired with the plane's application (moto's id for it): no network statements, it creates no application.
            const launchPolicy = JSON.stringify(priv.documents["launch-permissions:policy"]);
            expect(launchPolicy).to.contain(`/applications/${priv.message.applicationId}`);
            for (const id of [...priv.message.subnetIds, ...priv.message.securityGroups]) expect(launchPolicy).not.to.contain(id);
            const seedPolicy = JSON.stringify(seed.documents["launch-permissions:policy"]);
            for (const id of [...seed.message.subnetIds, ...seed.message.securityGroups]) expect(seedPolicy).to.contain(id);
            expect(priv.skipped).to.include("aws:s3/bucketPolicy:BucketPolicy");
        });

        it("with the right ExternalId: assumes the launch role and runs the job as the runtime role on the plane's application, with a client token", async () => {
            expect(result.assumedRoleArn).to.equal(priv.message.jobLaunchArn);
            expect(priv.message.applicationId).to.match(/^[0-9a-z]{16}$/);
            await expectLaunchedInto(result, priv);
        });

        it("the plane's application is the one its program registered: ARM64, capped, auto-stopping, in the plane's network", async () => {
            const app = (await new EMRServerlessClient(moto.clientConfig(admin, priv.message.region)).send(new GetApplicationCommand({ applicationId: priv.message.applicationId! }))).application!;
            expect([app.name, app.releaseLabel, app.maximumCapacity?.cpu, app.autoStopConfiguration?.idleTimeoutMinutes]).to.deep.equal(["emr-dataplane-spark", "emr-7.12.0", "16 vCPU", 15]);
            const registered = one(privatePreview.resources, "aws:emrserverless/application:Application");
            expect(input(registered, "architecture")).to.equal("ARM64");
        });

        it("a retried StartJobRun (its answer lost on the way back) carries the same client token: the service gets one idempotent request twice", async () => {
            const proxy = await LosingProxy.start(moto.endpoint, (req) => req.method === "POST" && /\/jobruns$/.test(req.url ?? ""));
            try {
                const sent: SentRequest[] = [];
                const retried = await launch({ message: priv.message, aws: { endpoint: proxy.endpoint, credentials: vendor, maxAttempts: 2 }, sessionName: "e2e-retry",
                    sleep: async () => undefined, idempotencyKey: "nightly-2026-12-01", onRequest: (r) => sent.push(r) });
                expect(retried.state).to.equal("SUCCESS");
                expect(proxy.lost).to.equal(1);
                expect(sent.filter((r) => r.operation === "StartJobRun")).to.have.length(1);
                // moto starts a run for each request it gets (it does not deduplicate): both carry the one token.
                const runs = (await moto.models("emrserverless")).JobRun.filter((r) => r.client_token === "nightly-2026-12-01");
                expect(runs).to.have.length(2);
                expect(retried.clientToken).to.equal("nightly-2026-12-01");
            } finally {
                await proxy.stop();
            }
        });

        it("with a wrong ExternalId: denied at sts:AssumeRole, nothing created", async () => {
            const before = await emrCounts();
            const err = await rejection(launchAs(vendor, { ...priv.message, externalId: "not-the-customers-external-id" }));
            expect(err).to.be.instanceOf(AwsCallError);
            expect([err.call, err.code, err.httpStatus]).to.deep.equal(["sts:AssumeRole", "AccessDenied", 403]);
            expect(err.message).to.match(/^sts:AssumeRole on arn:aws:iam::123456789012:role\/emr-dataplane-launch \(session e2e-test\) failed: AccessDenied \(HTTP 403\)/);
            expect(await emrCounts()).to.deep.equal(before);
        });

        it("a second launch runs on the same application, with a new client token", async () => {
            const again = await launchAs(vendor, priv.message);
            expect([again.applicationCreated, again.applicationId]).to.deep.equal([false, result.applicationId]);
            expect(again.jobRunId).not.to.equal(result.jobRunId);
            expect(again.clientToken).not.to.equal(result.clientToken);
        });

        it("options that shape a created application are refused before any AWS call: the plane's application is not the launcher's to shape", async () => {
            const sent: SentRequest[] = [];
            const err = await rejection(launchAs(vendor, priv.message, { maxVcpu: 400, onRequest: (r) => sent.push(r) }));
            expect(err.message).to.equal(`maxVcpu: only applies when the launcher creates its application; the message names the plane's own application ${priv.message.applicationId}`);
            expect(sent).to.deep.equal([]);
        });

        it("the runtime role writes the bucket's logs/, and reads no other bucket", async () => {
            await expectRuntimeRoleScopedToItsBucket(runtime.private, priv.message);
        });

        it("the launch role stages only under staging/ of its own bucket", async () => {
            const sts = new STSClient(moto.clientConfig(vendor, priv.message.region));
            const session = keys((await sts.send(new AssumeRoleCommand({
                RoleArn: priv.message.jobLaunchArn, RoleSessionName: "probe", ExternalId: priv.message.externalId,
            }))).Credentials);
            const s3 = new S3Client(moto.clientConfig(session, priv.message.region));
            await s3.send(new PutObjectCommand({ Bucket: priv.message.resourceBucket, Key: "staging/probe.py", Body: "x" }));
            expect((await rejection(s3.send(new PutObjectCommand({ Bucket: priv.message.resourceBucket, Key: "probe.py", Body: "x" })))).name).to.equal("AccessDenied");
            expect((await rejection(s3.send(new PutObjectCommand({ Bucket: shared.message.resourceBucket, Key: "staging/probe.py", Body: "x" })))).name).to.equal("AccessDenied");
        });
    });

    describe("shared plane: the control plane's own principal, no role assumption", () => {
        let result: LaunchResult;
        before(async () => {
            result = await launchAs(vendor, shared.message);
        });

        it("runs the job as the shared runtime role, in the shared network", async () => {
            expect(result.assumedRoleArn).to.equal(undefined);
            await expectLaunchedInto(result, shared);
        });

        it("the runtime role writes the bucket's logs/, and reads no other bucket", async () => {
            await expectRuntimeRoleScopedToItsBucket(runtime.shared, shared.message);
        });

        it("the system user itself may not write the private plane's bucket: only through its launch role", async () => {
            const s3 = new S3Client(moto.clientConfig(vendor, priv.message.region));
            expect((await rejection(s3.send(new PutObjectCommand({ Bucket: priv.message.resourceBucket, Key: "staging/x.py", Body: "x" })))).name).to.equal("AccessDenied");
        });
    });

    describe("launcher mode (applicationMode: launcher): the launcher creates its application, as before", () => {
        it("the message names no application; the first launch creates one (tagged, in the plane's network), the second reuses it", async () => {
            expect(seed.message.applicationId).to.equal(undefined);
            const first = await launchAs(vendor, seed.message);
            expect(first.applicationCreated).to.equal(true);
            await expectLaunchedInto(first, seed);
            const again = await launchAs(vendor, seed.message);
            expect([again.applicationCreated, again.applicationId]).to.deep.equal([false, first.applicationId]);
        });
    });

    describe("the dataplane launch command", () => {
        let dir: string;
        before(() => {
            dir = tempDir("dataplane-launch-");
            // The vendor's keys as a shared-credentials profile, as an operator would have them.
            fs.writeFileSync(path.join(dir, "credentials"), `[vendor]\naws_access_key_id = ${vendor.accessKeyId}\naws_secret_access_key = ${vendor.secretAccessKey}\n`);
        });
        const messageFile = (name: string, message: unknown) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, JSON.stringify(message, null, 2));
            return file;
        };
        const run = (...args: string[]) => {
            const env: NodeJS.ProcessEnv = { ...process.env, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "credentials"), AWS_CONFIG_FILE: path.join(dir, "config") };
            delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
            const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "dataplane.js"), "launch", ...args, "--endpoint-url", moto.endpoint, "--profile", "vendor", "--poll-seconds", "1"],
                { encoding: "utf8", env });
            return { status: r.status, stdout: r.stdout, stderr: r.stderr };
        };

        it("launches into the private plane from the message file with a profile, and prints the outcome", () => {
            const r = run("--message", messageFile("private.json", priv.message));
            expect(r.stderr, "nothing on stderr, not even the SDK's Node.js notice").to.equal("");
            expect(r.status).to.equal(0);
            const id = "[a-z0-9]+";
            const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
            const bucket = priv.message.resourceBucket;
            const expected = [
                `\\[credentials\\] assumed ${priv.message.jobLaunchArn} \\(session dataplane-launch-\\d{8}T\\d{6}Z\\) with the plane's ExternalId`,
                `\\[stage\\] staged emr_dataplane_smoke\\.py at s3://${bucket}/staging/entry-points/[0-9a-f]{16}/emr_dataplane_smoke\\.py`,
                `\\[application\\] using the plane's application emr-dataplane-spark \\(${priv.message.applicationId}\\), emr-7\\.12\\.0, STARTED`,
                `\\[start\\] started job run ${id} as ${priv.message.jobRuntimeRoleArn} \\(client token (${uuid})\\)`,
                `\\[wait\\] job run ${id}: SUCCESS after \\d+ s`,
                `job run ${id}: SUCCESS`,
                `application ${priv.message.applicationId}, entry point s3://${bucket}/staging/.*, client token ${uuid}`,
                `logs: s3://${bucket}/logs/applications/${id}/jobs/${id}/`,
            ];
            const lines = r.stdout.trimEnd().split("\n");
            expect(lines).to.have.length(expected.length);
            lines.forEach((line, i) => expect(line).to.match(new RegExp(`^${expected[i]}$`)));
        });

        /** The command in this process, with the vendor's profile file. */
        async function inProcess(...args: string[]) {
            const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
            process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials");
            const out: string[] = [];
            const err: string[] = [];
            try {
                const status = await main(["launch", ...args, "--endpoint-url", moto.endpoint, "--profile", "vendor"], (l) => out.push(l), (l) => err.push(l));
                return { status, out, err };
            } finally {
                if (saved === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
                else process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
            }
        }

        it("reports a wrong ExternalId in one line, exit 1 (in process)", async () => {
            const r = await inProcess("--message", messageFile("wrong.json", { ...priv.message, externalId: "wrong-external-id" }), "--session-name", "smoke-test");
            expect(r.status).to.equal(1);
            expect(r.out).to.deep.equal([]);
            expect(r.err).to.deep.equal(["error: sts:AssumeRole on arn:aws:iam::123456789012:role/emr-dataplane-launch (session smoke-test) failed: " +
                `AccessDenied (HTTP 403): User: arn:aws:iam::123456789012:user/${VENDOR_USER} is not authorized to perform: sts:AssumeRole`]);
        });

        it("--json prints only the outcome, as one document (shared plane, in process)", async () => {
            const r = await inProcess("--message", messageFile("shared.json", { controlPlaneMessage: shared.message }), "--json");
            expect([r.status, r.err]).to.deep.equal([0, []]);
            const doc = JSON.parse(r.out.join("\n"));
            expect(Object.keys(doc).sort()).to.deep.equal(["applicationCreated", "applicationId", "clientToken", "entryPointUri", "jobRunId", "logUri", "state"]);
            expect(doc.state).to.equal("SUCCESS");
            expect(doc.logUri).to.equal(`s3://${shared.message.resourceBucket}/logs/applications/${doc.applicationId}/jobs/${doc.jobRunId}/`);
        });
    });

    describe("the sample job (jobs/access_point_csv.py) through dataplane launch, with its arguments", () => {
        it("stages the job and starts it with --input_uri/--output_uri and the --conf properties", async () => {
            const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
            const dir = tempDir("dataplane-sample-");
            fs.writeFileSync(path.join(dir, "credentials"), `[vendor]\naws_access_key_id = ${vendor.accessKeyId}\naws_secret_access_key = ${vendor.secretAccessKey}\n`);
            fs.writeFileSync(path.join(dir, "m.json"), JSON.stringify(priv.message));
            process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials");
            const out: string[] = [];
            const err: string[] = [];
            let status: number;
            try {
                status = await main(["launch", "--message", path.join(dir, "m.json"), "--entry-point", path.join(ROOT, "jobs", "access_point_csv.py"),
                    "--conf", "spark.executor.memory=4g", "--arg=--group_by=vendor_id", "--json", "--endpoint-url", moto.endpoint, "--profile", "vendor", "--poll-seconds", "1",
                    "--", "--input_uri", "s3://trips-ap-abc123def456-s3alias/input/", "--output_uri", "s3://trips-ap-abc123def456-s3alias/output/"], (l) => out.push(l), (l) => err.push(l));
            } finally {
                if (saved === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
                else process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
            }
            expect([status, err]).to.deep.equal([0, []]);
            const result = JSON.parse(out.join("\n")) as LaunchResult;
            const { run } = await jobRunOf(result, priv.message.region);
            expect(run.jobDriver?.sparkSubmit?.entryPointArguments).to.deep.equal(
                ["--group_by=vendor_id", "--input_uri", "s3://trips-ap-abc123def456-s3alias/input/", "--output_uri", "s3://trips-ap-abc123def456-s3alias/output/"]);
            const params = run.jobDriver?.sparkSubmit?.sparkSubmitParameters ?? "";
            expect(params).to.contain("--conf spark.executor.memory=4g").and.not.to.contain("spark.executor.memory=2g");
            expect(result.entryPointUri).to.match(new RegExp(`^s3://${priv.message.resourceBucket}/staging/entry-points/[0-9a-f]{16}/access_point_csv\\.py$`));
            const staged = await new S3Client(moto.clientConfig(admin, priv.message.region)).send(new GetObjectCommand({
                Bucket: priv.message.resourceBucket, Key: result.entryPointUri.replace(`s3://${priv.message.resourceBucket}/`, ""),
            }));
            expect(await staged.Body!.transformToString()).to.equal(fs.readFileSync(path.join(ROOT, "jobs", "access_point_csv.py"), "utf8"));
        });

        it("a bucket that cannot be reached stops the launch before anything is created", async () => {
            const before = await emrCounts();
            const sent: SentRequest[] = [];
            const err = await rejection(launchAs(vendor, { ...priv.message, resourceBucket: "no-such-bucket-anywhere" }, { onRequest: (r) => sent.push(r) }));
            expect(err).to.be.instanceOf(AwsCallError);
            expect(err.call).to.equal("s3:PutObject");
            expect(sent.map((r) => `${r.service}:${r.operation}`)).to.deep.equal(["sts:AssumeRole", "s3:PutObject"]);
            expect(await emrCounts()).to.deep.equal(before);
        });
    });

    describe("every request the launcher sends, asked of an IAM simulator with the launch role's registered documents", () => {
        /** The requests of one launch, recorded from the SDK clients the launcher used (nothing hand-written). */
        async function recorded(credentials: Credentials, plane: DeployedPlane, more: Partial<LaunchOptions> = {}) {
            const sent: SentRequest[] = [];
            const result = await launchAs(credentials, plane.message, { ...more, onRequest: (r) => sent.push(r) });
            expect(result.state).to.equal("SUCCESS");
            const where: PlaneLocation = { partition: "aws", region: plane.message.region, accountId: MOTO_ACCOUNT_ID };
            return { sent, requests: sent.flatMap((r) => iamRequestsOf(r, where)) };
        }
        const ask = (r: IamRequest): SimulatedRequest => ({
            action: r.action, resource: r.resource, context: r.context, resourceAccount: MOTO_ACCOUNT_ID,
            principal: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/emr-dataplane-launch`,
        });
        const planes = () => [
            { name: "private", plane: priv, doc: priv.documents["launch-permissions:policy"] as any },
            { name: "shared", plane: shared, doc: shared.documents["launch-policy:policy"] as any },
            { name: "launcher-mode", plane: seed, doc: seed.documents["launch-permissions:policy"] as any },
        ];
        const OTHER_ACCOUNT = "999988887777";
        /** Neighbours of an allowed request that must be denied: another account or region, other tags, another role or service. */
        function neighbours(r: IamRequest, region: string, applicationId?: string): [string, IamRequest][] {
            const out: [string, IamRequest][] = [];
            if (applicationId !== undefined && r.resource.includes(`/applications/${applicationId}`)) {
                out.push(["another application of the plane's account", { ...r, resource: r.resource.replace(`/applications/${applicationId}`, "/applications/00another00app01") }]);
            }
            if (r.resource.startsWith("arn:aws:emr-serverless:")) {
                out.push(["another account", { ...r, resource: r.resource.replace(`:${MOTO_ACCOUNT_ID}:`, `:${OTHER_ACCOUNT}:`) }]);
                out.push(["another region", { ...r, resource: r.resource.replace(`:${region}:`, region === "us-west-2" ? ":eu-central-1:" : ":us-west-2:") }]);
            }
            if (r.context["aws:TagKeys"]) {
                const [key] = Object.keys(LAUNCHER_TAGS);
                out.push(["another tag value", { ...r, context: { ...r.context, [`aws:RequestTag/${key}`]: "someone-else" } }]);
                out.push(["an extra tag", { ...r, context: { ...r.context, "aws:RequestTag/owner": "x", "aws:TagKeys": [...(r.context["aws:TagKeys"] as string[]), "owner"] } }]);
            }
            if (r.action === "iam:PassRole") {
                out.push(["another role", { ...r, resource: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/admin` }]);
                out.push(["to another service", { ...r, context: { "iam:PassedToService": "ec2.amazonaws.com" } }]);
            }
            if (r.action.startsWith("s3:")) out.push(["another bucket", { ...r, resource: r.resource.replace(/^arn:aws:s3:::[^/]+/, "arn:aws:s3:::someone-elses-bucket") }]);
            if (r.action === "s3:PutObject") out.push(["outside staging/", { ...r, resource: r.resource.replace("/staging/", "/elsewhere/") }]);
            return out;
        }

        for (const which of ["private", "shared", "launcher-mode"]) {
            it(`${which} plane: two launches; every request allowed, every neighbour denied`, async () => {
                const { plane, doc } = planes().find((p) => p.name === which)!;
                const owned = plane.message.applicationId !== undefined;
                const more = owned ? {} : { applicationName: `simulated-${which}` };
                const first = await recorded(vendor, plane, more);
                const second = await recorded(vendor, plane, more);
                const ops = (rs: SentRequest[]) => [...new Set(rs.map((r) => `${r.service}:${r.operation}`))];
                const assumed = which === "shared" ? [] : ["sts:AssumeRole"];
                const application = owned ? ["emr-serverless:GetApplication"] : ["emr-serverless:ListApplications", "emr-serverless:CreateApplication", "emr-serverless:GetApplication"];
                expect(ops(first.sent)).to.deep.equal([...assumed, "s3:PutObject", ...application, "emr-serverless:StartJobRun", "emr-serverless:GetJobRun"]);
                expect(ops(second.sent)).not.to.include("emr-serverless:CreateApplication");
                const requests = [...first.requests, ...second.requests];
                expect(requests.map((r) => r.action)).to.include.members(["emr-serverless:TagResource", "iam:PassRole"]);
                for (const r of requests) {
                    expect(await decide([doc], ask(r)), `${r.action} on ${r.resource} ${JSON.stringify(r.context)}`).to.equal("Allowed");
                    for (const [what, n] of neighbours(r, plane.message.region, plane.message.applicationId)) {
                        expect(await decide([doc], ask(n)), `${r.action} with ${what}: ${n.resource} ${JSON.stringify(n.context)}`).to.equal("ImplicitlyDenied");
                    }
                }
            });
        }

        it("paired with the plane's application, the launch role cannot create, update, delete, start, stop or tag an application: the cap stays the customer's", async () => {
            const tags = tagContext(LAUNCHER_TAGS);
            for (const { name, plane, doc } of planes().filter((p) => p.plane.message.applicationId !== undefined)) {
                const own = `arn:aws:emr-serverless:${plane.message.region}:${MOTO_ACCOUNT_ID}:/applications/${plane.message.applicationId}`;
                const refused: IamRequest[] = [
                    { action: "emr-serverless:CreateApplication", resource: "*", context: tags },
                    ...["UpdateApplication", "DeleteApplication", "StartApplication", "StopApplication"].map((a) => ({ action: `emr-serverless:${a}`, resource: own, context: {} })),
                    { action: "emr-serverless:TagResource", resource: own, context: tags },
                    { action: "emr-serverless:UntagResource", resource: own, context: { "aws:TagKeys": Object.keys(LAUNCHER_TAGS) } },
                ];
                for (const r of refused) expect(await decide([doc], ask(r)), `${name}: ${r.action} on ${r.resource}`).to.equal("ImplicitlyDenied");
            }
            // Launcher mode keeps the earlier grants: it creates applications tagged as the launcher's, and updates none.
            const seedDoc = planes().find((p) => p.name === "launcher-mode")!.doc;
            expect(await decide([seedDoc], ask({ action: "emr-serverless:CreateApplication", resource: "*", context: tags }))).to.equal("Allowed");
            expect(await decide([seedDoc], ask({ action: "emr-serverless:UpdateApplication", resource: `arn:aws:emr-serverless:us-west-2:${MOTO_ACCOUNT_ID}:/applications/x`, context: {} }))).to.equal("ImplicitlyDenied");
        });
    });

    describe("what moto cannot evaluate, checked on the same documents with an IAM simulator", () => {
        const simulate = async (policy: unknown, action: string, resource: string, context: Record<string, string | string[]> = {}) => {
            const out = await runSimulation({
                request: { principal: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/probe`, action, resource: { resource, accountId: MOTO_ACCOUNT_ID }, contextVariables: context },
                identityPolicies: [{ name: "ours", policy }], serviceControlPolicies: [], resourceControlPolicies: [],
            }, {});
            if (out.resultType === "error") throw new Error(`simulation error: ${JSON.stringify(out.errors)}`);
            return out.overallResult;
        };
        const app = (region: string, account: string, id: string) => `arn:aws:emr-serverless:${region}:${account}:/applications/${id}`;

        it("the private launch role may run jobs only on its own account's applications in its region", async () => {
            const doc = priv.documents["launch-permissions:policy"];
            const result = await launchAs(vendor, priv.message);
            const ours = app("eu-west-1", MOTO_ACCOUNT_ID, result.applicationId);
            const tagged = tagContext(LAUNCHER_TAGS) as Record<string, string>;
            expect(await simulate(doc, "emr-serverless:GetApplication", ours)).to.equal("Allowed");
            expect(await simulate(doc, "emr-serverless:StartJobRun", ours, tagged)).to.equal("Allowed");
            expect(await simulate(doc, "emr-serverless:StartJobRun", ours), "a job run without the launcher's tags").to.equal("ImplicitlyDenied");
            expect(await simulate(doc, "emr-serverless:GetJobRun", `${ours}/jobruns/${result.jobRunId}`)).to.equal("Allowed");
            expect(await simulate(doc, "emr-serverless:StartJobRun", app("eu-west-1", "999988887777", result.applicationId), tagged)).to.equal("ImplicitlyDenied");
            expect(await simulate(doc, "emr-serverless:StartJobRun", app("us-east-1", MOTO_ACCOUNT_ID, result.applicationId), tagged)).to.equal("ImplicitlyDenied");
        });

        it("the launch roles pass only their plane's runtime role, and only to EMR Serverless", async () => {
            for (const [plane, doc] of [[priv, priv.documents["launch-permissions:policy"]], [shared, shared.documents["launch-policy:policy"]]] as const) {
                const role = plane.message.jobRuntimeRoleArn;
                expect(await simulate(doc, "iam:PassRole", role, { "iam:PassedToService": "emr-serverless.amazonaws.com" })).to.equal("Allowed");
                expect(await simulate(doc, "iam:PassRole", role, { "iam:PassedToService": "ec2.amazonaws.com" })).to.equal("ImplicitlyDenied");
                expect(await simulate(doc, "iam:PassRole", `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/admin`, { "iam:PassedToService": "emr-serverless.amazonaws.com" })).to.equal("ImplicitlyDenied");
            }
        });

        it("the runtime role lists its bucket (no prefix condition: Spark's HEADs of missing keys must be 404s, test/stacks/sparkProbes.spec.ts), and lists no other", async () => {
            const doc = priv.documents["job-runtime-permissions:policy"];
            const bucket = `arn:aws:s3:::${priv.message.resourceBucket}`;
            expect(await simulate(doc, "s3:ListBucket", bucket, { "s3:prefix": "logs/applications/" })).to.equal("Allowed");
            expect(await simulate(doc, "s3:ListBucket", bucket, {})).to.equal("Allowed");
            expect(await simulate(doc, "s3:ListBucket", "arn:aws:s3:::someone-elses-bucket", {})).to.equal("ImplicitlyDenied");
        });
    });
});
