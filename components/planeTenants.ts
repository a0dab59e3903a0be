import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TenantSpec, dataSourceStatements, deliveryOf, executionIamPolicyOf, policy, prefixesOf, s3ViaService, tenantPolicyText, toJson, TenantPolicyDelivery } from "./iam";
import { arn } from "../vocabulary/arn";
import { SDK_PARTITIONS } from "../vocabulary/partitions.generated";
import { EXECUTION_POLICY_LIMITS, ExecutionIamPolicy, MANAGED_POLICY_MAX_CHARS, TENANT_ID_PATTERN, TENANT_ID_RULE } from "../vocabulary/tenants";
import { lookupScope } from "./scope";
import * as v from "./validation";

export interface PlaneTenantsArgs {
    /** The shared plane's tenants: ids, customer roles and data sources (plain values, known at preview). Required (at least one). */
    tenants: TenantSpec[];
    /** The plane's resource bucket (the tenants' prefixes are in it). Required. */
    bucketName: pulumi.Input<string>;
    /** The bucket's KMS key, when it uses SSE-KMS. Defaults to none. */
    bucketKmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * An adopted bucket's own SSE-KMS key, when no `bucketKmsKeyArn` is configured (ResourceBucket's
     * `defaultKeyArn`; `""` when the bucket has none): each tenant uses it through S3 only, for its own
     * prefixes, as the runtime role does. Defaults to none.
     */
    bucketDefaultKeyArn?: pulumi.Input<string> | undefined;
    /** Name of the plane's runtime role: it is granted the union of the tenants' data sources. Required. */
    runtimeRoleName: pulumi.Input<string>;
    /** Prefix of the managed policies created for tenants whose policy is too long to send inline. Defaults to `emr-dataplane`. */
    namePrefix?: string;
    /** Tags for the managed policies. Defaults to none. */
    tags?: Record<string, string>;
}

/** One tenant as the control-plane message carries it. */
export interface MessageTenant {
    /** The tenant's id. */
    id: string;
    /** What every job run of the tenant is started with (StartJobRun's `executionIamPolicy`): the policy inline, or its managed policy's ARN. */
    executionIamPolicy: ExecutionIamPolicy;
}

/**
 * The tenants of a shared plane: each tenant's execution IAM policy (what every job run of the tenant
 * is started with, intersected with the runtime role), and the runtime role's grant on the tenants'
 * data sources. A policy that fits StartJobRun's 2,048 characters is sent inline (minified); a larger
 * one becomes a customer managed policy of the plane's account, sent by ARN. Which of the two is fixed
 * at preview, from the longest the policy can be (an unknown bucket name counted at 63 characters), so
 * a tenant whose policy fits neither fails the preview, by name.
 */
export class PlaneTenants extends pulumi.ComponentResource {
    /** Each tenant's `executionIamPolicy`, by id. */
    public readonly executionPolicies: pulumi.Output<Record<string, ExecutionIamPolicy>>;
    /** The tenants as the control-plane message lists them, in declared order. */
    public readonly messageTenants: pulumi.Output<MessageTenant[]>;
    /** How each tenant's policy is delivered, by id: `inline` (in the request) or `managed` (a managed policy's ARN), fixed at preview. */
    public readonly deliveries: pulumi.Output<Record<string, string>>;
    /** Each tenant's output folder (`output/tenants/<id>/`), by id: the folder marker the plane creates. */
    public readonly outputFolders: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: PlaneTenantsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:PlaneTenants", name, {}, opts);
        const tenants = validateTenants(args.tenants, "args.tenants");
        const namePrefix = args.namePrefix ?? "emr-dataplane";
        const bucketName = typeof args.bucketName === "string" ? args.bucketName : undefined;
        const encrypted = args.bucketKmsKeyArn !== undefined;
        const kmsKeyArn = typeof args.bucketKmsKeyArn === "string" ? args.bucketKmsKeyArn : undefined;
        const adoptedKeyPossible = args.bucketDefaultKeyArn !== undefined;
        const deliveries = tenantDeliveries(tenants, { bucketName, encrypted, kmsKeyArn, adoptedKeyPossible, namePrefix }, "args.tenants");
        const plans = tenants.map((t, i) => ({ tenant: t, delivery: deliveries[i] }));
        this.deliveries = pulumi.output(Object.fromEntries(plans.map((p): [string, TenantPolicyDelivery["kind"]] => [p.tenant.id, p.delivery.kind])));
        const scope = lookupScope(this);

