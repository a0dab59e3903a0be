import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    launcherCallerPolicy, launcherStateMachinePermissions, secretsLauncherPermissions, secretsLauncherTrustPolicy,
    stateMachineTrustPolicy, toJson,
} from "../iam";
import { LaunchConfigurationSettings } from "./launchConfiguration";
import { launcherName } from "./catalog";
import { launcherDefinition } from "./definition";
import { SECRETS_LAUNCHER_SOURCE, secretsLauncherEnvironment } from "./secretsLauncherCode";
import { lookupScope } from "../scope";
import * as v from "../validation";

/**
 * What a launcher needs of a profile: a `LaunchProfile` component has every field (pass it as it
 * is); from another language, pass its outputs of the same names.
 */
export interface LauncherProfile {
    /** The profile's catalog namespace. */
    namespace: string;
    /** The profile's name within the namespace. */
    profileName: string;
    /** The profile's parameter name, `/emr-dataplane/profiles/<namespace>/<profileName>`. */
    parameterName: string;
    /** The exact JSON text stored in the profile's parameter; the launcher refuses to launch when the parameter differs. */
    documentJson: pulumi.Input<string>;
    /** The runtime role job runs execute as: the only role the launcher passes. */
    runtimeRoleArn: pulumi.Input<string>;
    /** The subnets of the launcher's application. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The security groups of the launcher's application. */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** `s3://<bucket>/<logPrefix>`, where job logs go. */
    logUri: pulumi.Input<string>;
    /** The key job logs are encrypted with. Defaults to none (SSE-S3). */
    kmsKeyArn?: pulumi.Input<string | undefined>;
}

/**
 * What a launcher needs of a configuration: a `LaunchConfiguration` component has every field
 * (pass it as it is); from another language, pass its outputs of the same names.
 */
