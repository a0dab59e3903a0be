/**
 * The launchers' real state machine definitions executed by moto's Step Functions interpreter
 * against real SSM parameters; with secrets, the job run request they make is then sent to moto's
 * EMR Serverless and read back by a principal allowed only GetJobRun.
 *
 * moto cannot run the `emr-serverless:startJobRun.sync` integration, so for execution the
 * StartJobRun task's Resource (only) is pointed at the AWS SDK integration; moto then records the
 * exact request in the execution history (TaskScheduled) before failing to reach EMR Serverless.
 * moto fails the second execution in an account/region until reset, so each test starts afresh.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CreateApplicationCommand, EMRServerlessClient, GetJobRunCommand, StartJobRunCommand } from "@aws-sdk/client-emr-serverless";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { LAUNCH_ERRORS } from "../../components/guardedLaunch";
import { MOTO_ACCOUNT_ID, Moto } from "../helpers/moto";
import { Fixture, OTHER_ROLE, RUNTIME_ROLE, launchFixture } from "../helpers/guardedLaunch";

const REGION = "us-east-1";

interface Execution { status: string; error?: string; cause?: string; events: HistoryEvent[]; executionArn: string }

describe("guarded launch against moto", function () {
    this.timeout(60000);
    let moto: Moto;
    let f: Fixture;
    before(async function () {
        [moto, f] = await Promise.all([Moto.shared(this), launchFixture({ accountId: MOTO_ACCOUNT_ID, region: REGION })]);
    });
    /** Fresh moto; the catalog as deployed (or with `profile` instead); runs `definition` once with `input`. */
    async function execute(definition: string, input: unknown, opts: { profile?: string; launcher?: "nightly" | "adhoc"; before?: () => Promise<void> } = {}): Promise<Execution> {
        const launcher = opts.launcher ?? "nightly";
        await moto.reset();
        await opts.before?.();
        await moto.configure({ stepfunctions: { execute_state_machine: true } });
        const ssm = new SSMClient(moto.clientConfig());
        await ssm.send(new PutParameterCommand({ Name: "/emr-dataplane/profiles/analytics/default", Type: "String", Value: opts.profile ?? f.documents.profile }));
        await ssm.send(new PutParameterCommand({ Name: `/emr-dataplane/configurations/analytics/${launcher}`, Type: "String", Value: f.documents[launcher] }));
        const sfn = new SFNClient(moto.clientConfig());
        const runnable = definition.replace("arn:aws:states:::emr-serverless:startJobRun.sync", "arn:aws:states:::aws-sdk:emrserverless:startJobRun");
        const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: f[launcher].stateMachineName, definition: runnable, roleArn: f[launcher].roleArn }));
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: "run-1", input: JSON.stringify(input) }));
        for (let i = 0; i < 100; i++) {
            const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
            if (d.status !== "RUNNING") {
                const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
                return { status: d.status!, error: d.error, cause: d.cause, events: events ?? [], executionArn: executionArn! };
            }
            await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error("the execution did not finish");
    }

    /** The StartJobRun requests the execution made (what EMR Serverless would have been sent). */
    function jobRunRequests(e: Execution): any[] {
        return e.events.filter((ev) => ev.type === "TaskScheduled" && ev.taskScheduledEventDetails?.resourceType === "aws-sdk:emrserverless")
            .map((ev) => JSON.parse(ev.taskScheduledEventDetails!.parameters!));
    }

    it("loads both parameters, applies allowed overrides and starts the job run with the pinned role, application and log location", async () => {
        const e = await execute(f.nightly.definition, { overrides: { executors: 5, executorMemory: 12, timeout: 45.4 }, executionRoleArn: OTHER_ROLE, clientToken: "the-callers-own" });
        expect(jobRunRequests(e)).to.deep.equal([{
            ApplicationId: f.nightly.applicationId,
            ExecutionRoleArn: RUNTIME_ROLE,
            Name: "run-1",
            // The execution's own token, from its ARN (the caller's is ignored): the same on every retry of the task.
            ClientToken: createHash("sha256").update(e.executionArn).digest("hex"),
            ExecutionTimeoutMinutes: 45,
            JobDriver: { SparkSubmit: {
                EntryPoint: "s3://acme-resources/staging/jobs/nightly.py",
                EntryPointArguments: ["--date", "yesterday"],
                SparkSubmitParameters: "--conf spark.executor.cores=4 --conf spark.executor.memory=8g --conf spark.executor.instances=5 --conf spark.executor.memory=12g",
            } },
            ConfigurationOverrides: { MonitoringConfiguration: { S3MonitoringConfiguration: { LogUri: "s3://acme-resources/logs/analytics/default/" } } },
        }]);
    });

    it("threat 2: refuses to launch when the profile parameter was edited to name another role", async () => {
        const edited = f.documents.profile.replace(/role\/acme-job-runtime/, "role/acme-admin");
        expect(edited).not.to.equal(f.documents.profile);
        const e = await execute(f.nightly.definition, {}, { profile: edited });
        expect([e.status, e.error]).to.deep.equal(["FAILED", LAUNCH_ERRORS.profileModified]);
        expect(jobRunRequests(e)).to.deep.equal([]);
    });

    it("threat 2, defence in depth: even with the profile check bypassed, the job run gets the pinned role, not the edited one", async () => {
        const definition = JSON.parse(f.nightly.definition);
        definition.States.VerifyProfile.Default = "LoadConfiguration";
        const edited = f.documents.profile.replace(/role\/acme-job-runtime/, "role/acme-admin");
        const e = await execute(JSON.stringify(definition), {}, { profile: edited });
        expect(jobRunRequests(e).map((r) => r.ExecutionRoleArn)).to.deep.equal([RUNTIME_ROLE]);
    });

    const refused: [string, unknown, string][] = [
        // (Each execution costs moto about a second; the bounds of every override are checked structurally in definition.spec.ts.)
        ["a key that is not on the allow-list, next to an allowed one", { overrides: { executors: 2, "spark.driver.memory": 64 } }, LAUNCH_ERRORS.overrideNotAllowed],
        ["an allowed override whose value smuggles in more parameters", { overrides: { executors: "5 --conf spark.driver.memory=64g" } }, LAUNCH_ERRORS.overrideOutOfRange],
    ];
    for (const [what, input, error] of refused) {
        it(`refuses ${what}, before any job run`, async () => {
            const e = await execute(f.nightly.definition, input);
            expect([e.status, e.error]).to.deep.equal(["FAILED", error]);
            expect(jobRunRequests(e)).to.deep.equal([]);
        });
    }

    it("with a secret: neither the execution's input, history nor the job run a GetJobRun-only principal reads holds its value; the run holds the reference", async () => {
        const value = "metastore-password-0123456789";
        let secretArn = "";
        const e = await execute(f.adhoc.definition, {}, {
            launcher: "adhoc",
            before: async () => {
                secretArn = (await new SecretsManagerClient(moto.clientConfig()).send(new CreateSecretCommand({ Name: "analytics/metastore-password", SecretString: value }))).ARN!;
            },
        });
        expect(JSON.stringify(e.events)).not.to.contain(value);
        const [request] = jobRunRequests(e);
        // The fixture's secret ARN is the one compiled into the definition (moto's differs only in its suffix).
        expect(request.ConfigurationOverrides.ApplicationConfiguration).to.deep.equal([{ Classification: "spark-defaults", Properties: {
            "spark.emr-serverless.driverEnv.METASTORE_PASSWORD": `EMR.secret@${f.secretArn}`, "spark.executorEnv.METASTORE_PASSWORD": `EMR.secret@${f.secretArn}`,
        } }]);

        // The same request, sent to EMR Serverless (with moto's secret ARN), then read by a principal allowed GetJobRun only.
        const emr = new EMRServerlessClient(moto.clientConfig());
        const { applicationId } = await emr.send(new CreateApplicationCommand({ name: "adhoc", releaseLabel: "emr-7.5.0", type: "SPARK" }));
        const properties = JSON.parse(JSON.stringify(request.ConfigurationOverrides.ApplicationConfiguration[0].Properties).split(f.secretArn).join(secretArn));
        const { jobRunId } = await emr.send(new StartJobRunCommand({
            // (moto refuses a role of another account than its own: the fixture's role, in moto's account.)
            applicationId, executionRoleArn: request.ExecutionRoleArn.replace(/::\d{12}:/, `::${MOTO_ACCOUNT_ID}:`), name: request.Name,
            jobDriver: { sparkSubmit: { entryPoint: request.JobDriver.SparkSubmit.EntryPoint, sparkSubmitParameters: request.JobDriver.SparkSubmit.SparkSubmitParameters } },
            configurationOverrides: { applicationConfiguration: [{ classification: "spark-defaults", properties }] },
        }));
        const iam = new IAMClient(moto.clientConfig());
        await iam.send(new CreateUserCommand({ UserName: "job-run-reader" }));
        await iam.send(new PutUserPolicyCommand({ UserName: "job-run-reader", PolicyName: "get-job-run", PolicyDocument: JSON.stringify({
            Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "emr-serverless:GetJobRun", Resource: "*" }],
        }) }));
        const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "job-run-reader" }))).AccessKey!;
        await moto.enableIamEnforcement();
        try {
            const reader = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
            const { jobRun } = await new EMRServerlessClient(moto.clientConfig(reader)).send(new GetJobRunCommand({ applicationId, jobRunId }));
            const text = JSON.stringify(jobRun);
            expect(text).not.to.contain(value);
            expect(jobRun?.configurationOverrides?.applicationConfiguration?.[0]?.properties).to.deep.equal({
                "spark.emr-serverless.driverEnv.METASTORE_PASSWORD": `EMR.secret@${secretArn}`, "spark.executorEnv.METASTORE_PASSWORD": `EMR.secret@${secretArn}`,
            });
            // …and the reader cannot turn the reference into the value.
            const denied = await new SecretsManagerClient(moto.clientConfig(reader)).send(new GetSecretValueCommand({ SecretId: secretArn })).then(() => undefined, (err) => err);
            expect(denied?.$metadata?.httpStatusCode).to.equal(403);
        } finally {
            await moto.reset();
        }
    });
});
