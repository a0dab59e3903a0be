import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Scope, launcherCallerPolicy, launcherStateMachinePermissions, stateMachineTrustPolicy, toJson } from "../iam";
import { LaunchConfigurationSettings } from "./launchConfiguration";
import { launcherName } from "./catalog";
import { launcherDefinition } from "./definition";
import type { ProfileTenant } from "../../vocabulary/tenants";
import { lookupScope } from "../scope";
import { firstTenantPathProblem } from "../iam/tenantPaths";
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
    /** On a shared plane with tenants: the profile's tenant, whose execution IAM policy every launch passes. Defaults to none. */
    tenant?: pulumi.Input<ProfileTenant | undefined>;
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
    /**
     * Secret ARNs by environment variable name, one for each of `settings.secretNames` (`{}` without
     * secrets). EMR Serverless resolves them itself: each needs a resource policy that admits it for
     * this launcher's application, and a customer managed key (`JobSecret`).
     */
    secretArns: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The job's entry point (an S3 URI). On a tenant's profile the launcher checks it, with the
     * entry point's arguments and the submit parameters, against the tenant's prefixes of the plane's
     * bucket. Defaults to unchecked (a `LaunchConfiguration` always has it).
     */
    entryPoint?: pulumi.Input<string>;
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
    /** Tags for every created resource. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * One Step Functions state machine that launches one profile+configuration pair on its own EMR
 * Serverless application — and nothing else. Its role reads only its two parameters, acts only on
 * its application and passes only the profile's runtime role; callers get a policy that starts
 * this state machine only. With secrets, the job run's configuration holds references that EMR
 * Serverless itself resolves when the job starts running (the secrets' resource policies and keys
 * admit the service, `JobSecret`; no role of the launcher or the job reads them): no value enters
 * the definition, the execution history or GetJobRun.
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
    /** The caller policy (a managed policy): `states:StartExecution` on this state machine only. */
    public readonly callerPolicyArn: pulumi.Output<string>;
    /** The caller policy's JSON, to grant elsewhere (a role managed outside this stack, an SSO permission set). */
    public readonly callerPolicy: pulumi.Output<string>;

    constructor(name: string, args: GuardedLauncherArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:GuardedLauncher", name, {}, opts);
        const cfg = validateGuardedLauncherArgs(args);
        const scope = lookupScope(this);
        this.stateMachineName = cfg.stateMachineName;

        const application = launcherApplication(name, cfg, args, this);
        this.applicationId = application.id;
        this.applicationArn = application.arn;
        const launcher = stateMachineAndRole(name, cfg, args, scope, application, this);
        this.roleArn = launcher.role.arn;
        this.definition = launcher.definition;
        this.stateMachineArn = launcher.stateMachine.arn;
        const caller = callerPolicy(name, cfg, args.tags, scope, this);
        this.callerPolicy = caller.json;
        this.callerPolicyArn = caller.policy.arn;

        this.registerOutputs({
            stateMachineArn: this.stateMachineArn, applicationId: this.applicationId, roleArn: this.roleArn,
            callerPolicyArn: this.callerPolicyArn,
        });
    }
}

/** The launcher's own EMR Serverless application, on the profile's network, sized by the configuration. */
function launcherApplication(name: string, cfg: GuardedLauncherSettings, args: GuardedLauncherArgs, parent: pulumi.Resource): aws.emrserverless.Application {
    const { profile, configuration: { settings } } = args;
    return new aws.emrserverless.Application(`${name}-application`, {
        releaseLabel: settings.releaseLabel,
        type: settings.applicationType.toLowerCase(),
        architecture: settings.architecture,
        maximumCapacity: settings.maximumCapacity,
        networkConfiguration: { subnetIds: profile.subnetIds, securityGroupIds: profile.securityGroupIds },
        autoStartConfiguration: { enabled: true },
        autoStopConfiguration: { enabled: true, idleTimeoutMinutes: cfg.idleTimeoutMinutes },
        tags: args.tags,
    }, { parent });
}

