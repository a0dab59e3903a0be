import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_BUCKET_PREFIXES } from "../bucketLayout";
import { LAUNCH_PROFILE_KIND } from "../../vocabulary/names";
import { LaunchProfileDocument, entryName, namespace, profileParameterName } from "./catalog";
import * as v from "../validation";
import { ExecutionIamPolicy, ProfileTenant, TENANT_ID_PATTERN, TENANT_ID_RULE, executionIamPolicyProblem } from "../../vocabulary/tenants";
import { prefixesOf } from "../iam/tenant";

/** A launch profile's tenant on a shared plane: its id and the execution IAM policy the plane's message gives it. */
export interface LaunchProfileTenant {
    /** The tenant's id (1-32 lowercase letters, digits and hyphens). */
    id: string;
    /** The tenant's `executionIamPolicy`, as the plane's control-plane message lists it (`tenants[].executionIamPolicy`). */
    executionIamPolicy: pulumi.Input<ExecutionIamPolicy>;
}

export interface LaunchProfileArgs {
    /** Catalog namespace (a team or product): 1-20 lowercase letters, digits and hyphens. Required. */
    namespace: string;
    /** Profile name within the namespace: 1-24 lowercase letters, digits and hyphens. Required. */
    profileName: string;
    /** ARN of the job runtime role job runs execute as; launchers pass this role and no other. Required. */
    runtimeRoleArn: pulumi.Input<string>;
    /** Private subnets for the launchers' applications (at least two, in distinct AZs). Required. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups for the launchers' applications. Required (at least one). */
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The data plane's resource bucket; job logs go under its `logs/` prefix. Required. */
    bucketName: pulumi.Input<string>;
    /**
     * Where job logs go inside the bucket: a prefix under `logs/` ending in `/`.
     * Defaults to `logs/<namespace>/<profileName>/`.
     */
    logPrefix?: string;
    /** KMS key that encrypts job logs (the resource bucket's key). Defaults to none (SSE-S3). */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * On a shared plane with tenants: the tenant whose jobs this profile launches. Its launchers pass the
     * tenant's execution IAM policy, fixed at deploy time, on every StartJobRun, and logs go under
     * `logs/tenants/<id>/` (the default `logPrefix` becomes `logs/tenants/<id>/<namespace>/<profileName>/`).
     * Defaults to none (a plane without tenants).
     */
    tenant?: LaunchProfileTenant;
    /** Tags for the parameter. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * A launch profile: the security side of a job run (runtime role, network, log location, KMS key),
 * published as JSON in SSM Parameter Store at `/emr-dataplane/profiles/<namespace>/<profileName>`.
 * Launchers pin every value at deploy time and refuse to launch when the parameter was edited.
 */
export class LaunchProfile extends pulumi.ComponentResource {
    /** The catalog namespace. */
    public readonly namespace: string;
    /** The profile's name within the namespace. */
    public readonly profileName: string;
    /** The parameter's name, `/emr-dataplane/profiles/<namespace>/<profileName>`. */
    public readonly parameterName: string;
    /** The parameter's ARN. */
    public readonly parameterArn: pulumi.Output<string>;
    /** The exact JSON text stored in the parameter (a `LaunchProfileDocument`). */
    public readonly documentJson: pulumi.Output<string>;
    /** The runtime role ARN, as given at deploy time. */
    public readonly runtimeRoleArn: pulumi.Output<string>;
    /** The subnets the launchers' applications use. */
    public readonly subnetIds: pulumi.Output<string[]>;
    /** The security groups the launchers' applications use. */
    public readonly securityGroupIds: pulumi.Output<string[]>;
    /** `s3://<bucket>/<logPrefix>`. */
    public readonly logUri: pulumi.Output<string>;
    /** The log encryption key; `undefined` for an SSE-S3 bucket. */
    public readonly kmsKeyArn: pulumi.Output<string | undefined>;
    /** The tenant and its execution IAM policy, as deployed; `undefined` without a tenant. */
    public readonly tenant: pulumi.Output<ProfileTenant | undefined>;