export interface LauncherConfiguration {
    /** The configuration's catalog namespace (the profile's). */
    namespace: string;
    /** The configuration's name within the namespace. */
    configurationName: string;
    /** The configuration's parameter name, `/emr-dataplane/configurations/<namespace>/<configurationName>`. */
    parameterName: string;
    /** The configuration's validated settings, fixed into the launcher at deploy time. */
    settings: LaunchConfigurationSettings;
    /** Secret ARNs by environment variable name, one for each of `settings.secretNames` (`{}` without secrets). */
    secretArns: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface GuardedLauncherArgs {
    /** The profile (runtime role, network, log location, key) this launcher launches with. Required. */
    profile: LauncherProfile;
    /** The configuration (release, capacity, job, overrides, secrets) it launches; same namespace as the profile. Required. */
    configuration: LauncherConfiguration;
    /**
     * Name of the state machine: 1-80 of letters, digits, `-` and `_`.
     * Defaults to `launch_<namespace>_<profileName>_<configurationName>`.
     */
    stateMachineName?: string;
    /** The launcher's application stops after this many idle minutes (1-10080). Defaults to `15`. */
    idleTimeoutMinutes?: number;
    /** Existing IAM roles allowed to launch through this launcher (the caller policy is attached to them). Defaults to `[]`. */
    callerRoleNames?: string[];
    /** With secrets: seconds between job-run state checks (5-3600). Defaults to `30`. */
    pollSeconds?: number;
    /** Tags for every created resource. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * One Step Functions state machine that launches one profile+configuration pair on its own EMR
 * Serverless application — and nothing else. Its role reads only its two parameters, acts only on
 * its application and passes only the profile's runtime role; callers get a policy that starts
 * this state machine only. With secrets, a dedicated Lambda (the only reader of those secrets)
 * starts the job run, so secret values never enter the definition or the execution history.
 */
export class GuardedLauncher extends pulumi.ComponentResource {
    /** The state machine's name. */
    public readonly stateMachineName: string;
    /** The state machine callers start (`states:StartExecution`). */
    public readonly stateMachineArn: pulumi.Output<string>;
    /** The state machine's Amazon States Language definition (JSON). */
    public readonly definition: pulumi.Output<string>;
    /** The id of the launcher's own EMR Serverless application. */
    public readonly applicationId: pulumi.Output<string>;
    /** Its ARN: the only application the launcher may start job runs on. */
    public readonly applicationArn: pulumi.Output<string>;
    /** The state machine's role. */
    public readonly roleArn: pulumi.Output<string>;
    /** The secrets launcher Lambda; `undefined` when the configuration has no secrets. */
    public readonly secretsFunctionArn: pulumi.Output<string> | undefined;
    /** The caller policy (a managed policy): `states:StartExecution` on this state machine only. */
    public readonly callerPolicyArn: pulumi.Output<string>;
    /** The caller policy's JSON, to grant elsewhere (a role managed outside this stack, an SSO permission set). */
    public readonly callerPolicy: pulumi.Output<string>;

    constructor(name: string, args: GuardedLauncherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:GuardedLauncher", name, {}, opts);
        const cfg = validateGuardedLauncherArgs(args);
        const { profile, configuration } = args;
        const settings = configuration.settings;
        const parent = { parent: this };
        const tags = args.tags;
        const scope = lookupScope(this);
        this.stateMachineName = cfg.stateMachineName;

        const application = new aws.emrserverless.Application(`${name}-application`, {
            releaseLabel: settings.releaseLabel,
            type: settings.applicationType.toLowerCase(),
            architecture: settings.architecture,
            maximumCapacity: settings.maximumCapacity,
            networkConfiguration: { subnetIds: profile.subnetIds, securityGroupIds: profile.securityGroupIds },
            autoStartConfiguration: { enabled: true },
            autoStopConfiguration: { enabled: true, idleTimeoutMinutes: cfg.idleTimeoutMinutes },
            tags,
        }, parent);
        this.applicationId = application.id;
        this.applicationArn = application.arn;

        let secretsFunction: aws.lambda.Function | undefined;
        if (settings.secretNames.length > 0) {
            const logs = new aws.cloudwatch.LogGroup(`${name}-secrets-launcher-logs`, { retentionInDays: 30, tags }, parent);
            const role = new aws.iam.Role(`${name}-secrets-launcher-role`, {
                description: `Secrets launcher of ${cfg.stateMachineName}: reads its secrets and starts its job runs (emr-serverless-dataplane)`,
                assumeRolePolicy: toJson(secretsLauncherTrustPolicy()),
                maxSessionDuration: 3600,
                tags,
            }, parent);
            const permissions = new aws.iam.RolePolicy(`${name}-secrets-launcher-permissions`, {
                role: role.name,
                name: "secrets-launcher",
                policy: pulumi.all([scope, application.id, profile.runtimeRoleArn, configuration.secretArns, logs.arn])
                    .apply(([s, applicationId, runtimeRoleArn, secrets, logGroupArn]) => toJson(secretsLauncherPermissions({
                        scope: s, applicationId, runtimeRoleArn, secretArns: Object.values(secrets), logGroupArn,
                    }))),
            }, parent);
            secretsFunction = new aws.lambda.Function(`${name}-secrets-launcher`, {
                description: `Starts job runs of ${cfg.stateMachineName} with its secrets (emr-serverless-dataplane)`,
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(SECRETS_LAUNCHER_SOURCE) }),
                role: role.arn,
                timeout: 60,
                memorySize: 256,
                environment: {
                    variables: pulumi.all([application.id, profile.runtimeRoleArn, profile.logUri, profile.kmsKeyArn, configuration.secretArns])
                        .apply(([applicationId, executionRoleArn, logUri, logKmsKeyArn, secrets]) =>
                            secretsLauncherEnvironment({ applicationId, executionRoleArn, logUri, logKmsKeyArn, secrets })),
                },
                loggingConfig: { logFormat: "JSON", logGroup: logs.name },
                tags,
            }, { parent: this, dependsOn: [permissions] });
        }
        this.secretsFunctionArn = secretsFunction?.arn;

        const role = new aws.iam.Role(`${name}-role`, {
            description: `State machine ${cfg.stateMachineName}: launches ${profile.namespace}/${profile.profileName} + ${configuration.configurationName} only (emr-serverless-dataplane)`,
            assumeRolePolicy: scope.apply((s) => toJson(stateMachineTrustPolicy(s, cfg.stateMachineName))),
            maxSessionDuration: 3600,
            tags,
        }, parent);
        const rolePermissions = new aws.iam.RolePolicy(`${name}-permissions`, {
            role: role.name,
            name: "guarded-launcher",
            policy: pulumi.all([scope, application.id, profile.runtimeRoleArn, secretsFunction?.arn]).apply(([s, applicationId, runtimeRoleArn, secretsFunctionArn]) =>
                toJson(launcherStateMachinePermissions({
                    scope: s, applicationId, runtimeRoleArn, secretsFunctionArn,
                    parameterNames: [profile.parameterName, configuration.parameterName],
                }))),
        }, parent);
        this.roleArn = role.arn;

        this.definition = pulumi.all([application.id, profile.runtimeRoleArn, profile.logUri, profile.kmsKeyArn, profile.documentJson, secretsFunction?.arn])
            .apply(([applicationId, runtimeRoleArn, logUri, kmsKeyArn, profileDocumentJson, secretsFunctionArn]) => JSON.stringify(launcherDefinition({
                title: `${profile.namespace}/${profile.profileName} + ${configuration.namespace}/${configuration.configurationName}`,
                profileParameterName: profile.parameterName,
                profileDocumentJson,
                configurationParameterName: configuration.parameterName,
                applicationId,
                applicationType: settings.applicationType,
                runtimeRoleArn,
                logUri,
                kmsKeyArn,
                allowedOverrides: settings.allowedOverrides,
                secretsFunctionArn,
                pollSeconds: cfg.pollSeconds,
            })));
        const stateMachine = new aws.sfn.StateMachine(`${name}-state-machine`, {
            name: cfg.stateMachineName,
            type: "STANDARD",
            roleArn: role.arn,
            definition: this.definition,
            tags,
        }, { parent: this, dependsOn: [rolePermissions] });
        this.stateMachineArn = stateMachine.arn;

        this.callerPolicy = scope.apply((s) => toJson(launcherCallerPolicy(s, cfg.stateMachineName)));
        const callerPolicy = new aws.iam.Policy(`${name}-caller-policy`, {
            description: `Launch through ${cfg.stateMachineName} only (emr-serverless-dataplane)`,
            policy: this.callerPolicy,
            tags,
        }, parent);
        this.callerPolicyArn = callerPolicy.arn;
        for (const roleName of cfg.callerRoleNames) {
            new aws.iam.RolePolicyAttachment(`${name}-caller-${roleName}`, { role: roleName, policyArn: callerPolicy.arn }, parent);
        }

        this.registerOutputs({
            stateMachineArn: this.stateMachineArn, applicationId: this.applicationId, roleArn: this.roleArn,
            secretsFunctionArn: this.secretsFunctionArn, callerPolicyArn: this.callerPolicyArn,
        });
    }
}