        const sources = tenants.flatMap((t) => t.dataSources ?? []);
        if (sources.length > 0) {
            new aws.iam.RolePolicy(`${name}-data-sources`, {
                role: args.runtimeRoleName,
                name: "emr-serverless-tenant-data-sources",
                policy: toJson(policy(...dataSourceStatements(sources))),
            }, { parent: this });
        }

        // Each tenant's output folder exists before its first job: Spark's mkdirs of a new output path
        // then stops at it, and never probes (lists) `output/tenants/`, where the tenant's policy refuses
        // it — that LIST would show the other tenants' ids (components/iam/sparkRequests.ts,
        // tenantSampleRequests). The marker is an empty object whose key ends in `/`, the directory
        // marker S3A writes and finds (its HEAD of `<key>/`).
        this.outputFolders = pulumi.output(Object.fromEntries(tenants.map((t) => [t.id, prefixesOf(t.id).output])));
        for (const t of tenants) {
            new aws.s3.BucketObjectv2(`${name}-${t.id}-output-folder`, {
                bucket: args.bucketName,
                key: prefixesOf(t.id).output,
                content: "",
                tags: args.tags,
            }, { parent: this });
        }

        const entries = plans.map(({ tenant, delivery }) => {
            const text = pulumi.all([scope, args.bucketName, args.bucketKmsKeyArn, args.bucketDefaultKeyArn]).apply(([s, bucketName, kmsKeyArn, defaultKeyArn]) =>
                tenantPolicyText({ partition: s.partition, bucketName, kmsKeyArn, defaultKey: defaultKeyArn ? { keyArn: defaultKeyArn, region: s.region } : undefined, tenant }));
            if (delivery.kind === "inline") return text.apply((t) => ({ id: tenant.id, executionIamPolicy: executionIamPolicyOf(t, delivery) }));
            const managed = new aws.iam.Policy(`${name}-${tenant.id}`, {
                name: managedPolicyName(namePrefix, tenant.id),
                description: `Execution IAM policy of tenant ${tenant.id}'s EMR Serverless job runs (emr-serverless-dataplane)`,
                policy: text,
                tags: args.tags,
            }, { parent: this });
            return pulumi.all([text, managed.arn]).apply(([t, policyArn]) => ({ id: tenant.id, executionIamPolicy: executionIamPolicyOf(t, delivery, policyArn) }));
        });
        this.messageTenants = pulumi.all(entries);
        this.executionPolicies = this.messageTenants.apply((list) => Object.fromEntries(list.map((t) => [t.id, t.executionIamPolicy])));
        this.registerOutputs({ executionPolicies: this.executionPolicies, messageTenants: this.messageTenants, deliveries: this.deliveries, outputFolders: this.outputFolders });
    }
}

/** The managed policy of a tenant whose policy is sent by ARN. */
export function managedPolicyName(namePrefix: string, id: string): string {
    return `${namePrefix}-tenant-${id}`;
}

/** The longest values an unknown input can take: the delivery chosen for them holds for every real value. */
const LONGEST = {
    partition: "aws-us-gov",
    bucketName: "b".repeat(63),
    kmsKeyArn: `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-${"0".repeat(32)}`,
};

/** Each partition with its region whose S3 `kms:ViaService` value is longest: the worst cases an unknown partition and region can be. */
const PARTITION_WORST_REGIONS = SDK_PARTITIONS.map((p) => ({
    partition: p.id as string,
    region: (p.regions as readonly string[]).reduce((a, b) => (s3ViaService(b).length > s3ViaService(a).length ? b : a)),
}));

/** What is known of the bucket before anything exists: its name and key when given, whether it is encrypted with a key. */
export interface TenantBucketFacts {
    bucketName?: string;
    /** Whether the bucket uses SSE-KMS (its key ARN may be known only later). */
    encrypted: boolean;
    kmsKeyArn?: string;
    /** Whether the bucket is adopted with no key configured, so it may be encrypted with its own key (read at preview). */
    adoptedKeyPossible?: boolean;
    namePrefix: string;
}

