/**
 * The launchers' real state machine definitions executed by moto's Step Functions interpreter
 * against real SSM parameters, and the secrets launcher's shipped code against moto's Secrets
 * Manager and EMR Serverless.
 *
 * moto cannot run the `emr-serverless:startJobRun.sync` integration, so for execution the
 * StartJobRun task's Resource (only) is pointed at the AWS SDK integration; moto then records the
 * exact request in the execution history (TaskScheduled) before failing to reach EMR Serverless.
 * moto fails the second execution in an account/region until reset, so each test starts afresh.
 */
import { expect } from "chai";
import * as emrServerless from "@aws-sdk/client-emr-serverless";
import * as secretsManager from "@aws-sdk/client-secrets-manager";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { CreateApplicationCommand, EMRServerlessClient, GetJobRunCommand } from "@aws-sdk/client-emr-serverless";
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, HistoryEvent, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { LAUNCH_ERRORS, secretsLauncherEnvironment } from "../../components/guardedLaunch";
import { MOTO_ACCOUNT_ID, Moto } from "../helpers/moto";
import { Fixture, OTHER_ROLE, RUNTIME_ROLE, launchFixture } from "../helpers/guardedLaunch";
import { loadSecretsLauncher } from "../helpers/secretsLauncher";

const REGION = "us-east-1";

interface Execution { status: string; error?: string; cause?: string; events: HistoryEvent[] }

describe("guarded launch against moto", function () {
    this.timeout(60000);
    let moto: Moto;
    let f: Fixture;
    before(async () => {
        [moto, f] = await Promise.all([Moto.start(), launchFixture({ accountId: MOTO_ACCOUNT_ID, region: REGION })]);
    });
    after(async () => {
        await moto?.stop();
    });

    /** Fresh moto; the catalog as deployed (or with `profile` instead); runs `definition` once with `input`. */
    async function execute(definition: string, input: unknown, opts: { profile?: string } = {}): Promise<Execution> {
        await moto.reset();
        await moto.configure({ stepfunctions: { execute_state_machine: true } });
        const ssm = new SSMClient(moto.clientConfig());
        await ssm.send(new PutParameterCommand({ Name: "/emr-dataplane/profiles/analytics/default", Type: "String", Value: opts.profile ?? f.documents.profile }));
        await ssm.send(new PutParameterCommand({ Name: "/emr-dataplane/configurations/analytics/nightly", Type: "String", Value: f.documents.nightly }));
        const sfn = new SFNClient(moto.clientConfig());
        const runnable = definition.replace("arn:aws:states:::emr-serverless:startJobRun.sync", "arn:aws:states:::aws-sdk:emrserverless:startJobRun");
        const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: f.nightly.stateMachineName, definition: runnable, roleArn: f.nightly.roleArn }));
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: "run-1", input: JSON.stringify(input) }));
        for (let i = 0; i < 100; i++) {
            const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
            if (d.status !== "RUNNING") {
                const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
                return { status: d.status!, error: d.error, cause: d.cause, events: events ?? [] };
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
        const e = await execute(f.nightly.definition, { overrides: { executors: 5, executorMemory: 12, timeout: 45.4 }, executionRoleArn: OTHER_ROLE });
        expect(jobRunRequests(e)).to.deep.equal([{
            ApplicationId: f.nightly.applicationId,
            ExecutionRoleArn: RUNTIME_ROLE,
            Name: "run-1",
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

    it("the secrets launcher's code resolves the secret and starts the job run on EMR Serverless, returning nothing secret", async () => {
        await moto.reset();
        const config = moto.clientConfig();
        const value = "metastore-password-0123456789";
        const { ARN } = await new secretsManager.SecretsManagerClient(config).send(new CreateSecretCommand({ Name: "analytics/metastore-password", SecretString: value }));
        const emr = new EMRServerlessClient(config);
        const { applicationId } = await emr.send(new CreateApplicationCommand({ name: "adhoc", releaseLabel: "emr-7.5.0", type: "SPARK" }));
        const runtimeRole = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/acme-job-runtime`;
        // The SDK modules the Lambda runtime would provide, with every client pointed at moto.
        const withMoto = <T extends new (...args: any[]) => object>(Client: T) => class extends Client { constructor(...args: any[]) { super({ ...args[0], ...config }); } };
        const handler = loadSecretsLauncher(
            secretsLauncherEnvironment({ applicationId: applicationId!, executionRoleArn: runtimeRole, logUri: "s3://acme-resources/logs/", secrets: { METASTORE_PASSWORD: ARN! } }),
            {
                "@aws-sdk/client-secrets-manager": { ...secretsManager, SecretsManagerClient: withMoto(secretsManager.SecretsManagerClient) },
                "@aws-sdk/client-emr-serverless": { ...emrServerless, EMRServerlessClient: withMoto(emrServerless.EMRServerlessClient) },
            },
        );
        const started = await handler({ action: "start", executionId: "exec-1", name: "run-1", entryPoint: "s3://acme-resources/staging/jobs/adhoc.py",
            entryPointArguments: [], submitParameters: "--conf spark.executor.cores=2", executionTimeoutMinutes: 60 });
        expect(Object.keys(started).sort()).to.deep.equal(["applicationId", "arn", "jobRunId"]);
        expect(JSON.stringify(started)).not.to.contain(value);

        // moto's GetJobRun leaves out the execution role; the request's role is checked with fakes in secretsLauncher.spec.ts.
        const { jobRun } = await emr.send(new GetJobRunCommand({ applicationId, jobRunId: started.jobRunId as string }));
        expect(jobRun?.jobDriver?.sparkSubmit?.entryPoint).to.equal("s3://acme-resources/staging/jobs/adhoc.py");
        expect(jobRun?.configurationOverrides?.applicationConfiguration?.[0]?.properties).to.deep.equal({
            "spark.emr-serverless.driverEnv.METASTORE_PASSWORD": value, "spark.executorEnv.METASTORE_PASSWORD": value,
        });
        const status = await handler({ action: "status", jobRunId: started.jobRunId });
        expect(status).to.deep.equal({ jobRunId: started.jobRunId, state: "SUCCESS", stateDetails: "" });
    });
});
