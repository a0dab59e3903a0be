/**
 * The Amazon States Language definition of a guarded launcher, as a pure function of values fixed
 * at deploy time. Flow (JSONPath, no Lambda unless the configuration has secrets):
 *
 *   ReadInput → (TakeOverrides | NoOverrides) → LoadProfile → VerifyProfile ─(edited)→ ProfileModified
 *     → LoadConfiguration → PrepareJobRun → CountOverrides → CheckOverride_<name>… → AllOverridesAllowed
 *     → StartJobRun (.sync) → LaunchSucceeded                          (without secrets)
 *     → StartJobRunWithSecrets → WaitForJobRun ⇄ GetJobRunState → JobRunDone → LaunchSucceeded   (with secrets)
 *
 * Pinned here, never read from a parameter or from the caller: the runtime role, the application,
 * the log location and key. The profile parameter is compared byte for byte with the text deployed
 * and a launch is refused if it was edited. The configuration parameter supplies the job (entry
 * point, arguments, submit parameters, timeout). Caller overrides are accepted only for names on
 * the allow-list, as numbers within their bounds; any other key fails the launch. Secrets never
 * appear: the secrets launcher Lambda reads them and starts the job run itself, and returns only ids.
 */
import { ApplicationType, OverrideRule } from "./catalog";

export type StateType = "Task" | "Pass" | "Choice" | "Wait" | "Succeed" | "Fail";
export type State = { Type: StateType; Comment?: string } & Record<string, unknown>;

export interface StateMachineDefinition {
    Comment: string;
    StartAt: string;
    States: Record<string, State>;
}

export interface LauncherDefinitionInput {
    /** `<namespace>/<profile> + <namespace>/<configuration>`, for the comment. */
    title: string;
    profileParameterName: string;
    /** The exact text deployed into the profile parameter. */
    profileDocumentJson: string;
    configurationParameterName: string;
    applicationId: string;
    applicationType: ApplicationType;
    runtimeRoleArn: string;
    logUri: string;
    kmsKeyArn?: string;
    allowedOverrides: Record<string, OverrideRule>;
    /** With secrets: the secrets launcher Lambda that starts the job run. */
    secretsFunctionArn?: string;
    /** Seconds between job-run state checks (secrets launcher only). Defaults to 30. */
    pollSeconds?: number;
}

/** Errors a launch can end with (the `Error` of the failed execution). */
export const LAUNCH_ERRORS = {
    profileModified: "Launcher.ProfileModified",
    overrideNotAllowed: "Launcher.OverrideNotAllowed",
    overrideOutOfRange: "Launcher.OverrideOutOfRange",
    jobRunFailed: "Launcher.JobRunFailed",
} as const;

const LAMBDA_RETRY = [{
    ErrorEquals: ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
    IntervalSeconds: 2,
    MaxAttempts: 3,
    BackoffRate: 2,
}];
const CATCH_ALL = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "LaunchFailed" }];

