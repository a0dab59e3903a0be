import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { assumePrivatePlaneRolesPolicy, launchRolePermissions, launchRoleTrustPolicy, toJson } from "./iam";
import { lookupScope } from "./scope";
import * as v from "./validation";

export interface LaunchRoleArgs {
    /** ARN of the job runtime role: the only role the launcher may pass, and only to EMR Serverless. Required. */
    runtimeRoleArn: pulumi.Input<string>;
    /** Name of the resource bucket (read/write on `logs/` and `staging/`). Required. */
    bucketName: pulumi.Input<string>;
    /** ARN of the resource bucket's KMS key. Defaults to none (SSE-S3 bucket). */
    bucketKmsKeyArn?: pulumi.Input<string>;
    /** Subnets the applications' network interfaces may use. Defaults to any subnet in the plane's account and region. */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Security groups the applications' network interfaces may use. Defaults to any in the plane's account and region. */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;

    /**
     * Adopt mode (shared plane): attach the launch permissions to this existing role (the
     * control plane's system role) instead of creating one. One of `attachToRoleName`,
     * `attachToUserName` and `trustedPrincipalArns` is required.
     */
    attachToRoleName?: string;
    /** Adopt mode (shared plane): attach the launch permissions to this existing IAM user (`trusted_user-*`). */
    attachToUserName?: string;
    /**
     * Create mode (private plane): a new role that these principals (the vendor's system role and
     * `trusted_user-*` users, usually in another account) may assume, only with the ExternalId.
     * Each by its full ARN: trust policies take no wildcards in principals ("IAM JSON policy
     * elements: Principal"). One or more.
     */
    trustedPrincipalArns?: string[];
    /**
     * The ExternalId the trusted principals must send (create mode). Defaults to a random
     * 40-character id generated once per `externalIdKeeper` and kept across updates.
     */
    externalId?: string;
    /** Regenerates the generated ExternalId only when this value changes (the customer id). Defaults to `""`. */
    externalIdKeeper?: string;
    /** Physical name of the created role. Defaults to a generated name. Create mode only. */
    roleName?: string;

    /**
     * Vendor side of the private-plane trust (adopt mode only): lets the system principal assume
     * these private-plane launch roles, by ARN or by a pattern `arn:aws:iam::*:role/<prefix>*`.
     * Never `*`. Defaults to `[]`.
     */
    assumablePrivatePlaneLaunchRoles?: string[];
    /** Tags for created IAM resources. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * What the control plane uses to create, start and stop EMR Serverless applications and job
 * runs: a new cross-account role trusted with an ExternalId (private plane), or a policy
 * attached to an existing system role or user (shared plane).
 */
export class LaunchRole extends pulumi.ComponentResource {
    /** ARN of the launch role (the created role, or the adopted system role); `undefined` when attached to a user. */
    public readonly roleArn: pulumi.Output<string> | undefined;
    /** The ExternalId the trusted principals must send (a secret); `undefined` in adopt mode. */
    public readonly externalId: pulumi.Output<string> | undefined;
    /** ARN of the managed policy holding the launch permissions; `undefined` in create mode (inline policy). */
    public readonly policyArn: pulumi.Output<string> | undefined;
    /** "create" for a new cross-account role, "attach" when an existing principal was given the permissions. */
    public readonly mode: "create" | "attach";

