import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { assumePrivatePlaneRolesPolicy, launchRolePermissions, launchRoleTrustPolicy, toJson } from "./iam";
import { lookupScope } from "./scope";
import * as v from "./validation";

/** How a `LaunchRole` grants the launch permissions. */
export const LaunchRoleMode = {
    /** A new cross-account role, trusted with an ExternalId (private plane). */
    Create: "create",
    /** A managed policy attached to an existing system role or user (shared plane). */
    Attach: "attach",
} as const;
export type LaunchRoleMode = (typeof LaunchRoleMode)[keyof typeof LaunchRoleMode];

export interface LaunchRoleArgs {
    /** ARN of the job runtime role: the only role the launcher may pass, and only to EMR Serverless. Required. */
    runtimeRoleArn: pulumi.Input<string>;
    /** Name of the resource bucket (read/write on `logs/` and `staging/`). Required. */
    bucketName: pulumi.Input<string>;
    /** ARN of the resource bucket's KMS key. Defaults to none (SSE-S3 bucket). */
    bucketKmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * The plane's own EMR Serverless application (`SparkApplication.applicationId`, or an adopted one's
     * id): the role may then start, follow, list and cancel job runs on it only, and can create, update
     * or delete no application — the paying account's maximum capacity stays where it set it. Defaults
     * to none: the launcher creates its applications (the seed's mode, with the tag conditions).
     */
    applicationId?: pulumi.Input<string>;
    /** Launcher mode: subnets the created applications' network interfaces may use. Defaults to any subnet in the plane's account and region. */
    subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Launcher mode: security groups the created applications' network interfaces may use. Defaults to any in the plane's account and region. */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;

    /**
     * Adopt mode (shared plane): attach the launch permissions to this existing role (the
     * control plane's system role) instead of creating one. One of `attachToRoleName`,
     * `attachToUserName` and `trustedPrincipalArns` is required.
     */
    attachToRoleName?: pulumi.Input<string>;
    /** Adopt mode (shared plane): attach the launch permissions to this existing IAM user (`trusted_user-*`). */
    attachToUserName?: pulumi.Input<string>;
    /**
     * Create mode (private plane): a new role that these principals (the vendor's system role and
     * `trusted_user-*` users, usually in another account) may assume, only with the ExternalId.
     * Each by its full ARN: trust policies take no wildcards in principals ("IAM JSON policy
     * elements: Principal"). One or more.
     */
    trustedPrincipalArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The ExternalId the trusted principals must send (create mode). Defaults to a random
     * 40-character id generated once per `externalIdKeeper` and kept across updates. Kept secret
     * (in the trust policy and the `externalId` output) whether or not it is given as one.
     */
    externalId?: pulumi.Input<string>;
    /** Regenerates the generated ExternalId only when this value changes (the customer id). Defaults to `""`. */
    externalIdKeeper?: pulumi.Input<string>;
    /** Physical name of the created role. Defaults to a generated name. Create mode only. */
    roleName?: pulumi.Input<string>;

    /**
     * Vendor side of the private-plane trust (adopt mode only): lets the system principal assume
     * these private-plane launch roles, by ARN or by a pattern `arn:aws:iam::*:role/<prefix>*`.
     * Never `*`. Defaults to `[]`.
     */
    assumablePrivatePlaneLaunchRoles?: pulumi.Input<pulumi.Input<string>[]>;
    /** Tags for created IAM resources. Defaults to none. */
    tags?: Record<string, string>;
    /** ARN of a managed policy set as the created role's permissions boundary (`dataplane onboard`'s). Create mode only. Defaults to none. */
    permissionsBoundary?: pulumi.Input<string>;
}

/** `LaunchRoleArgs` of a new cross-account role (private plane): `trustedPrincipalArns` given, nothing to attach to. */
export type CrossAccountLaunchRoleArgs = Omit<LaunchRoleArgs, "attachToRoleName" | "attachToUserName" | "assumablePrivatePlaneLaunchRoles"> &
    Required<Pick<LaunchRoleArgs, "trustedPrincipalArns">>;

/** `LaunchRoleArgs` of the permissions attached to an existing principal (shared plane): no trust, no ExternalId. */
export type AttachedLaunchRoleArgs = Omit<LaunchRoleArgs, "trustedPrincipalArns" | "externalId" | "externalIdKeeper" | "roleName">;

/** A `LaunchRole` made by `LaunchRole.crossAccount`: its role and ExternalId always exist. */
export interface CrossAccountLaunchRole extends LaunchRole {
    readonly mode: "create";
    readonly roleArn: pulumi.Output<string>;
    readonly externalId: pulumi.Output<string>;
    readonly policyArn: undefined;
}