/** The state machine definition of one launcher. */
export function launcherDefinition(input: LauncherDefinitionInput): StateMachineDefinition {
    const start = input.secretsFunctionArn === undefined ? "StartJobRun" : "StartJobRunWithSecrets";
    const states: Record<string, State> = {
        ReadInput: {
            Type: "Choice",
            Comment: "Keep only the caller's overrides; nothing else in the input is read.",
            Choices: [{ Variable: "$.overrides", IsPresent: true, Next: "TakeOverrides" }],
            Default: "NoOverrides",
        },
        TakeOverrides: { Type: "Pass", Parameters: { "overrides.$": "$.overrides" }, Next: "LoadProfile" },
        NoOverrides: { Type: "Pass", Parameters: { overrides: {} }, Next: "LoadProfile" },
        LoadProfile: loadParameter(input.profileParameterName, { "value.$": "$.Parameter.Value" }, "$.profile", "VerifyProfile"),
        VerifyProfile: {
            Type: "Choice",
            Comment: "The profile must be exactly what was deployed: its role, network and log location are pinned here.",
            Choices: [{ Variable: "$.profile.value", StringEquals: input.profileDocumentJson, Next: "LoadConfiguration" }],
            Default: "ProfileModified",
        },
        ProfileModified: {
            Type: "Fail",
            Error: LAUNCH_ERRORS.profileModified,
            Cause: `The profile parameter ${input.profileParameterName} was edited after deployment; the launcher refuses to launch until 'pulumi up' restores it.`,
        },
        LoadConfiguration: loadParameter(input.configurationParameterName, { "document.$": "States.StringToJson($.Parameter.Value)" }, "$.configuration", "PrepareJobRun"),
        PrepareJobRun: {
            Type: "Pass",
            Parameters: {
                "submitParameters.$": "$.configuration.document.job.submitParameters",
                "executionTimeoutMinutes.$": "$.configuration.document.job.executionTimeoutMinutes",
                applied: 0,
            },
            ResultPath: "$.run",
            Next: "CountOverrides",
        },
        CountOverrides: {
            Type: "Pass",
            Comment: "Number of keys the caller sent: one ':' per key (keys and values that contain ':' only raise the count, so they fail the check).",
            Parameters: { "keys.$": "States.MathAdd(States.ArrayLength(States.StringSplit(States.JsonToString($.overrides), ':')), -1)" },
            ResultPath: "$.overrideCount",
            Next: "",
        },
        ...overrideStates(input, "AllOverridesAllowed"),
        AllOverridesAllowed: {
            Type: "Choice",
            Comment: "Every key the caller sent must have been an allowed override.",
            Choices: [{ Variable: "$.overrideCount.keys", NumericEqualsPath: "$.run.applied", Next: start }],
            Default: "OverrideNotAllowed",
        },
        OverrideNotAllowed: {
            Type: "Fail",
            Error: LAUNCH_ERRORS.overrideNotAllowed,
            Cause: `"overrides" may only contain ${allowedText(input.allowedOverrides)}.`,
        },
        ...(input.secretsFunctionArn === undefined ? syncJobRunStates(input) : secretsJobRunStates(input, input.secretsFunctionArn)),
        LaunchSucceeded: { Type: "Succeed", OutputPath: "$.jobRun" },
        LaunchFailed: { Type: "Fail", ErrorPath: "$.failure.Error", CausePath: "$.failure.Cause" },
    };
    const checks = Object.keys(input.allowedOverrides);
    states.CountOverrides.Next = checks.length > 0 ? checkStateName(checks[0]) : "AllOverridesAllowed";
    if (checks.length > 0) {
        // Only reachable from the checks (ASL refuses unreachable states).
        states.OverrideOutOfRange = {
            Type: "Fail",
            Error: LAUNCH_ERRORS.overrideOutOfRange,
            Cause: `Overrides must be numbers within their bounds: ${allowedText(input.allowedOverrides)}.`,
        };
    }
    return {
        Comment: `Guarded launcher for ${input.title} (emr-serverless-dataplane). Pinned at deploy time: runtime role ${input.runtimeRoleArn}, application ${input.applicationId}, logs ${input.logUri}.`,
        StartAt: "ReadInput",
        States: states,
    };
}

function loadParameter(name: string, selector: Record<string, string>, resultPath: string, next: string): State {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:ssm:getParameter",
        Parameters: { Name: name },
        ResultSelector: selector,
        ResultPath: resultPath,
        Catch: CATCH_ALL,
        Next: next,
    };
}

export function checkStateName(override: string): string {
    return `CheckOverride_${override}`;
}

function allowedText(allowed: Record<string, OverrideRule>): string {
    const names = Object.entries(allowed).map(([name, r]) => `${name} (${r.min} to ${r.max})`);
    return names.length === 0 ? "nothing: this launcher allows no overrides" : names.join(", ");
}

/** One Choice (absent → skip; a number within bounds → apply; else fail) and one Pass per allowed override. */
function overrideStates(input: LauncherDefinitionInput, after: string): Record<string, State> {
    const names = Object.keys(input.allowedOverrides);
    const states: Record<string, State> = {};
    names.forEach((name, i) => {
        const rule = input.allowedOverrides[name];
        const next = i + 1 < names.length ? checkStateName(names[i + 1]) : after;
        const path = `$.overrides.${name}`;
        states[checkStateName(name)] = {
            Type: "Choice",
            Choices: [
                { Not: { Variable: path, IsPresent: true }, Next: next },
                {
                    And: [
                        { Variable: path, IsNumeric: true },
                        { Variable: path, NumericGreaterThanEquals: rule.min },
                        { Variable: path, NumericLessThanEquals: rule.max },
                    ],
                    Next: `ApplyOverride_${name}`,
                },
            ],
            Default: "OverrideOutOfRange",
        };
        states[`ApplyOverride_${name}`] = { Type: "Pass", Parameters: applyOverride(input.applicationType, rule, path), ResultPath: "$.run", Next: next };
    });
    return states;
}