    constructor(name: string, args: LaunchProfileArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:LaunchProfile", name, {}, opts);
        const cfg = validateLaunchProfileArgs(args);
        this.namespace = cfg.namespace;
        this.profileName = cfg.profileName;
        this.parameterName = profileParameterName(cfg.namespace, cfg.profileName);

        this.runtimeRoleArn = pulumi.output(args.runtimeRoleArn);
        this.subnetIds = pulumi.output(args.subnetIds);
        this.securityGroupIds = pulumi.output(args.securityGroupIds);
        this.logUri = pulumi.interpolate`s3://${args.bucketName}/${cfg.logPrefix}`;
        this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
        const tenant = args.tenant;
        this.tenant = tenant === undefined ? pulumi.output<ProfileTenant | undefined>(undefined) : v.checked<ExecutionIamPolicy, ProfileTenant>(tenant.executionIamPolicy, (p) => {
            const problem = executionIamPolicyProblem(p);
            if (problem) throw new v.ValidationError("args.tenant.executionIamPolicy", problem);
            return { id: tenant.id, executionIamPolicy: p as ExecutionIamPolicy };
        });
        this.documentJson = pulumi.all([this.runtimeRoleArn, this.subnetIds, this.securityGroupIds, args.bucketName, this.logUri, this.kmsKeyArn, this.tenant])
            .apply(([runtimeRoleArn, subnetIds, securityGroupIds, bucketName, logUri, kmsKeyArn, t]) => JSON.stringify(launchProfileDocument({
                namespace: cfg.namespace, name: cfg.profileName, runtimeRoleArn, subnetIds, securityGroupIds, bucketName, logUri, kmsKeyArn, tenant: t,
            })));

        const parameter = new aws.ssm.Parameter(`${name}-parameter`, {
            name: this.parameterName,
            type: "String",
            tier: "Standard",
            insecureValue: this.documentJson,
            description: `EMR Serverless launch profile ${cfg.namespace}/${cfg.profileName} (emr-serverless-dataplane); launchers verify it, edits are refused`,
            tags: args.tags,
        }, { parent: this });
        this.parameterArn = parameter.arn;

        this.registerOutputs({ parameterName: this.parameterName, parameterArn: this.parameterArn, documentJson: this.documentJson });
    }
}

/** The profile document, fields in their stored order. */
export function launchProfileDocument(p: Omit<LaunchProfileDocument, "kind" | "version" | "network"> & { subnetIds: string[]; securityGroupIds: string[] }): LaunchProfileDocument {
    return {
        kind: LAUNCH_PROFILE_KIND,
        version: 1,
        namespace: p.namespace,
        name: p.name,
        runtimeRoleArn: p.runtimeRoleArn,
        network: { subnetIds: [...p.subnetIds], securityGroupIds: [...p.securityGroupIds] },
        bucketName: p.bucketName,
        logUri: p.logUri,
        ...(p.kmsKeyArn === undefined ? {} : { kmsKeyArn: p.kmsKeyArn }),
        ...(p.tenant === undefined ? {} : { tenant: { id: p.tenant.id, executionIamPolicy: { ...p.tenant.executionIamPolicy } } }),
    };
}

function securityGroupId(field: string, value: unknown): string {
    const s = v.requireString(field, value);
    if (!/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/.test(s)) throw new v.ValidationError(field, `must be a security group id such as "sg-0a1b2c3d4e5f60718", got ${JSON.stringify(s)}`);
    return s;
}

export interface LaunchProfileSettings {
    namespace: string;
    profileName: string;
    logPrefix: string;
}

/**
 * Validates and defaults {@link LaunchProfileArgs}; throws a {@link v.ValidationError} naming the
 * field, before anything is created. Values that are outputs of other resources (a role ARN, the
 * bucket's name) are taken as those resources give them.
 */
export function validateLaunchProfileArgs(args: Partial<LaunchProfileArgs>, field = (f: string) => `args.${f}`): LaunchProfileSettings {
    const ns = namespace(field("namespace"), args.namespace);
    const profileName = entryName(field("profileName"), args.profileName);
    if (args.runtimeRoleArn === undefined) throw new v.ValidationError(field("runtimeRoleArn"), "is required: the role job runs execute as");
    if (typeof args.runtimeRoleArn === "string") v.roleArn(field("runtimeRoleArn"), args.runtimeRoleArn);
    if (args.subnetIds === undefined) throw new v.ValidationError(field("subnetIds"), "is required: at least two private subnets");
    if (isPlainList(args.subnetIds)) v.stringList(field("subnetIds"), args.subnetIds, v.subnetId, { min: 2 });
    if (args.securityGroupIds === undefined) throw new v.ValidationError(field("securityGroupIds"), "is required: at least one security group");
    if (isPlainList(args.securityGroupIds)) v.stringList(field("securityGroupIds"), args.securityGroupIds, securityGroupId, { min: 1 });
    if (args.bucketName === undefined) throw new v.ValidationError(field("bucketName"), "is required: the resource bucket job logs go to");
    if (typeof args.bucketName === "string") v.bucketName(field("bucketName"), args.bucketName);
    if (typeof args.kmsKeyArn === "string") v.kmsKeyArn(field("kmsKeyArn"), args.kmsKeyArn);
    const tenant = args.tenant;
    if (tenant !== undefined && (typeof tenant !== "object" || tenant === null)) throw new v.ValidationError(field("tenant"), "must be { id, executionIamPolicy }");
    if (tenant !== undefined && (typeof tenant.id !== "string" || !TENANT_ID_PATTERN.test(tenant.id))) {
        throw new v.ValidationError(field("tenant.id"), `must be ${TENANT_ID_RULE}, got ${JSON.stringify(tenant.id)}`);
    }
    if (tenant !== undefined && tenant.executionIamPolicy === undefined) throw new v.ValidationError(field("tenant.executionIamPolicy"), "is required: the tenant's policy from the plane's message");
    if (tenant !== undefined && v.isKnown(tenant.executionIamPolicy)) {
        const problem = executionIamPolicyProblem(tenant.executionIamPolicy);
        if (problem) throw new v.ValidationError(field("tenant.executionIamPolicy"), problem);
    }
    const logRoot = tenant ? prefixesOf(tenant.id).logs : RESOURCE_BUCKET_PREFIXES.logs;
    const logPrefix = args.logPrefix ?? `${logRoot}${ns}/${profileName}/`;
    if (!/^logs\/([A-Za-z0-9._-]+\/)*$/.test(logPrefix) || !logPrefix.startsWith(logRoot)) {
        throw new v.ValidationError(field("logPrefix"), `must be a prefix under "${logRoot}" made of letters, digits and ._- and ending in "/" (${tenant ? "the tenant's execution policy" : "the runtime role"} may only write logs there), got ${JSON.stringify(logPrefix)}`);
    }
    return { namespace: ns, profileName, logPrefix };
}

/** A list input whose items are all plain strings (nothing to wait for). */
function isPlainList(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((x) => typeof x === "string");
}