export interface GuardedLauncherSettings {
    stateMachineName: string;
    idleTimeoutMinutes: number;
    callerRoleNames: string[];
    pollSeconds?: number;
}

/** Validates and defaults {@link GuardedLauncherArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateGuardedLauncherArgs(args: Partial<GuardedLauncherArgs>, field = (f: string) => `args.${f}`): GuardedLauncherSettings {
    if (!args.profile) throw new v.ValidationError(field("profile"), "is required: a LaunchProfile");
    if (!args.configuration) throw new v.ValidationError(field("configuration"), "is required: a LaunchConfiguration");
    if (args.profile.namespace !== args.configuration.namespace) {
        throw new v.ValidationError(field("configuration"), `is in namespace "${args.configuration.namespace}" but ${field("profile")} is in "${args.profile.namespace}": a launcher pairs a profile and a configuration of one namespace`);
    }
    const stateMachineName = args.stateMachineName ?? launcherName(args.profile.namespace, args.profile.profileName, args.configuration.configurationName);
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(stateMachineName)) {
        throw new v.ValidationError(field("stateMachineName"), `must be 1-80 letters, digits, "-" and "_", got ${JSON.stringify(stateMachineName)}`);
    }
    const hasSecrets = args.configuration.settings.secretNames.length > 0;
    if (args.pollSeconds !== undefined && !hasSecrets) {
        throw new v.ValidationError(field("pollSeconds"), "only applies when the configuration has secrets (the .sync integration waits for the job run by itself)");
    }
    return {
        stateMachineName,
        idleTimeoutMinutes: v.integerInRange(field("idleTimeoutMinutes"), args.idleTimeoutMinutes ?? 15, 1, 10080),
        callerRoleNames: v.stringList(field("callerRoleNames"), args.callerRoleNames ?? [], (f, x) => v.iamName(f, x)),
        pollSeconds: args.pollSeconds === undefined ? undefined : v.integerInRange(field("pollSeconds"), args.pollSeconds, 5, 3600),
    };
}
