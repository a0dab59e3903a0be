/**
 * IAM documents of a guarded launcher (`GuardedLauncher`): the state machine's role, the secrets
 * launcher Lambda's role, and the policy that lets a caller start that one launcher. Everything a
 * launcher may touch is named here by its full ARN, fixed when the launcher is deployed: its two
 * parameters, its own EMR Serverless application, its profile's runtime role, its secrets.
 */
import { PolicyDocument, Statement, policy, serviceTrustPolicy } from "./document";
import { Scope, arn } from "./arn";
import { passRuntimeRoleStatement } from "./launchRole";

export const LAUNCHER_SERVICE = {
    stepFunctions: "states.amazonaws.com",
    lambda: "lambda.amazonaws.com",
} as const;

/**
 * The EventBridge rule Step Functions manages to follow EMR Serverless job runs for the `.sync`
 * integration (one per account and region, created by Step Functions on first use).
 */
export const EMR_SERVERLESS_SYNC_RULE = "StepFunctionsGetEventsForEMRServerlessJobRule";

/** The ARNs a launcher names (built by the one ARN vocabulary, `arn.ts`). */
export const launcherArn = {
    stateMachine: arn.stateMachine,
    executions: arn.stateMachineExecutions,
    parameter: arn.ssmParameter,
    application: arn.emrApplication,
    jobRuns: arn.emrApplicationJobRuns,
    syncRule: (s: Scope) => arn.eventsRule(s, EMR_SERVERLESS_SYNC_RULE),
};

/**
 * Trust of a launcher's state machine role: Step Functions, only on behalf of that one state
 * machine in this account (confused-deputy protection).
 */
export function stateMachineTrustPolicy(scope: Scope, stateMachineName: string): PolicyDocument {
    const stateMachine = launcherArn.stateMachine(scope, stateMachineName);
    return serviceTrustPolicy({
        sid: "ThisStateMachineOnly",
        service: LAUNCHER_SERVICE.stepFunctions,
        accountId: scope.accountId,
        // The state machine itself, and its versions and aliases (`stateMachine:<name>:<version|alias>`).
        sourceArn: [stateMachine, `${stateMachine}:*`],
    });
}

/** Trust of the secrets launcher Lambda's role: the Lambda service, in this account only. */
export function secretsLauncherTrustPolicy(): PolicyDocument {
    return policy({
        Sid: "LambdaService",
        Effect: "Allow",
        Principal: { Service: LAUNCHER_SERVICE.lambda },
        Action: "sts:AssumeRole",
    });
}

export interface LauncherScopeInput {
    scope: Scope;
    /** The launcher's own EMR Serverless application: the only one it may start job runs on. */
    applicationId: string;
    /** The profile's runtime role: the only role it may pass, and only to EMR Serverless. */
    runtimeRoleArn: string;
}

/** Start job runs on one application, follow and cancel them, and pass them the pinned runtime role. */
function jobRunStatements(input: LauncherScopeInput, runActions: string[]): Statement[] {
    return [
        {
            Sid: "StartJobRunsOnItsApplication",
            Effect: "Allow",
            Action: "emr-serverless:StartJobRun",
            Resource: launcherArn.application(input.scope, input.applicationId),
        },
        {
            Sid: "FollowItsJobRuns",
            Effect: "Allow",
            Action: runActions,
            Resource: launcherArn.jobRuns(input.scope, input.applicationId),
        },
        passRuntimeRoleStatement(input.runtimeRoleArn),
    ];
}

export interface StateMachinePermissionsInput extends LauncherScopeInput {
    /** Names of the profile and configuration parameters: the only parameters it may read. */
    parameterNames: string[];
    /**
     * With secrets: the secrets launcher Lambda, which starts the job run itself. The state machine
     * then only invokes that function, and may neither start job runs nor pass any role.
     */
    secretsFunctionArn?: string;
}

/** Permissions of a launcher's state machine role. */
export function launcherStateMachinePermissions(input: StateMachinePermissionsInput): PolicyDocument {
    const statements: Statement[] = [{
        Sid: "ReadItsLaunchDefinition",
        Effect: "Allow",
        Action: "ssm:GetParameter",
        Resource: input.parameterNames.map((name) => launcherArn.parameter(input.scope, name)),
    }];
    if (input.secretsFunctionArn !== undefined) {
        statements.push({
            Sid: "InvokeItsSecretsLauncher",
            Effect: "Allow",
            Action: "lambda:InvokeFunction",
            Resource: input.secretsFunctionArn,
        });
    } else {
        statements.push(
            ...jobRunStatements(input, ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"]),
            {
                Sid: "FollowJobRunsThroughEventBridge",
                Effect: "Allow",
                Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                Resource: launcherArn.syncRule(input.scope),
            },
        );
    }
    return policy(...statements);
}

export interface SecretsLauncherPermissionsInput extends LauncherScopeInput {
    /** The configuration's secrets: the only secrets this function (and nothing else here) may read. */
    secretArns: string[];
    /** The function's log group. */
    logGroupArn: string;
}

/** Permissions of the secrets launcher Lambda: read its secrets, start and follow job runs, write its logs. */
export function secretsLauncherPermissions(input: SecretsLauncherPermissionsInput): PolicyDocument {
    return policy(
        {
            Sid: "ReadItsSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: [...input.secretArns],
        },
        ...jobRunStatements(input, ["emr-serverless:GetJobRun"]),
        {
            Sid: "WriteItsLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${input.logGroupArn}:*`,
        },
    );
}

/**
 * What a caller needs to launch through one guarded launcher, and nothing else: start that state
 * machine, and follow or stop its executions.
 */
export function launcherCallerPolicy(scope: Scope, stateMachineName: string): PolicyDocument {
    return policy(
        {
            Sid: "StartThisLauncher",
            Effect: "Allow",
            Action: "states:StartExecution",
            Resource: launcherArn.stateMachine(scope, stateMachineName),
        },
        {
            Sid: "FollowItsExecutions",
            Effect: "Allow",
            Action: ["states:DescribeExecution", "states:StopExecution"],
            Resource: launcherArn.executions(scope, stateMachineName),
        },
    );
}
