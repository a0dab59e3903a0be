import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { glueCatalogPolicy, runtimeRolePermissions, runtimeRoleTrustPolicy, toJson } from "./iam";
import { lookupScope } from "./scope";
import * as v from "./validation";

export interface RuntimeRoleArgs {
    /** Name of the resource bucket the jobs log to and stage files in (read/write on `logs/` and `staging/`). Required. */
    bucketName: pulumi.Input<string>;
    /** ARN of the resource bucket's KMS key (`ResourceBucket.kmsKeyArn`, `undefined` for SSE-S3); the role may use this key and no other. Defaults to none (SSE-S3 bucket). */
    bucketKmsKeyArn?: pulumi.Input<string> | undefined;
    /** Buckets the jobs may read but not write (public data sets). Defaults to `[]`. */
    readOnlyBuckets?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Customer data-access roles the jobs may assume: role ARNs, or name patterns
     * `arn:aws:iam::<account|*>:role/<prefix>*`. Never `*`. Defaults to `[]`.
     */
    assumableRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Glue Data Catalog databases the jobs may read (tables, partitions, functions), by name. Opt-in:
     * nothing of the catalog is granted by default. Set the application's `useGlueDataCatalog` so jobs
     * use it. Defaults to `[]`.
     */
    glueReadOnlyDatabases?: pulumi.Input<pulumi.Input<string>[]>;
    /** Glue databases whose tables and partitions the jobs may also create, update and delete (not the databases themselves). Defaults to `[]`. */
    glueReadWriteDatabases?: pulumi.Input<pulumi.Input<string>[]>;
    /** Physical role name. Defaults to a generated name (`<component name>-role-<suffix>`). */
    roleName?: pulumi.Input<string>;
    /** Tags for the role. Defaults to none. */
    tags?: Record<string, string>;
    /**
     * ARN of a managed policy set as the role's permissions boundary: the onboarding boundary a
     * customer's deployer role requires on every role it creates (`dataplane onboard`). Defaults to none.
     */
    permissionsBoundary?: pulumi.Input<string>;
}

/**
 * The IAM role EMR Serverless job runs execute as. Trusted only by `emr-serverless.amazonaws.com`
 * for applications in its own account and region; allowed only its resource bucket (and that bucket's
 * key), the read-only buckets and the assumable roles it is given.
 */
export class RuntimeRole extends pulumi.ComponentResource {
    /** The role's ARN: the message's `jobRuntimeRoleArn`, and the only role the launch role may pass. */
    public readonly roleArn: pulumi.Output<string>;
    /** The role's name. */
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: RuntimeRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:RuntimeRole", name, {}, opts);
        const cfg = validateRuntimeRoleArgs(args);
        const scope = lookupScope(this);

        const role = new aws.iam.Role(`${name}-role`, {
            name: cfg.roleName,
            description: "EMR Serverless job runtime role (emr-serverless-dataplane)",
            assumeRolePolicy: scope.apply((s) => toJson(runtimeRoleTrustPolicy(s))),
            maxSessionDuration: 3600,
            permissionsBoundary: cfg.permissionsBoundary,
            tags: args.tags,
        }, { parent: this });

        new aws.iam.RolePolicy(`${name}-permissions`, {
            role: role.name,
            name: "emr-serverless-job-runtime",
            policy: pulumi.all([scope, args.bucketName, args.bucketKmsKeyArn, cfg.readOnlyBuckets, cfg.assumableRoleArns])
                .apply(([s, bucketName, kmsKeyArn, readOnlyBuckets, assumableRoleArns]) =>
                    toJson(runtimeRolePermissions({ partition: s.partition, bucketName, kmsKeyArn, readOnlyBuckets, assumableRoleArns }))),
        }, { parent: this });

        if (cfg.grantsGlue) {
            new aws.iam.RolePolicy(`${name}-glue-catalog`, {
                role: role.name,
                name: "emr-serverless-glue-catalog",
                policy: pulumi.all([scope, cfg.glueReadOnlyDatabases, cfg.glueReadWriteDatabases]).apply(([s, readOnlyDatabases, readWriteDatabases]) =>
                    toJson(glueCatalogPolicy({ scope: s, readOnlyDatabases, readWriteDatabases }) ?? { Version: "2012-10-17", Statement: [] })),
            }, { parent: this });
        }

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}

export interface RuntimeRoleSettings {
    roleName?: pulumi.Output<string>;
    readOnlyBuckets: pulumi.Output<string[]>;
    assumableRoleArns: pulumi.Output<string[]>;
    glueReadOnlyDatabases: pulumi.Output<string[]>;
    glueReadWriteDatabases: pulumi.Output<string[]>;
    /** Whether a Glue database is named (or a list is given as an Output): the grant's policy is then created. */
    grantsGlue: boolean;
    permissionsBoundary?: pulumi.Output<string>;
}

/** Validates and defaults {@link RuntimeRoleArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateRuntimeRoleArgs(args: Partial<RuntimeRoleArgs>, field = (f: string) => `args.${f}`): RuntimeRoleSettings {
    const readOnly = args.glueReadOnlyDatabases ?? [];
    const readWrite = args.glueReadWriteDatabases ?? [];
    const glue = v.checked({ readOnly, readWrite }, (lists) => {
        const ro = v.stringList(field("glueReadOnlyDatabases"), lists.readOnly, v.glueDatabaseName);
        const rw = v.stringList(field("glueReadWriteDatabases"), lists.readWrite, v.glueDatabaseName);
        const both = ro.find((db) => rw.includes(db));
        if (both !== undefined) throw new v.ValidationError(field("glueReadOnlyDatabases"), `lists ${JSON.stringify(both)}, also in ${field("glueReadWriteDatabases")}: name each database once`);
        return { ro, rw };
    });
    const listed = (list: unknown) => !v.isKnown(list) || (list as unknown[]).length > 0;
    return {
        roleName: v.checkedOptional(args.roleName, (name) => v.iamName(field("roleName"), name)),
        readOnlyBuckets: v.checked(args.readOnlyBuckets ?? [], (list) => v.stringList(field("readOnlyBuckets"), list, v.bucketName)),
        assumableRoleArns: v.checked(args.assumableRoleArns ?? [], (list) => v.stringList(field("assumableRoleArns"), list, v.roleArnOrPattern)),
        glueReadOnlyDatabases: glue.apply((g) => g.ro),
        glueReadWriteDatabases: glue.apply((g) => g.rw),
        grantsGlue: listed(readOnly) || listed(readWrite),
        permissionsBoundary: v.checkedOptional(args.permissionsBoundary, (a) => v.managedPolicyArn(field("permissionsBoundary"), a)),
    };
}
