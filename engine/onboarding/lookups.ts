/**
 * The look-ups a plane's program makes before it creates anything (provider invokes: identity,
 * availability zones, an adopted network's subnets, route tables and endpoint, an adopted bucket's
 * settings and key, an adopted role), and the IAM actions each is authorized as. The table of
 * ./table.ts covers what the provider sends for each *registered* resource; this one covers what the
 * program *asks*, by the invoke tokens the offline engine records (engine/offline/run.ts) — a plane
 * that makes a look-up missing here fails onboarding by name, as an unknown resource type does.
 *
 * Sources, in each row: the provider function behind the data source (`internal/service/...` of the
 * Terraform AWS provider that `@pulumi/aws` 7.x wraps) and the Service Authorization Reference page
 * of the service ("Actions, resources, and condition keys for …") for the action's resource type.
 * Look-ups run whenever the program runs: `pulumi up` (create and update) and `pulumi preview`;
 * `pulumi destroy` and `refresh` do not run the program.
 */
import type { RecordedInvoke } from "../offline/run";
import { Scope, arn } from "../../vocabulary/arn";
import { UserError } from "../../vocabulary/userError";
import type { ActionUse, Phase } from "./table";

/** A plane makes a provider look-up this table does not know: its deployer could not make it. */
export class UnknownLookupError extends UserError {}

/** One action a look-up is authorized as, on one resource (an ARN, or `*` for actions with no resource type). */
export interface LookupAction {
    action: string;
    resource: string;
    when?: string;
}

export interface LookupEntry {
    /** The invoke token (`aws:ec2/getSubnet:getSubnet`). */
    token: string;
    /** Where the calls come from: the provider's data source, or the API reference. */
    source: string;
    /** The actions one invoke is authorized as; none for a look-up that needs no permission (`noPermission` says why). */
    actions: (invoke: RecordedInvoke, scope: Scope) => LookupAction[];
    noPermission?: string;
}

const SAR = {
    ec2: "Actions, resources, and condition keys for Amazon EC2",
    s3: "Actions, resources, and condition keys for Amazon S3",
    kms: "Actions, resources, and condition keys for AWS Key Management Service",
    iam: "Actions, resources, and condition keys for AWS Identity and Access Management (IAM)",
    cloudformation: "Actions, resources, and condition keys for AWS CloudFormation",
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const STAR = (action: string): LookupAction[] => [{ action, resource: "*" }];

/**
 * What Cloud Control's read of `AWS::S3::Bucket` reads: the whole bucket resource, one S3 Get per
 * property of the type (the read handler of the type's registry schema; the settings the plane uses —
 * encryption, versioning, lifecycle, public access block — are the ones docs/adoption.md names, the
 * rest are the bucket's other properties, each its S3 read action in the Service Authorization
 * Reference). Read-only, on the adopted bucket alone.
 */
export const CLOUD_CONTROL_BUCKET_READS = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetEncryptionConfiguration", "s3:GetBucketVersioning",
    "s3:GetLifecycleConfiguration", "s3:GetBucketPublicAccessBlock", "s3:GetBucketOwnershipControls", "s3:GetBucketPolicy", "s3:GetBucketAcl",
    "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketLogging", "s3:GetBucketNotification", "s3:GetBucketTagging",
    "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetAnalyticsConfiguration",
    "s3:GetInventoryConfiguration", "s3:GetMetricsConfiguration", "s3:GetIntelligentTieringConfiguration"];

