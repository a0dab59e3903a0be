/**
 * The one place a StartJobRun request is built, for both launchers: `dataplane launch`/`launch()`
 * sends it through the AWS SDK ({@link startJobRunRequest}), the guarded launcher's state machine
 * through Step Functions' EMR Serverless integration ({@link statesParameters}, the same request in the
 * States Language's PascalCase, its values taken from the execution's data where a field is a
 * {@link JsonPath}). A field both must send is added here once.
 *
 * Shapes: "StartJobRun" (Amazon EMR Serverless API Reference): `applicationId`, `clientToken` and
 * `executionRoleArn` are required; `clientToken` is the idempotency token (1-64 of `[A-Za-z0-9._-]`);
 * `executionTimeoutMinutes` cancels a run that outlives it; `retryPolicy.maxAttempts` reruns a failed
 * BATCH job from the start (release 7.1.0 or later, "EMR Serverless Job resiliency");
 * `executionIamPolicy` narrows the run's permissions to its intersection with the execution role
 * ("Execution IAM policy", EMR Serverless User Guide) — a shared plane's tenant policy. Pure: no SDK.
 */
import type { ExecutionIamPolicy } from "../vocabulary/tenants";

/** A value the state machine takes from its data at run time (`"$.run.executionTimeoutMinutes"`, `"$$.Execution.Name"`). */
export interface JsonPath {
    readonly jsonPath: string;
}

export function jsonPath(path: string): JsonPath {
    return { jsonPath: path };
}

type Value<T> = T | JsonPath;

/** What a job run is: the same fields for both launchers. */
export interface JobRunInput {
    applicationId: Value<string>;
    /** The role the job runs as: the plane's runtime role, nothing else. */
    executionRoleArn: Value<string>;
    name: Value<string>;
    /** The idempotency token: the same for every retry of one launch, so a retried request starts no second run. */
    clientToken: Value<string>;
    executionTimeoutMinutes: Value<number>;
    /** The job driver: Spark (`sparkSubmit`) or Hive. */
    jobDriver: { sparkSubmit: { entryPoint: Value<string>; entryPointArguments?: Value<string[]>; sparkSubmitParameters: Value<string> } }
        | { hive: { query: Value<string>; parameters: Value<string> } };
    /** Where the run logs: the plane's bucket, `logs/` (and its key, for SSE-KMS). */
    logUri: Value<string>;
    logKmsKeyArn?: Value<string>;
    /** Spark properties for the run's `spark-defaults` (secret references, for instance). */
    sparkDefaults?: Record<string, string>;
    /** Reruns of a failed BATCH run; sent only above 1 (the service's default, no rerun). */
    maxAttempts?: Value<number>;
    /** The tenant's execution IAM policy (a shared plane with tenants): sent as given, never from execution data in a state machine. */
    executionIamPolicy?: ExecutionIamPolicy;
    tags?: Record<string, string>;
}

/** The request as the AWS SDK takes it (`StartJobRunCommandInput`'s fields), JSON paths left as they are. */
export function startJobRunRequest(run: JobRunInput): Record<string, unknown> {
    const monitoring: Record<string, unknown> = { logUri: run.logUri };
    if (run.logKmsKeyArn !== undefined) monitoring.encryptionKeyArn = run.logKmsKeyArn;
    const overrides: Record<string, unknown> = { monitoringConfiguration: { s3MonitoringConfiguration: monitoring } };
    if (run.sparkDefaults && Object.keys(run.sparkDefaults).length > 0) {
        overrides.applicationConfiguration = [{ classification: "spark-defaults", properties: { ...run.sparkDefaults } }];
    }
    const request: Record<string, unknown> = {
        applicationId: run.applicationId,
        executionRoleArn: run.executionRoleArn,
        name: run.name,
        clientToken: run.clientToken,
        executionTimeoutMinutes: run.executionTimeoutMinutes,
        jobDriver: run.jobDriver,
        configurationOverrides: overrides,
    };
    const attempts = run.maxAttempts;
    if (attempts !== undefined && (typeof attempts !== "number" || attempts > 1)) request.retryPolicy = { maxAttempts: attempts };
    if (run.executionIamPolicy !== undefined) {
        const { policy, policyArns } = run.executionIamPolicy;
        request.executionIamPolicy = { ...(policy !== undefined ? { policy } : {}), ...(policyArns?.length ? { policyArns: [...policyArns] } : {}) };
    }
    if (run.tags && Object.keys(run.tags).length > 0) request.tags = { ...run.tags };
    return request;
}

/** Maps whose keys are data (Spark properties, tags), kept as they are rather than PascalCased. */
const DATA_MAPS = new Set(["properties", "tags"]);

/**
 * A request of {@link startJobRunRequest} as a Task state's `Parameters` for Step Functions' EMR
 * Serverless integration: field names in PascalCase (`ApplicationId`, `ClientToken`, …), a
 * {@link JsonPath} value as `"<Name>.$": "<path>"`.
 */
export function statesParameters(request: Record<string, unknown>): Record<string, unknown> {
    const convert = (value: unknown, keepKeys: boolean): unknown => {
        if (Array.isArray(value)) return value.map((v) => convert(v, false));
        if (value === null || typeof value !== "object") return value;
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            const name = keepKeys ? key : key[0].toUpperCase() + key.slice(1);
            if (v !== null && typeof v === "object" && "jsonPath" in v) out[`${name}.$`] = (v as JsonPath).jsonPath;
            else out[name] = convert(v, !keepKeys && DATA_MAPS.has(key));
        }
        return out;
    };
    return convert(request, false) as Record<string, unknown>;
}
