/**
 * The Amazon States Language definition of a guarded launcher, as a pure function of values fixed
 * at deploy time. Flow (JSONPath, no Lambda unless the configuration has secrets):
 *
 *   ReadInput → (TakeOverrides | NoOverrides) → LoadProfile → VerifyProfile ─(edited)→ ProfileModified
 *     → LoadConfiguration → PrepareJobRun → CountOverrides → CheckOverride_<name>… → AllOverridesAllowed
 *     → StartJobRun (.sync) → LaunchSucceeded
 *
 * Pinned here, never read from a parameter or from the caller: the runtime role, the application,
 * the log location and key. The profile parameter is compared byte for byte with the text deployed
 * and a launch is refused if it was edited. The configuration parameter supplies the job (entry
 * point, arguments, submit parameters, timeout). Caller overrides are accepted only for names on
 * the allow-list, as numbers within their bounds; any other key fails the launch. Secret *values*
 * never appear: the job run's Spark configuration holds references (`EMR.secret@<secret ARN>`) that
 * EMR Serverless resolves when it sends the configuration to the job's workers ("Secrets Manager
 * for data protection with EMR Serverless", EMR Serverless user guide), so neither the definition,
 * the execution history nor GetJobRun shows a value. The `.sync` integration waits for the run
 * ("Create and manage Amazon EMR Serverless applications with Step Functions", Step Functions
 * developer guide): no polling loop, so a long job cannot outgrow the 25,000-event history.
 */
import { ApplicationType, OverrideRule } from "./catalog";
import { JobRunInput, jsonPath, startJobRunRequest, statesParameters } from "../../launcher/startJobRun";
import type { ExecutionIamPolicy } from "../../vocabulary/tenants";

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
    /** Secrets the job needs: environment variable name → secret ARN. Defaults to none. */
    secretArns?: Record<string, string>;
    /** Attempts of a failed BATCH run (StartJobRun `retryPolicy.maxAttempts`, release 7.1.0 or later). Defaults to 1: no rerun. */
    maxAttempts?: number;
    /** On a shared plane with tenants: the profile's tenant … */
    tenantId?: string;
    /** … and its execution IAM policy, written into the StartJobRun task as a literal: no caller can drop or widen it. Defaults to none. */
    executionIamPolicy?: ExecutionIamPolicy;
}

/**
 * The job run's idempotency token, derived once per execution from its ARN (`$$.Execution.Id`): the
 * same on every retry or redrive of the execution's StartJobRun, so none starts a second run. Not
 * `States.UUID()`: Parameters are evaluated again on every attempt. SHA-256 in hex is 64 characters,
 * the most a ClientToken takes ("StartJobRun", API Reference).
 */
export const CLIENT_TOKEN_EXPRESSION = "States.Hash($$.Execution.Id, 'SHA-256')";

/** The annotation that makes EMR Serverless resolve a configuration value from Secrets Manager at run time. */
export const SECRET_REFERENCE_PREFIX = "EMR.secret@";

/**
 * Spark properties that give the driver and the executors each secret as an environment variable,
 * by reference: `EMR.secret@<secret ARN>`, resolved by EMR Serverless when the job runs.
 */
export function secretReferenceProperties(secretArns: Record<string, string>): Record<string, string> {
    const properties: Record<string, string> = {};
    for (const [name, arn] of Object.entries(secretArns)) {
        properties[`spark.emr-serverless.driverEnv.${name}`] = `${SECRET_REFERENCE_PREFIX}${arn}`;
        properties[`spark.executorEnv.${name}`] = `${SECRET_REFERENCE_PREFIX}${arn}`;
    }
    return properties;
}

/** Errors a launch can end with (the `Error` of the failed execution). */
export const LAUNCH_ERRORS = {
    profileModified: "Launcher.ProfileModified",
    overrideNotAllowed: "Launcher.OverrideNotAllowed",
    overrideOutOfRange: "Launcher.OverrideOutOfRange",
    jobRunFailed: "Launcher.JobRunFailed",
} as const;

const CATCH_ALL = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "LaunchFailed" }];