/** The state machine and its role (trusted by Step Functions, permitted this launcher's actions only), created after the role's permissions. */
function stateMachineAndRole(name: string, cfg: GuardedLauncherSettings, args: GuardedLauncherArgs, scope: pulumi.Output<Scope>,
    application: aws.emrserverless.Application, parent: pulumi.Resource): { role: aws.iam.Role; definition: pulumi.Output<string>; stateMachine: aws.sfn.StateMachine } {
    const { profile, configuration } = args;
    const role = new aws.iam.Role(`${name}-role`, {
        description: `State machine ${cfg.stateMachineName}: launches ${profile.namespace}/${profile.profileName} + ${configuration.configurationName} only (emr-serverless-dataplane)`,
        assumeRolePolicy: scope.apply((s) => toJson(stateMachineTrustPolicy(s, cfg.stateMachineName))),
        maxSessionDuration: 3600,
        tags: args.tags,
    }, { parent });
    const rolePermissions = new aws.iam.RolePolicy(`${name}-permissions`, {
        role: role.name,
        name: "guarded-launcher",
        policy: pulumi.all([scope, application.id, profile.runtimeRoleArn]).apply(([s, applicationId, runtimeRoleArn]) =>
            toJson(launcherStateMachinePermissions({
                scope: s, applicationId, runtimeRoleArn,
                parameterNames: [profile.parameterName, configuration.parameterName],
            }))),
    }, { parent });
    const definition = definitionJson(args, application);
    const stateMachine = new aws.sfn.StateMachine(`${name}-state-machine`, {
        name: cfg.stateMachineName,
        type: "STANDARD",
        roleArn: role.arn,
        definition,
        tags: args.tags,
    }, { parent, dependsOn: [rolePermissions] });
    return { role, definition, stateMachine };
}

/** The state machine's definition (JSON), once the application and the profile's outputs are known. */
function definitionJson(args: GuardedLauncherArgs, application: aws.emrserverless.Application): pulumi.Output<string> {
    const { profile, configuration } = args;
    return pulumi.all([application.id, profile.runtimeRoleArn, profile.logUri, profile.kmsKeyArn, profile.documentJson, configuration.secretArns, profile.tenant,
        configuration.entryPoint])
        .apply(([applicationId, runtimeRoleArn, logUri, kmsKeyArn, profileDocumentJson, secretArns, tenant, entryPoint]) => {
            if (tenant) checkTenantJob(configuration, entryPoint, logUri, tenant.id);
            return JSON.stringify(launcherDefinition({
            title: `${profile.namespace}/${profile.profileName} + ${configuration.namespace}/${configuration.configurationName}`,
            profileParameterName: profile.parameterName,
            profileDocumentJson,
            configurationParameterName: configuration.parameterName,
            applicationId,
            applicationType: configuration.settings.applicationType,
            runtimeRoleArn,
            logUri,
            kmsKeyArn,
            allowedOverrides: configuration.settings.allowedOverrides,
            secretArns,
            maxAttempts: configuration.settings.jobAttempts,
            ...(tenant ? { tenantId: tenant.id, executionIamPolicy: tenant.executionIamPolicy } : {}),
            }));
        });
}

/**
 * A tenant's launcher runs only jobs that name the tenant's own prefixes of the plane's bucket (the
 * bucket of the profile's log URI): its execution IAM policy, fixed into the definition, would fail
 * any other such path at run time, after the application started and billed (../iam/tenantPaths.ts).
 */
function checkTenantJob(configuration: LauncherConfiguration, entryPoint: string | undefined, logUri: string, tenantId: string): void {
    const bucket = /^s3:\/\/([^/]+)/.exec(logUri)?.[1];
    if (!bucket) return;
    const fields: Array<[string, string]> = [
        ...(entryPoint === undefined ? [] : [["args.configuration.entryPoint", entryPoint] as [string, string]]),
        ...configuration.settings.entryPointArguments.map((a, i): [string, string] => [`args.configuration.settings.entryPointArguments[${i}]`, a]),
        ["args.configuration.settings.submitParameters", configuration.settings.submitParameters],
    ];
    const found = firstTenantPathProblem(fields, bucket, tenantId);
    if (found) throw new v.ValidationError(found.field, found.problem);
}

/** The caller policy (start this state machine only), its JSON, and its attachment to each caller role. */
function callerPolicy(name: string, cfg: GuardedLauncherSettings, tags: Record<string, string> | undefined, scope: pulumi.Output<Scope>,
    parent: pulumi.Resource): { json: pulumi.Output<string>; policy: aws.iam.Policy } {
    const json = scope.apply((s) => toJson(launcherCallerPolicy(s, cfg.stateMachineName)));
    const policy = new aws.iam.Policy(`${name}-caller-policy`, {
        description: `Launch through ${cfg.stateMachineName} only (emr-serverless-dataplane)`,
        policy: json,
        tags,
    }, { parent });
    for (const roleName of cfg.callerRoleNames) {
        new aws.iam.RolePolicyAttachment(`${name}-caller-${roleName}`, { role: roleName, policyArn: policy.arn }, { parent });
    }
    return { json, policy };
}

export interface GuardedLauncherSettings {
    stateMachineName: string;
    idleTimeoutMinutes: number;
    callerRoleNames: string[];
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
    return {
        stateMachineName,
        idleTimeoutMinutes: v.integerInRange(field("idleTimeoutMinutes"), args.idleTimeoutMinutes ?? 15, 1, 10080),
        callerRoleNames: v.stringList(field("callerRoleNames"), args.callerRoleNames ?? [], (f, x) => v.iamName(f, x)),
    };
}
