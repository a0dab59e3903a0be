import { expect } from "chai";
import { secretsLauncherEnvironment } from "../../components/guardedLaunch";
import { OTHER_ROLE, RUNTIME_ROLE } from "../helpers/guardedLaunch";
import { Handler, loadSecretsLauncher } from "../helpers/secretsLauncher";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:444455556666:secret:analytics/metastore-password-AbC123";
const SECRET_VALUE = "s3cr3t value with spaces";
const ENV = secretsLauncherEnvironment({
    applicationId: "00abcdef01234567", executionRoleArn: RUNTIME_ROLE, logUri: "s3://acme-resources/logs/analytics/default/",
    secrets: { METASTORE_PASSWORD: SECRET_ARN },
});
const EVENT = {
    action: "start", executionId: "arn:aws:states:eu-west-1:444455556666:execution:launch_analytics_default_adhoc:run-1", name: "run-1",
    entryPoint: "s3://acme-resources/staging/jobs/adhoc.py", entryPointArguments: [], submitParameters: "--conf spark.executor.cores=2", executionTimeoutMinutes: 720,
};

/** Fake SDK clients that record what they were sent. */
function fakes(opts: { secret?: string; startError?: Error } = {}) {
    const sent: { command: string; input: any }[] = [];
    const command = (name: string) => class { constructor(public readonly input: unknown) { sent.push({ command: name, input }); } };
    const client = (answer: (name: string, input: any) => unknown) => class {
        async send(cmd: { input: unknown; constructor: { name: string } }) {
            const entry = sent.find((s) => s.input === cmd.input)!;
            return answer(entry.command, entry.input);
        }
    };
    const modules = {
        "@aws-sdk/client-secrets-manager": {
            GetSecretValueCommand: command("GetSecretValue"),
            SecretsManagerClient: client(() => ({ SecretString: opts.secret ?? SECRET_VALUE })),
        },
        "@aws-sdk/client-emr-serverless": {
            StartJobRunCommand: command("StartJobRun"),
            GetJobRunCommand: command("GetJobRun"),
            EMRServerlessClient: client((name, input) => {
                if (name === "StartJobRun") {
                    if (opts.startError) throw opts.startError;
                    return { applicationId: input.applicationId, jobRunId: "jr-1", arn: "arn:…/jobruns/jr-1", $metadata: {} };
                }
                return { jobRun: { jobRunId: input.jobRunId, state: "RUNNING", stateDetails: "", configurationOverrides: { applicationConfiguration: [{ properties: { x: SECRET_VALUE } }] } } };
            }),
        },
    };
    return { modules, sent };
}

describe("the secrets launcher Lambda (its shipped source, in-process)", () => {
    let sent: { command: string; input: any }[];
    let handler: Handler;
    beforeEach(() => {
        const f = fakes();
        sent = f.sent;
        handler = loadSecretsLauncher(ENV, f.modules);
    });

    it("reads the configured secret and starts the job run with the pinned application, role and log location", async () => {
        await handler({ ...EVENT, applicationId: "00attacker000000", executionRoleArn: OTHER_ROLE });
        expect(sent.map((s) => s.command)).to.deep.equal(["GetSecretValue", "StartJobRun"]);
        expect(sent[0].input).to.deep.equal({ SecretId: SECRET_ARN });
        const start = sent[1].input;
        expect([start.applicationId, start.executionRoleArn]).to.deep.equal(["00abcdef01234567", RUNTIME_ROLE]);
        expect(start.jobDriver).to.deep.equal({ sparkSubmit: { entryPoint: EVENT.entryPoint, entryPointArguments: [], sparkSubmitParameters: EVENT.submitParameters } });
        expect(start.configurationOverrides).to.deep.equal({
            applicationConfiguration: [{ classification: "spark-defaults", properties: {
                "spark.emr-serverless.driverEnv.METASTORE_PASSWORD": SECRET_VALUE, "spark.executorEnv.METASTORE_PASSWORD": SECRET_VALUE,
            } }],
            monitoringConfiguration: { s3MonitoringConfiguration: { logUri: "s3://acme-resources/logs/analytics/default/" } },
        });
    });

    it("returns ids only, nothing secret", async () => {
        const out = await handler(EVENT);
        expect(out).to.deep.equal({ applicationId: "00abcdef01234567", jobRunId: "jr-1", arn: "arn:…/jobruns/jr-1" });
    });

    it("starts one job run per execution: the client token is derived from the execution id (max 64 characters)", async () => {
        await handler(EVENT);
        await handler(EVENT);
        await handler({ ...EVENT, executionId: `${EVENT.executionId}-2` });
        const tokens = sent.filter((s) => s.command === "StartJobRun").map((s) => s.input.clientToken);
        expect(tokens[0]).to.match(/^[0-9a-f]{64}$/);
        expect(tokens[1]).to.equal(tokens[0]);
        expect(tokens[2]).not.to.equal(tokens[0]);
    });

    it("reports a job run's state and details only, not GetJobRun's full answer (which holds the secret)", async () => {
        const out = await handler({ action: "status", jobRunId: "jr-1" });
        expect(out).to.deep.equal({ jobRunId: "jr-1", state: "RUNNING", stateDetails: "" });
        expect(sent[0].input).to.deep.equal({ applicationId: "00abcdef01234567", jobRunId: "jr-1" });
    });

    it("masks the secret in an error before it leaves the function (Step Functions records errors in the history)", async () => {
        const echoed = Object.assign(new Error(`Value '${SECRET_VALUE}' at 'configurationOverrides' failed to satisfy constraint`), { name: "ValidationException" });
        const leaky = loadSecretsLauncher(ENV, fakes({ startError: echoed }).modules);
        const err = await leaky(EVENT).then(() => undefined, (e: Error) => e);
        expect(err?.name).to.equal("ValidationException");
        expect(err?.message).to.equal("Value '***' at 'configurationOverrides' failed to satisfy constraint");
    });

    it("refuses a secret longer than EMR Serverless accepts, without printing it", async () => {
        const long = "x".repeat(1025);
        const h = loadSecretsLauncher(ENV, fakes({ secret: long }).modules);
        const err = await h(EVENT).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.equal("secret METASTORE_PASSWORD is longer than 1024 characters");
    });

    it("refuses an unknown action, and runs only with its pinned environment", async () => {
        const err = await handler({ action: "delete" }).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.equal('unknown action "delete": expected "start" or "status"');
        const { LAUNCHER_EXECUTION_ROLE_ARN: _role, ...withoutRole } = ENV;
        const unpinned = loadSecretsLauncher(withoutRole, fakes().modules);
        const missing = await unpinned(EVENT).then(() => undefined, (e: Error) => e);
        expect(missing?.message).to.equal("launcher misconfigured: environment variable LAUNCHER_EXECUTION_ROLE_ARN is not set");
    });
});