/** The new `$.run`: the override appended to the submit parameters (the last value wins), or the new timeout. */
function applyOverride(type: ApplicationType, rule: OverrideRule, path: string): Record<string, unknown> {
    const applied = { "applied.$": "States.MathAdd($.run.applied, 1)" };
    if (rule.sets === "executionTimeoutMinutes") {
        // MathAdd rounds to a whole number, which is what StartJobRun accepts.
        return { "submitParameters.$": "$.run.submitParameters", "executionTimeoutMinutes.$": `States.MathAdd(${path}, 0)`, ...applied };
    }
    const flag = type === "SPARK" ? "--conf" : "--hiveconf";
    return {
        "submitParameters.$": `States.Format('{} ${flag} ${rule.sets}={}${rule.unit ?? ""}', $.run.submitParameters, ${path})`,
        "executionTimeoutMinutes.$": "$.run.executionTimeoutMinutes",
        ...applied,
    };
}

function jobDriver(type: ApplicationType): Record<string, unknown> {
    const job = "$.configuration.document.job";
    return type === "SPARK"
        ? { SparkSubmit: { "EntryPoint.$": `${job}.entryPoint`, "EntryPointArguments.$": `${job}.entryPointArguments`, "SparkSubmitParameters.$": "$.run.submitParameters" } }
        : { Hive: { "Query.$": `${job}.entryPoint`, "Parameters.$": "$.run.submitParameters" } };
}

function syncJobRunStates(input: LauncherDefinitionInput): Record<string, State> {
    const monitoring: Record<string, string> = { LogUri: input.logUri };
    if (input.kmsKeyArn !== undefined) monitoring.EncryptionKeyArn = input.kmsKeyArn;
    return {
        StartJobRun: {
            Type: "Task",
            Comment: "Runs the job and waits for it. Role, application and log location are literals fixed at deploy time.",
            Resource: "arn:aws:states:::emr-serverless:startJobRun.sync",
            Parameters: {
                ApplicationId: input.applicationId,
                ExecutionRoleArn: input.runtimeRoleArn,
                "Name.$": "$$.Execution.Name",
                "ExecutionTimeoutMinutes.$": "$.run.executionTimeoutMinutes",
                JobDriver: jobDriver(input.applicationType),
                ConfigurationOverrides: { MonitoringConfiguration: { S3MonitoringConfiguration: monitoring } },
            },
            ResultPath: "$.jobRun",
            Catch: CATCH_ALL,
            Next: "LaunchSucceeded",
        },
    };
}

function secretsJobRunStates(input: LauncherDefinitionInput, functionArn: string): Record<string, State> {
    const job = "$.configuration.document.job";
    return {
        StartJobRunWithSecrets: {
            Type: "Task",
            Comment: "The secrets launcher reads the secrets and starts the job run with its own pinned role; it returns only ids.",
            Resource: "arn:aws:states:::lambda:invoke",
            Parameters: {
                FunctionName: functionArn,
                Payload: {
                    action: "start",
                    "executionId.$": "$$.Execution.Id",
                    "name.$": "$$.Execution.Name",
                    "entryPoint.$": `${job}.entryPoint`,
                    "entryPointArguments.$": `${job}.entryPointArguments`,
                    "submitParameters.$": "$.run.submitParameters",
                    "executionTimeoutMinutes.$": "$.run.executionTimeoutMinutes",
                },
            },
            ResultSelector: { "jobRunId.$": "$.Payload.jobRunId", "arn.$": "$.Payload.arn" },
            ResultPath: "$.jobRun",
            Retry: LAMBDA_RETRY,
            Catch: CATCH_ALL,
            Next: "WaitForJobRun",
        },
        WaitForJobRun: { Type: "Wait", Seconds: input.pollSeconds ?? 30, Next: "GetJobRunState" },
        GetJobRunState: {
            Type: "Task",
            Comment: "The job run's state only (GetJobRun's full answer holds the secrets, so the Lambda asks for it).",
            Resource: "arn:aws:states:::lambda:invoke",
            Parameters: { FunctionName: functionArn, Payload: { action: "status", "jobRunId.$": "$.jobRun.jobRunId" } },
            ResultSelector: { "state.$": "$.Payload.state", "stateDetails.$": "$.Payload.stateDetails" },
            ResultPath: "$.jobRun.status",
            Retry: LAMBDA_RETRY,
            Catch: CATCH_ALL,
            Next: "JobRunDone",
        },
        JobRunDone: {
            Type: "Choice",
            Choices: [
                { Variable: "$.jobRun.status.state", StringEquals: "SUCCESS", Next: "LaunchSucceeded" },
                {
                    Or: [
                        { Variable: "$.jobRun.status.state", StringEquals: "FAILED" },
                        { Variable: "$.jobRun.status.state", StringEquals: "CANCELLED" },
                    ],
                    Next: "JobRunFailed",
                },
            ],
            Default: "WaitForJobRun",
        },
        JobRunFailed: { Type: "Fail", Error: LAUNCH_ERRORS.jobRunFailed, CausePath: "$.jobRun.status.stateDetails" },
    };
}