export const LOOKUP_TABLE: readonly LookupEntry[] = [
    {
        token: "aws:index/getCallerIdentity:getCallerIdentity", source: "STS API Reference, GetCallerIdentity", actions: () => [],
        noPermission: "\"No permissions are required to perform this operation\" (STS API Reference, GetCallerIdentity)",
    },
    {
        token: "aws:index/getPartition:getPartition", source: "internal/service/meta/partition_data_source.go", actions: () => [],
        noPermission: "answered from the provider's own configuration: no AWS call",
    },
    {
        token: "aws:index/getRegion:getRegion", source: "internal/service/meta/region_data_source.go", actions: () => [],
        noPermission: "answered from the SDK's endpoint data (FindRegionByName): no AWS call",
    },
    { token: "aws:index/getAvailabilityZones:getAvailabilityZones", source: `internal/service/ec2/ec2_availability_zones_data_source.go; ${SAR.ec2}`, actions: () => STAR("ec2:DescribeAvailabilityZones") },
    { token: "aws:ec2/getSubnet:getSubnet", source: `internal/service/ec2/vpc_subnet_data_source.go; ${SAR.ec2}`, actions: () => STAR("ec2:DescribeSubnets") },
    { token: "aws:ec2/getRouteTable:getRouteTable", source: `internal/service/ec2/vpc_route_table_data_source.go; ${SAR.ec2}`, actions: () => STAR("ec2:DescribeRouteTables") },
    { token: "aws:ec2/getVpcEndpoint:getVpcEndpoint", source: `internal/service/ec2/vpc_endpoint_data_source.go; ${SAR.ec2}`, actions: () => STAR("ec2:DescribeVpcEndpoints") },
    { token: "aws:ec2/getVpcEndpointService:getVpcEndpointService", source: `internal/service/ec2/vpc_endpoint_service_data_source.go; ${SAR.ec2}`, actions: () => STAR("ec2:DescribeVpcEndpointServices") },
    {
        // findBucket and findBucketRegion are HeadBucket (authorized as s3:ListBucket); the website read that
        // follows only logs a warning when refused (internal/service/s3/bucket_data_source.go), so it is not granted.
        token: "aws:s3/getBucket:getBucket", source: `internal/service/s3/bucket_data_source.go; ${SAR.s3}`,
        actions: (i, s) => [{ action: "s3:ListBucket", resource: arn.bucket(s.partition, str(i.inputs.bucket)), when: "HeadBucket" }],
    },
    {
        token: "aws:s3/getBucketPolicy:getBucketPolicy", source: `internal/service/s3/bucket_policy_data_source.go; ${SAR.s3}`,
        actions: (i, s) => [{ action: "s3:GetBucketPolicy", resource: arn.bucket(s.partition, str(i.inputs.bucket)) }],
    },
    {
        // Cloud Control's GetResource is authorized as cloudformation:GetResource (no resource type), then
        // reads the resource with the caller's credentials: the bucket's S3 reads.
        token: "aws:cloudcontrol/getResource:getResource", source: `internal/service/cloudcontrol/resource_data_source.go; ${SAR.cloudformation}; ${SAR.s3}`,
        actions: (i, s) => {
            if (str(i.inputs.typeName) !== "AWS::S3::Bucket") return [{ action: `cloud-control-read-of:${str(i.inputs.typeName)}`, resource: "*" }];
            return [{ action: "cloudformation:GetResource", resource: "*" },
                ...CLOUD_CONTROL_BUCKET_READS.map((action) => ({ action, resource: arn.bucket(s.partition, str(i.inputs.identifier)) }))];
        },
    },
    {
        // DescribeKey by ID, alias or ARN is authorized on the key itself (its ARN in the answer).
        token: "aws:kms/getKey:getKey", source: `internal/service/kms/key_data_source.go; ${SAR.kms}`,
        actions: (i) => [{ action: "kms:DescribeKey", resource: str(i.outputs.arn) || str(i.inputs.keyId) }],
    },
    {
        token: "aws:iam/getRole:getRole", source: `internal/service/iam/role_data_source.go; ${SAR.iam}`,
        actions: (i, s) => [{ action: "iam:GetRole", resource: str(i.outputs.arn) || arn.role(s.partition, s.accountId, str(i.inputs.name)) }],
    },
    {
        token: "aws:iam/getUser:getUser", source: `internal/service/iam/user_data_source.go; ${SAR.iam}`,
        actions: (i, s) => [{ action: "iam:GetUser", resource: str(i.outputs.arn) || arn.user(s.partition, s.accountId, str(i.inputs.userName)) }],
    },
];

export function lookupEntry(token: string): LookupEntry | undefined {
    return LOOKUP_TABLE.find((e) => e.token === token);
}

/** The program runs on `pulumi up` (creating and updating) and preview; destroy and refresh do not run it. */
export const LOOKUP_PHASES: Phase[] = ["create", "update"];

/** One distinct look-up action of a plane, on one resource. */
export interface LookupCall {
    token: string;
    action: string;
    resource: string;
    use: ActionUse;
}

/**
 * The actions a plane's recorded look-ups are authorized as, each (action, resource) once. Throws
 * {@link UnknownLookupError} naming every token the table lacks, or a Cloud Control type it does not read.
 */
export function lookupCalls(invokes: readonly RecordedInvoke[], scope: Scope): LookupCall[] {
    const unknown = [...new Set(invokes.filter((i) => !lookupEntry(i.token)).map((i) => i.token))];
    const calls = new Map<string, LookupCall>();
    for (const invoke of invokes) {
        const entry = lookupEntry(invoke.token);
        if (!entry) continue;
        for (const a of entry.actions(invoke, scope)) {
            if (a.action.startsWith("cloud-control-read-of:")) {
                unknown.push(`${invoke.token} (${a.action.slice("cloud-control-read-of:".length)})`);
                continue;
            }
            const key = `${a.action} ${a.resource}`;
            if (!calls.has(key)) calls.set(key, { token: invoke.token, action: a.action, resource: a.resource, use: { action: a.action, phases: LOOKUP_PHASES, on: [{ kind: "exact" }], when: a.when ?? `look-up ${invoke.token}` } });
        }
    }
    if (unknown.length > 0) {
        throw new UnknownLookupError(`the plane makes the provider look-up ${unknown.join(", ")}, which the onboarding look-up table (engine/onboarding/lookups.ts) ` +
            "does not list: its deployer role could not make it. Add the look-up's calls to the table, with their sources.");
    }
    return [...calls.values()];
}