/** A `LaunchRole` made by `LaunchRole.attachedTo`: its managed policy always exists (and the role's ARN when attached to a role). */
export interface AttachedLaunchRole extends LaunchRole {
    readonly mode: "attach";
    readonly externalId: undefined;
    readonly policyArn: pulumi.Output<string>;
}

/**
 * What the control plane launches job runs with: on the plane's own application only (with
 * `applicationId`), or creating applications as it goes (launcher mode). A new cross-account role
 * trusted with an ExternalId (private plane), or a policy attached to an existing system role or
 * user (shared plane).
 */
export class LaunchRole extends pulumi.ComponentResource {
    // Which outputs exist depends on the mode, so the fields below are typed `| undefined`; the
    // factories build the same component with the outputs their mode always has typed as plain
    // Outputs (TypeScript only: other languages see one component, its outputs optional).

    /** A new cross-account role (private plane), typed with the outputs it always has: `roleArn` and the secret `externalId`. */
    static crossAccount(name: string, args: CrossAccountLaunchRoleArgs, opts?: pulumi.ComponentResourceOptions): CrossAccountLaunchRole {
        return new LaunchRole(name, args, opts) as CrossAccountLaunchRole;
    }

    /** The launch permissions attached to an existing role or user (shared plane), typed with the outputs it always has: `policyArn`, and `roleArn` for a role. */
    static attachedTo(name: string, args: AttachedLaunchRoleArgs & { attachToRoleName: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions): AttachedLaunchRole & { readonly roleArn: pulumi.Output<string> };
    static attachedTo(name: string, args: AttachedLaunchRoleArgs & { attachToUserName: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions): AttachedLaunchRole & { readonly roleArn: undefined };
    static attachedTo(name: string, args: AttachedLaunchRoleArgs, opts?: pulumi.ComponentResourceOptions): AttachedLaunchRole {
        return new LaunchRole(name, args, opts) as AttachedLaunchRole;
    }

    /** ARN of the launch role (the created role, or the adopted system role); `undefined` when attached to a user. */
    public readonly roleArn: pulumi.Output<string> | undefined;
    /** The ExternalId the trusted principals must send (a secret); `undefined` in adopt mode. */
    public readonly externalId: pulumi.Output<string> | undefined;
    /** ARN of the managed policy holding the launch permissions; `undefined` in create mode (inline policy). */
    public readonly policyArn: pulumi.Output<string> | undefined;
    /** `create` for a new cross-account role, `attach` when an existing principal was given the permissions. */
    public readonly mode: LaunchRoleMode;
    /** `plane` when paired with the plane's own application (`applicationId`), `launcher` when it creates applications. */
    public readonly applicationMode: ApplicationMode;

    constructor(name: string, args: LaunchRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:LaunchRole", name, {}, opts);
        const cfg = validateLaunchRoleArgs(args);
        const parent = { parent: this };
        const scope = lookupScope(this);
        const permissions = pulumi.all([
            scope, args.runtimeRoleArn, args.bucketName, args.bucketKmsKeyArn, args.subnetIds, args.securityGroupIds, cfg.applicationId,
        ]).apply(([s, runtimeRoleArn, bucketName, kmsKeyArn, subnetIds, securityGroupIds, applicationId]) =>
            toJson(launchRolePermissions({ scope: s, runtimeRoleArn, bucketName, kmsKeyArn, subnetIds, securityGroupIds, applicationId })));

        this.mode = cfg.mode;
        this.applicationMode = cfg.applicationId === undefined ? ApplicationMode.Launcher : ApplicationMode.Plane;
        const launches = cfg.applicationId === undefined ? "Launches EMR Serverless applications and job runs" : "Launches EMR Serverless job runs on the plane's application";
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
                description: `${launches} for the control plane (emr-serverless-dataplane)`,
                assumeRolePolicy: pulumi.all([externalId, cfg.trustedPrincipalArns]).apply(([id, principalArns]) =>
                    toJson(launchRoleTrustPolicy({ principalArns, externalId: id }))),
                maxSessionDuration: 3600,
                permissionsBoundary: cfg.permissionsBoundary,
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
                description: `${launches} in this data plane (emr-serverless-dataplane)`,
                policy: permissions,
                tags: args.tags,
            }, parent);
            this.attach(name, "launch", policy, cfg);
            if (cfg.assumesPrivatePlaneLaunchRoles) {
                const assume = new aws.iam.Policy(`${name}-assume-private-planes`, {
                    description: "Assumes the private data planes' launch roles (emr-serverless-dataplane)",
                    policy: cfg.assumablePrivatePlaneLaunchRoles.apply((roles) => toJson(assumePrivatePlaneRolesPolicy(roles))),
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

/** Where the launcher's job runs go: the plane's own application, or applications the launcher creates. */
export const ApplicationMode = {
    /** The plane owns its application (`SparkApplication`); the launch role starts job runs on it only. */
    Plane: "plane",
    /** The launcher creates applications as it needs them (the seed's behaviour). */
    Launcher: "launcher",
} as const;
export type ApplicationMode = (typeof ApplicationMode)[keyof typeof ApplicationMode];

export interface LaunchRoleSettings {
    mode: LaunchRoleMode;
    /** The plane's application; `undefined` in launcher mode. */
    applicationId?: pulumi.Output<string>;
    attachToRoleName?: pulumi.Output<string>;
    attachToUserName?: pulumi.Output<string>;
    trustedPrincipalArns: pulumi.Output<string[]>;
    externalId?: pulumi.Output<string>;
    externalIdKeeper: pulumi.Input<string>;
    roleName?: pulumi.Output<string>;
    assumablePrivatePlaneLaunchRoles: pulumi.Output<string[]>;
    /** Whether to grant `sts:AssumeRole` on private planes' launch roles: a non-empty list, or one given as an Output. */
    assumesPrivatePlaneLaunchRoles: boolean;
    permissionsBoundary?: pulumi.Output<string>;
}

/** Validates and defaults {@link LaunchRoleArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateLaunchRoleArgs(args: Partial<LaunchRoleArgs>, field = (f: string) => `args.${f}`): LaunchRoleSettings {
    const chosen = v.exclusive({
        [field("attachToRoleName")]: args.attachToRoleName,
        [field("attachToUserName")]: args.attachToUserName,
        [field("trustedPrincipalArns")]: args.trustedPrincipalArns,
    });
    const mode = chosen === field("trustedPrincipalArns") ? LaunchRoleMode.Create : LaunchRoleMode.Attach;
    const attachToRoleName = v.checkedOptional(args.attachToRoleName, (n) => v.iamName(field("attachToRoleName"), n));
    const attachToUserName = v.checkedOptional(args.attachToUserName, (n) => v.iamName(field("attachToUserName"), n));
    const trustedPrincipalArns = args.trustedPrincipalArns === undefined ? pulumi.output([]) :
        v.checked(args.trustedPrincipalArns, (list) => v.stringList(field("trustedPrincipalArns"), list, (f, x) => v.principalArn(f, x).arn, { min: 1 }));
    const onlyInCreate = { externalId: args.externalId, externalIdKeeper: args.externalIdKeeper, roleName: args.roleName, permissionsBoundary: args.permissionsBoundary };
    for (const [key, value] of Object.entries(onlyInCreate)) {
        if (value !== undefined && mode !== "create") {
            throw new v.ValidationError(field(key), `only applies to a created launch role (set ${field("trustedPrincipalArns")}), not when attaching to an existing principal`);
        }
    }
    const externalId = v.checkedOptional(args.externalId, (id) => v.externalId(field("externalId"), id));
    const roleName = v.checkedOptional(args.roleName, (n) => v.iamName(field("roleName"), n));
    const assumable = args.assumablePrivatePlaneLaunchRoles ?? [];
    const assumes = !v.isKnown(assumable) || (assumable as unknown[]).length > 0;
    if (assumes && mode !== "attach") {
        throw new v.ValidationError(field("assumablePrivatePlaneLaunchRoles"),
            `only applies when attaching to the shared plane's system principal (${field("attachToRoleName")} or ${field("attachToUserName")})`);
    }
    const applicationId = v.checkedOptional(args.applicationId, (id) => v.applicationId(field("applicationId"), id));
    if (applicationId !== undefined) {
        for (const key of ["subnetIds", "securityGroupIds"] as const) {
            if (args[key] !== undefined) throw new v.ValidationError(field(key), `only applies when the launcher creates applications; with ${field("applicationId")} the plane's application has its network already`);
        }
    }
    return {
        mode,
        applicationId,
        attachToRoleName,
        attachToUserName,
        trustedPrincipalArns,
        externalId,
        externalIdKeeper: args.externalIdKeeper ?? "",
        roleName,
        assumablePrivatePlaneLaunchRoles: v.checked(assumable, (list) => v.stringList(field("assumablePrivatePlaneLaunchRoles"), list, v.roleArnOrPattern)),
        assumesPrivatePlaneLaunchRoles: assumes,
        permissionsBoundary: v.checkedOptional(args.permissionsBoundary, (a) => v.managedPolicyArn(field("permissionsBoundary"), a)),
    };
}