    constructor(name: string, args: LaunchRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:LaunchRole", name, {}, opts);
        const cfg = validateLaunchRoleArgs(args);
        const parent = { parent: this };
        const scope = lookupScope(this);
        const permissions = pulumi.all([
            scope, args.runtimeRoleArn, args.bucketName, args.bucketKmsKeyArn, args.subnetIds, args.securityGroupIds,
        ]).apply(([s, runtimeRoleArn, bucketName, kmsKeyArn, subnetIds, securityGroupIds]) =>
            toJson(launchRolePermissions({ scope: s, runtimeRoleArn, bucketName, kmsKeyArn, subnetIds, securityGroupIds })));

        this.mode = cfg.mode;
        if (cfg.mode === "create") {
            let externalId: pulumi.Output<string>;
            if (cfg.externalId !== undefined) {
                externalId = pulumi.secret(cfg.externalId);
            } else {
                const generated = new random.RandomPassword(`${name}-external-id`, {
                    length: 40,
                    special: false,
                    keepers: { customer: cfg.externalIdKeeper },
                }, parent);
                externalId = pulumi.secret(generated.result);
            }
            const role = new aws.iam.Role(`${name}-role`, {
                name: cfg.roleName,
                description: "Launches EMR Serverless applications and job runs for the control plane (emr-serverless-dataplane)",
                assumeRolePolicy: externalId.apply((id) => toJson(launchRoleTrustPolicy({ principalArns: cfg.trustedPrincipalArns, externalId: id }))),
                maxSessionDuration: 3600,
                tags: args.tags,
            }, parent);
            new aws.iam.RolePolicy(`${name}-permissions`, {
                role: role.name,
                name: "emr-serverless-launch",
                policy: permissions,
            }, parent);
            this.roleArn = role.arn;
            this.externalId = externalId;
            this.policyArn = undefined;
        } else {
            const policy = new aws.iam.Policy(`${name}-policy`, {
                description: "Launches EMR Serverless applications and job runs in this data plane (emr-serverless-dataplane)",
                policy: permissions,
                tags: args.tags,
            }, parent);
            this.attach(name, "launch", policy, cfg);
            if (cfg.assumablePrivatePlaneLaunchRoles.length > 0) {
                const assume = new aws.iam.Policy(`${name}-assume-private-planes`, {
                    description: "Assumes the private data planes' launch roles (emr-serverless-dataplane)",
                    policy: toJson(assumePrivatePlaneRolesPolicy(cfg.assumablePrivatePlaneLaunchRoles)),
                    tags: args.tags,
                }, parent);
                this.attach(name, "assume-private-planes", assume, cfg);
            }
            this.roleArn = cfg.attachToRoleName ? aws.iam.getRoleOutput({ name: cfg.attachToRoleName }, parent).arn : undefined;
            this.externalId = undefined;
            this.policyArn = policy.arn;
        }
        this.registerOutputs({ roleArn: this.roleArn, externalId: this.externalId, policyArn: this.policyArn });
    }

    private attach(name: string, what: string, policy: aws.iam.Policy, cfg: LaunchRoleSettings): void {
        if (cfg.attachToRoleName) {
            new aws.iam.RolePolicyAttachment(`${name}-${what}-attachment`, { role: cfg.attachToRoleName, policyArn: policy.arn }, { parent: this });
        } else {
            new aws.iam.UserPolicyAttachment(`${name}-${what}-attachment`, { user: cfg.attachToUserName!, policyArn: policy.arn }, { parent: this });
        }
    }
}

export interface LaunchRoleSettings {
    mode: "create" | "attach";
    attachToRoleName?: string;
    attachToUserName?: string;
    trustedPrincipalArns: string[];
    externalId?: string;
    externalIdKeeper: string;
    roleName?: string;
    assumablePrivatePlaneLaunchRoles: string[];
}

/** Validates and defaults {@link LaunchRoleArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateLaunchRoleArgs(args: Partial<LaunchRoleArgs>, field = (f: string) => `args.${f}`): LaunchRoleSettings {
    const chosen = v.exclusive({
        [field("attachToRoleName")]: args.attachToRoleName,
        [field("attachToUserName")]: args.attachToUserName,
        [field("trustedPrincipalArns")]: args.trustedPrincipalArns,
    });
    const mode = chosen === field("trustedPrincipalArns") ? "create" : "attach";
    if (args.attachToRoleName !== undefined) v.iamName(field("attachToRoleName"), args.attachToRoleName);
    if (args.attachToUserName !== undefined) v.iamName(field("attachToUserName"), args.attachToUserName);
    const trustedPrincipalArns = args.trustedPrincipalArns === undefined ? [] :
        v.stringList(field("trustedPrincipalArns"), args.trustedPrincipalArns, (f, x) => v.principalArn(f, x).arn, { min: 1 });
    const onlyInCreate = { externalId: args.externalId, externalIdKeeper: args.externalIdKeeper, roleName: args.roleName };
    for (const [key, value] of Object.entries(onlyInCreate)) {
        if (value !== undefined && mode !== "create") {
            throw new v.ValidationError(field(key), `only applies to a created launch role (set ${field("trustedPrincipalArns")}), not when attaching to an existing principal`);
        }
    }
    if (args.externalId !== undefined) v.externalId(field("externalId"), args.externalId);
    if (args.roleName !== undefined) v.iamName(field("roleName"), args.roleName);
    const assumable = args.assumablePrivatePlaneLaunchRoles ?? [];
    if (assumable.length > 0 && mode !== "attach") {
        throw new v.ValidationError(field("assumablePrivatePlaneLaunchRoles"),
            `only applies when attaching to the shared plane's system principal (${field("attachToRoleName")} or ${field("attachToUserName")})`);
    }
    return {
        mode,
        attachToRoleName: args.attachToRoleName,
        attachToUserName: args.attachToUserName,
        trustedPrincipalArns,
        externalId: args.externalId,
        externalIdKeeper: args.externalIdKeeper ?? "",
        roleName: args.roleName,
        assumablePrivatePlaneLaunchRoles: v.stringList(field("assumablePrivatePlaneLaunchRoles"), assumable, v.roleArnOrPattern),
    };
}