/** The state machine definition of one launcher. */
export function launcherDefinition(input: LauncherDefinitionInput): StateMachineDefinition {
    const states: Record<string, State> = {
        ...loadStates(input),
        ...overrideGateStates(input, "StartJobRun"),
        ...syncJobRunStates(input),
        LaunchSucceeded: { Type: "Succeed", OutputPath: "$.jobRun" },
        LaunchFailed: { Type: "Fail", ErrorPath: "$.failure.Error", CausePath: "$.failure.Cause" },
    };
    if (Object.keys(input.allowedOverrides).length > 0) {
        // Only reachable from the checks (ASL refuses unreachable states).
        states.OverrideOutOfRange = {
            Type: "Fail",
            Error: LAUNCH_ERRORS.overrideOutOfRange,
            Cause: `Overrides must be numbers within their bounds: ${allowedText(input.allowedOverrides)}.`,
        };
    }
    return {
        Comment: `Guarded launcher for ${input.title} (emr-serverless-dataplane). Pinned at deploy time: runtime role ${input.runtimeRoleArn}, application ${input.applicationId}, logs ${input.logUri}` +
            `${input.tenantId ? `, tenant ${input.tenantId}'s execution IAM policy` : ""}.`,
        StartAt: "ReadInput",
        States: states,
    };
}

/**
 * From the input to the job run's base: keep only the caller's overrides, load the profile and
 * refuse it unless it is exactly what was deployed, load the configuration, take its job settings.
 */
function loadStates(input: LauncherDefinitionInput): Record<string, State> {
    return {
        ReadInput: {
            Type: "Choice",
            Comment: "Keep only the caller's overrides; nothing else in the input is read.",
            Choices: [{ Variable: "$.overrides", IsPresent: true, Next: "TakeOverrides" }],
            Default: "NoOverrides",
        },
        TakeOverrides: { Type: "Pass", Parameters: { "overrides.$": "$.overrides", "clientToken.$": CLIENT_TOKEN_EXPRESSION }, Next: "LoadProfile" },
        NoOverrides: { Type: "Pass", Parameters: { overrides: {}, "clientToken.$": CLIENT_TOKEN_EXPRESSION }, Next: "LoadProfile" },
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
    };
}

/**
 * The override gate: count the keys the caller sent, check each allowed override (applying it),
 * then go on to `next` only when every key sent was an allowed one.
 */
function overrideGateStates(input: LauncherDefinitionInput, next: string): Record<string, State> {
    const checks = Object.keys(input.allowedOverrides);
    return {
        CountOverrides: {
            Type: "Pass",
            Comment: "Number of keys the caller sent: one ':' per key (keys and values that contain ':' only raise the count, so they fail the check).",
            Parameters: { "keys.$": "States.MathAdd(States.ArrayLength(States.StringSplit(States.JsonToString($.overrides), ':')), -1)" },
            ResultPath: "$.overrideCount",
            Next: checks.length > 0 ? checkStateName(checks[0]) : "AllOverridesAllowed",
        },
        ...overrideStates(input, "AllOverridesAllowed"),
        AllOverridesAllowed: {
            Type: "Choice",
            Comment: "Every key the caller sent must have been an allowed override.",
            Choices: [{ Variable: "$.overrideCount.keys", NumericEqualsPath: "$.run.applied", Next: next }],
            Default: "OverrideNotAllowed",
        },
        OverrideNotAllowed: {
            Type: "Fail",
            Error: LAUNCH_ERRORS.overrideNotAllowed,
            Cause: `"overrides" may only contain ${allowedText(input.allowedOverrides)}.`,
        },
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

function jobDriver(type: ApplicationType): JobRunInput["jobDriver"] {
    const job = "$.configuration.document.job";
    return type === "SPARK"
        ? { sparkSubmit: { entryPoint: jsonPath(`${job}.entryPoint`), entryPointArguments: jsonPath(`${job}.entryPointArguments`), sparkSubmitParameters: jsonPath("$.run.submitParameters") } }
        : { hive: { query: jsonPath(`${job}.entryPoint`), parameters: jsonPath("$.run.submitParameters") } };
}

function syncJobRunStates(input: LauncherDefinitionInput): Record<string, State> {
    const secrets = input.secretArns ?? {};
    const request = startJobRunRequest({
        applicationId: input.applicationId,
        executionRoleArn: input.runtimeRoleArn,
        name: jsonPath("$$.Execution.Name"),
        clientToken: jsonPath("$.clientToken"),
        executionTimeoutMinutes: jsonPath("$.run.executionTimeoutMinutes"),
        jobDriver: jobDriver(input.applicationType),
        logUri: input.logUri,
        logKmsKeyArn: input.kmsKeyArn,
        sparkDefaults: secretReferenceProperties(secrets),
        maxAttempts: input.maxAttempts,
        executionIamPolicy: input.executionIamPolicy,
    });
    return {
        StartJobRun: {
            Type: "Task",
            Comment: "Runs the job and waits for it. Role, application, log location and secret references are literals fixed at deploy time; the client token is the execution's.",
            Resource: "arn:aws:states:::emr-serverless:startJobRun.sync",
            Parameters: statesParameters(request),
            ResultPath: "$.jobRun",
            Catch: CATCH_ALL,
            Next: "LaunchSucceeded",
        },
    };
}