/**
 * How each tenant's policy is delivered, decided from the longest values unknown inputs can take (so
 * it holds for the real ones); throws a ValidationError naming `<field>[i]` for a tenant whose policy
 * fits neither inline nor in a managed policy. The stack runs it on its config, before anything is
 * registered; the component again on its args.
 */
export function tenantDeliveries(tenants: TenantSpec[], bucket: TenantBucketFacts, field: string): TenantPolicyDelivery[] {
    return tenants.map((t, i) => worstCaseDelivery(t, bucket, `${field}[${i}]`));
}

function worstCaseDelivery(tenant: TenantSpec, facts: TenantBucketFacts, field: string): TenantPolicyDelivery {
    const namePrefix = facts.namePrefix;
    const bucketName = facts.bucketName ?? LONGEST.bucketName;
    const kmsKeyArn = facts.encrypted ? facts.kmsKeyArn ?? LONGEST.kmsKeyArn : undefined;
    // An adopted bucket's own key names the region (kms:ViaService): the longest text over every partition and its longest region.
    const text = facts.adoptedKeyPossible && !facts.encrypted
        ? PARTITION_WORST_REGIONS.map((w) => tenantPolicyText({ partition: w.partition, bucketName, defaultKey: { keyArn: LONGEST.kmsKeyArn, region: w.region }, tenant }))
            .reduce((a, b) => (b.length > a.length ? b : a))
        : tenantPolicyText({ partition: LONGEST.partition, bucketName, kmsKeyArn, tenant });
    const arnChars = arn.role(LONGEST.partition, "123456789012", managedPolicyName(namePrefix, tenant.id)).replace(":role/", ":policy/").length;
    const delivery = deliveryOf(text, arnChars);
    if (!delivery) {
        throw new v.ValidationError(field, `tenant ${tenant.id}'s execution policy is ${text.length} characters: more than StartJobRun's ${EXECUTION_POLICY_LIMITS.maxChars} inline ` +
            `and a managed policy's ${MANAGED_POLICY_MAX_CHARS}; give the tenant fewer customer roles or data sources`);
    }
    return delivery;
}

/**
 * Checks a tenant list: each id by {@link TENANT_ID_RULE}, unique; customer roles exact role ARNs
 * (no patterns: a pattern could match another tenant's role); data sources access point ARNs; no role
 * or access point shared by two tenants. Throws a ValidationError naming `<field>[i].<key>`.
 */
export function validateTenants(value: unknown, field: string): TenantSpec[] {
    if (!Array.isArray(value) || value.length === 0) throw new v.ValidationError(field, "must list at least one tenant");
    const owner = new Map<string, string>();
    const ids = new Set<string>();
    return value.map((raw, i) => {
        const at = `${field}[${i}]`;
        if (raw === null || typeof raw !== "object") throw new v.ValidationError(at, `must be a tenant { id, customerRoleArns?, dataSources? }, got ${JSON.stringify(raw)}`);
        const { id, customerRoleArns, dataSources, ...rest } = raw as Record<string, unknown>;
        const unknown = Object.keys(rest)[0];
        if (unknown !== undefined) throw new v.ValidationError(`${at}.${unknown}`, "is not a tenant field (id, customerRoleArns, dataSources)");
        if (typeof id !== "string" || !TENANT_ID_PATTERN.test(id)) throw new v.ValidationError(`${at}.id`, `must be ${TENANT_ID_RULE}, got ${JSON.stringify(id)}`);
        if (ids.has(id)) throw new v.ValidationError(`${at}.id`, `repeats tenant ${JSON.stringify(id)}: each tenant is declared once`);
        ids.add(id);
        const roles = customerRoleArns === undefined ? [] : v.stringList(`${at}.customerRoleArns`, customerRoleArns, v.roleArn);
        const aps = dataSources === undefined ? [] : v.stringList(`${at}.dataSources`, dataSources, v.accessPointArn);
        for (const [list, key] of [[roles, "customerRoleArns"], [aps, "dataSources"]] as const) {
            list.forEach((a, j) => {
                const other = owner.get(a);
                if (other !== undefined && other !== id) throw new v.ValidationError(`${at}.${key}[${j}]`, `${a} is already tenant ${other}'s: a role or data source serves one tenant`);
                owner.set(a, id);
            });
        }
        return { id, ...(roles.length ? { customerRoleArns: roles } : {}), ...(aps.length ? { dataSources: aps } : {}) };
    });
}
