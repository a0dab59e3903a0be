/**
 * Source of the secrets launcher Lambda (Node.js 22, CommonJS, AWS SDK v3 from the Lambda
 * runtime), shipped inline as `index.js`. Kept as text so the deployed code is exactly what the
 * tests load and run (test/guardedLaunch/secretsLauncher.spec.ts, with fakes and against moto).
 *
 * It is the only principal allowed to read the configuration's secrets. Everything that matters
 * for safety comes from its environment, fixed at deploy time — the application, the runtime role,
 * the log location and key, the secret ARNs — never from the event. It returns ids and states only;
 * an error message that could contain a secret value is redacted before it leaves the function
 * (the state machine records it in its execution history).
 *
 *   { action: "start", executionId, name, entryPoint, entryPointArguments, submitParameters, executionTimeoutMinutes }
 *     → { applicationId, jobRunId, arn }
 *   { action: "status", jobRunId } → { jobRunId, state, stateDetails }
 *
 * Secrets reach the job as environment variables of the Spark driver and executors
 * (`spark.emr-serverless.driverEnv.<NAME>`, `spark.executorEnv.<NAME>` in `spark-defaults`).
 */

/** The Lambda's environment variables (all set by GuardedLauncher). */
export const SECRETS_LAUNCHER_ENV = {
    applicationId: "LAUNCHER_APPLICATION_ID",
    executionRoleArn: "LAUNCHER_EXECUTION_ROLE_ARN",
    logUri: "LAUNCHER_LOG_URI",
    logKmsKeyArn: "LAUNCHER_LOG_KMS_KEY_ARN",
    /** JSON object: environment variable name → secret ARN. */
    secrets: "LAUNCHER_SECRETS",
} as const;

/** The Lambda's environment: everything it acts with, pinned at deploy time. */
export function secretsLauncherEnvironment(p: {
    applicationId: string; executionRoleArn: string; logUri: string; logKmsKeyArn?: string; secrets: Record<string, string>;
}): Record<string, string> {
    return {
        [SECRETS_LAUNCHER_ENV.applicationId]: p.applicationId,
        [SECRETS_LAUNCHER_ENV.executionRoleArn]: p.executionRoleArn,
        [SECRETS_LAUNCHER_ENV.logUri]: p.logUri,
        ...(p.logKmsKeyArn ? { [SECRETS_LAUNCHER_ENV.logKmsKeyArn]: p.logKmsKeyArn } : {}),
        [SECRETS_LAUNCHER_ENV.secrets]: JSON.stringify(p.secrets),
    };
}

const E = SECRETS_LAUNCHER_ENV;

export const SECRETS_LAUNCHER_SOURCE = `"use strict";
const crypto = require("crypto");
const { SecretsManagerClient, GetSecretValueCommand } = require("@aws-sdk/client-secrets-manager");
const { EMRServerlessClient, StartJobRunCommand, GetJobRunCommand } = require("@aws-sdk/client-emr-serverless");

const secretsManager = new SecretsManagerClient({});
const emrServerless = new EMRServerlessClient({});

// EMR Serverless accepts configuration values of at most 1024 characters.
const MAX_VALUE_LENGTH = 1024;

function pinned() {
    const need = (name) => {
        const value = process.env[name];
        if (!value) throw new Error("launcher misconfigured: environment variable " + name + " is not set");
        return value;
    };
    return {
        applicationId: need("${E.applicationId}"),
        executionRoleArn: need("${E.executionRoleArn}"),
        logUri: need("${E.logUri}"),
        logKmsKeyArn: process.env["${E.logKmsKeyArn}"] || undefined,
        secrets: JSON.parse(need("${E.secrets}")),
    };
}

/** An error that carries nothing secret: its type and a message with every secret value masked. */
function redacted(err, values) {
    let message = String((err && err.message) || err);
    for (const value of values) if (value) message = message.split(value).join("***");
    const safe = new Error(message);
    safe.name = (err && err.name) || "Error";
    return safe;
}

async function start(event) {
    const p = pinned();
    const values = [];
    const properties = {};
    for (const [name, arn] of Object.entries(p.secrets)) {
        const out = await secretsManager.send(new GetSecretValueCommand({ SecretId: arn }));
        if (typeof out.SecretString !== "string") throw new Error("secret " + name + " has no string value");
        if (out.SecretString.length > MAX_VALUE_LENGTH) throw new Error("secret " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
        values.push(out.SecretString);
        properties["spark.emr-serverless.driverEnv." + name] = out.SecretString;
        properties["spark.executorEnv." + name] = out.SecretString;
    }
    const monitoring = { s3MonitoringConfiguration: { logUri: p.logUri } };
    if (p.logKmsKeyArn) monitoring.s3MonitoringConfiguration.encryptionKeyArn = p.logKmsKeyArn;
    try {
        const out = await emrServerless.send(new StartJobRunCommand({
            applicationId: p.applicationId,
            executionRoleArn: p.executionRoleArn,
            // One job run per execution, also when Step Functions retries this call.
            clientToken: crypto.createHash("sha256").update(String(event.executionId)).digest("hex").slice(0, 64),
            name: event.name,
            executionTimeoutMinutes: event.executionTimeoutMinutes,
            jobDriver: { sparkSubmit: { entryPoint: event.entryPoint, entryPointArguments: event.entryPointArguments, sparkSubmitParameters: event.submitParameters } },
            configurationOverrides: {
                applicationConfiguration: [{ classification: "spark-defaults", properties }],
                monitoringConfiguration: monitoring,
            },
        }));
        return { applicationId: out.applicationId, jobRunId: out.jobRunId, arn: out.arn };
    } catch (err) {
        throw redacted(err, values);
    }
}

async function status(event) {
    const out = await emrServerless.send(new GetJobRunCommand({ applicationId: pinned().applicationId, jobRunId: event.jobRunId }));
    return { jobRunId: out.jobRun.jobRunId, state: out.jobRun.state, stateDetails: out.jobRun.stateDetails || "" };
}

exports.handler = async (event) => {
    if (event && event.action === "start") return start(event);
    if (event && event.action === "status") return status(event);
    throw new Error("unknown action " + JSON.stringify(event && event.action) + ": expected \\"start\\" or \\"status\\"");
};
`;
