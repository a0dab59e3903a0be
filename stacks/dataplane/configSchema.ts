/**
 * Every stack config key of the data-plane project, in one table: its type, the component field it
 * feeds, which planes use it and what it means. The reader (`config.ts`, through
 * `../configTable.ts`), `Pulumi.yaml`'s `config:` section and the config reference
 * (`npm run docs`) all follow this table. Defaults of component fields are the components' own.
 */
import {
    ApplicationMode, DEFAULT_APPLICATION_CAPACITY, DEFAULT_LOG_RETENTION_DAYS, LaunchRoleArgs, Network, NetworkArgs, REPLACED_NETWORK_ARGS, ResourceBucketArgs, RuntimeRoleArgs,
    SparkApplicationArgs, capacityAmounts, sparkApplicationSettings, validateLaunchRoleArgs, validateNetworkArgs, validateResourceBucketArgs, validateRuntimeRoleArgs,
} from "../../components";
import { PRICE_TEXT } from "../../vocabulary/prices";
import { ALLOW_UNLISTED_REGION, ConfigKey, ConfigTable } from "../configTable";

export const PROJECT = "emr-dataplane";

export const PlaneKind = { Shared: "shared", Private: "private" } as const;
export type PlaneKind = (typeof PlaneKind)[keyof typeof PlaneKind];

/** The network to adopt: Network.lookupExisting's input. */
type AdoptedNetwork = Parameters<typeof Network.lookupExisting>[0];

/** What the data plane's config feeds: its components' Args, and the network to adopt. */
export interface DataPlaneParts {
    bucket: ResourceBucketArgs;
    runtimeRole: RuntimeRoleArgs;
    adopt: AdoptedNetwork;
    /** Network's Args, and the adopted network's fields, which its validation names flat (`vpcId`, not `existing.vpcId`). */
    network: NetworkArgs & AdoptedNetwork;
    launch: LaunchRoleArgs;
    application: SparkApplicationArgs;
}

const SHARED = [PlaneKind.Shared];
const CAP = capacityAmounts(DEFAULT_APPLICATION_CAPACITY);
const PRIVATE = [PlaneKind.Private];

const KEYS: ConfigKey<DataPlaneParts>[] = [
    { key: "planeKind", type: "string", group: "plane", required: true,
        description: "`shared` (the vendor's account, many customers) or `private` (one customer's account)." },
    { key: "namePrefix", type: "string", group: "plane", default: "emr-dataplane",
        description: "Prefix of physical names (roles, generated bucket name): 1-26 lowercase letters, digits and hyphens. Changing it replaces the roles." },
    { key: "accountId", type: "string", group: "plane",
        description: "The 12-digit account this plane belongs to; the program refuses to run with credentials for another account. Unset: no check." },
    { key: "customerId", type: "string", group: "plane", variants: PRIVATE, required: "private",
        description: "The customer this private plane serves: 1-24 lowercase letters, digits and hyphens. A new customer id generates a new ExternalId." },

    { key: "bucketName", type: "string", feeds: "bucket.bucketName", group: "bucket",
        description: "Name of a new resource bucket. Unset: a generated name starting with `<namePrefix>-resources-`." },
    { key: "existingBucketName", type: "string", feeds: "bucket.existingBucketName", group: "bucket",
        description: "Adopt this existing bucket (e.g. the EMR-on-EC2 logging bucket) instead of creating one. Nothing it has is changed unless listed in `adoptedBucketManagedParts`." },
    { key: "adoptedBucketManagedParts", type: "array", feeds: "bucket.manageAdoptedParts", group: "bucket",
        description: "Hardening parts to manage on the adopted bucket (opt-in), of `publicAccessBlock`, `ownershipControls`, `encryption`, `versioning`, `tlsPolicy`, `lifecycle`; `tlsPolicy` is merged into its bucket policy, the others replace its own setting (see [Adopting a bucket](#adopting-a-bucket)). Unset: every part kept as is." },
    { key: "bucketKmsKey", type: "string", feeds: "bucket.kmsKey", group: "bucket",
        description: `Default encryption: \`none\` (SSE-S3, free), \`create\` (a new KMS key with rotation, ${PRICE_TEXT.kmsKey}) or an existing key ARN.` },
    { key: "verifyAdoptedParts", type: "boolean", feeds: "bucket.verifyAdoptedParts", group: "bucket",
        description: "Read the adopted bucket's public access block, bucket policy, default encryption and versioning at preview (read-only) so the policy pack judges the parts kept as they are like a created bucket's; needs the read permissions in [Adopting a bucket](#adopting-a-bucket). Unset: those parts are reported unverified (advisory)." },
    { key: "logRetentionDays", type: "integer", feeds: "bucket.logRetentionDays", group: "bucket",
        description: "Days after which objects under `logs/` expire (1-3650)." },
    { key: "noncurrentVersionRetentionDays", type: "integer", feeds: "bucket.noncurrentVersionRetentionDays", group: "bucket",
        description: "Days after which noncurrent object versions expire (1-3650)." },
    { key: "retainBucketOnDestroy", type: "boolean", feeds: "bucket.retainOnDelete", group: "bucket",
        description: "Keep the bucket, its key and its hardening in AWS on `pulumi destroy`. An adopted bucket's parts are always kept." },

    { key: "readOnlyBuckets", type: "array", feeds: "runtimeRole.readOnlyBuckets", group: "runtime role",
        description: "Buckets jobs may read (public data sets), by name." },
    { key: "assumableRoleArns", type: "array", feeds: "runtimeRole.assumableRoleArns", group: "runtime role",
        description: "Customer data-access roles jobs may assume: role ARNs or `arn:aws:iam::<account|*>:role/<prefix>*` patterns, never `*`." },

    { key: "vpcId", type: "string", feeds: "adopt.vpcId", group: "network",
        description: "Adopt this VPC (with `subnetIds`) instead of creating one." },
    { key: "subnetIds", type: "array", feeds: "adopt.subnetIds", group: "network",
        description: "Adopt these private subnets of `vpcId`: at least two, in at least two distinct AZs (checked through the provider)." },
    { key: "s3EndpointId", type: "string", feeds: "adopt.s3EndpointId", group: "network",
        description: "Adopt this S3 gateway endpoint of `vpcId` (it must serve the subnets' route tables). Unset: one is created." },
    { key: "vpcCidr", type: "string", feeds: "network.vpcCidr", group: "network",
        description: "CIDR of a created VPC, /16 to /20; the two private subnets take its first two sixteenths." },
    { key: "internetEgress", type: "string", feeds: "network.internetEgress", group: "network",
        description: `How jobs in a created VPC reach STS, S3 in other regions and the internet: \`nat\` (one NAT gateway, ${PRICE_TEXT.natGateway}), \`endpoints\` (no internet route: S3 through the gateway endpoint, the services of \`interfaceEndpoints\` through interface endpoints, ${PRICE_TEXT.interfaceEndpoint}) or \`none\` (same-region S3 only; refused when \`assumableRoleArns\`, a Glue database grant or \`applicationCloudWatchLogs\` make jobs call another service). \`ipv6\` is refused: EMR Serverless runs dual-stack subnets over IPv4 unless a property enables IPv6, and AWS's documentation as cited here does not name it. No inbound in any mode (see [Internet egress](#internet-egress)).` },
    { key: "interfaceEndpoints", type: "array", feeds: "network.interfaceEndpoints", group: "network",
        description: "With `internetEgress: endpoints`: AWS services jobs reach through interface endpoints, of `sts`, `logs`, `kms`, `secretsmanager`, `glue`, `ecr` (API and Docker registry). Added for what the plane configures itself: `sts` with `assumableRoleArns`, `glue` with a Glue database grant, `logs` with `applicationCloudWatchLogs`. Unset: S3 of the plane's region only, plus those." },
    { key: "securityGroupEgress", type: "string", feeds: "network.egress", group: "network",
        description: "Security group egress: `all` or `https` (TCP 443 only)." },
    { key: "securityGroupSelfIngress", type: "boolean", feeds: "network.selfIngress", group: "network",
        description: "Allow ingress from the security group itself. Default: no ingress at all." },

    { key: "systemRoleName", type: "string", feeds: "launch.attachToRoleName", group: "launch", variants: SHARED,
        description: "Attach the launch permissions to this existing system role (set it or `systemUserName` on a shared plane)." },
    { key: "systemUserName", type: "string", feeds: "launch.attachToUserName", group: "launch", variants: SHARED,
        description: "Attach the launch permissions to this existing IAM user (`trusted_user-*`) instead of a role." },
    { key: "privatePlaneLaunchRoles", type: "array", feeds: "launch.assumablePrivatePlaneLaunchRoles", group: "launch", variants: SHARED,
        description: "Private planes' launch roles the system principal may assume: ARNs or `arn:aws:iam::*:role/<prefix>*` patterns, never `*`." },
    { key: "vendorPrincipalArn", type: "string", group: "launch", variants: PRIVATE,
        description: "The vendor's system role or user ARN that assumes this plane's launch role (one of this and `vendorPrincipalArns` is required on a private plane)." },
    { key: "vendorPrincipalArns", type: "array", feeds: "launch.trustedPrincipalArns", group: "launch", variants: PRIVATE,
        description: "Several vendor principals that may assume the launch role (the system role and `trusted_user-*` users), each by its full ARN: trust policies take no wildcards in principals. Instead of `vendorPrincipalArn`." },
    { key: "rolePermissionsBoundaryArn", type: "string", feeds: ["runtimeRole.permissionsBoundary", "launch.permissionsBoundary"], group: "launch", variants: PRIVATE,
        description: "Permissions boundary (a managed policy ARN) set on the plane's roles: the boundary of the customer's onboarding stack, which its deployer role requires on every role it creates (`dataplane onboard`). Setting it on a deployed plane updates the roles in place. Unset: no boundary." },
    { key: "externalId", type: "string", feeds: "launch.externalId", group: "launch", variants: PRIVATE, secret: true,
        description: "ExternalId the vendor must send (2-1224 of `[\\w+=,.@:/-]`). Unset: 40 random characters, generated once per `customerId` and kept across updates." },
    { key: "applicationMode", type: "string", group: "application", default: ApplicationMode.Plane,
        description: "`plane`: the plane owns its EMR Serverless application (SparkApplication, or `applicationId`'s), its id is in the message, and the launch role may only start, follow and cancel job runs on it — never create, update or delete an application, so the vendor cannot lift the cap. `launcher`: the launcher creates applications as it goes (the earlier behaviour; the launch role may create applications tagged as the launcher's)." },
    { key: "applicationId", type: "string", group: "application", variants: SHARED,
        description: "Adopt this existing EMR Serverless application (its id, such as `00fabcd1234efg09`) instead of creating one: its settings stay as they are, and the launch role is narrowed to it." },
    { key: "applicationReleaseLabel", type: "string", feeds: "application.releaseLabel", group: "application",
        description: "EMR release of the plane's application: a label the EMR Serverless user guide lists (`emr-6.6.0` … `emr-7.14.0`, `emr-spark-8.0.0`, `emr-spark-8.1.0`)." },
    { key: "applicationArchitecture", type: "string", feeds: "application.architecture", group: "application",
        description: "`ARM64` (Graviton, the lower price per vCPU-hour) or `X86_64` (for code or native libraries built for x86 only)." },
    { key: "applicationMaxVcpu", type: "integer", group: "application", default: CAP.vcpu,
        description: "The spend cap, vCPUs: the most the application may use at once across all job runs. The preview prints what the cap costs per hour." },
    { key: "applicationMaxMemoryGb", type: "integer", group: "application", default: CAP.memoryGb,
        description: "The spend cap, memory in GB." },
    { key: "applicationMaxDiskGb", type: "integer", group: "application", default: CAP.diskGb,
        description: "The spend cap, ephemeral disk in GB (20-200 GB per worker; above 20 GB is billed)." },
    { key: "applicationIdleTimeoutMinutes", type: "integer", feeds: "application.idleTimeoutMinutes", group: "application",
        description: "Minutes without jobs before the application stops itself (1-10080)." },
    { key: "applicationCloudWatchLogs", type: "boolean", feeds: "application.cloudWatchLogs", group: "application",
        description: "Also send job logs to a CloudWatch Logs log group, encrypted with a new KMS key and kept on `pulumi destroy`." },
    { key: "applicationCloudWatchLogRetentionDays", type: "integer", feeds: "application.cloudWatchLogRetentionDays", group: "application",
        description: "Days the CloudWatch log group keeps events (a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, …)." },
    { key: "applicationJobCostAllocation", type: "boolean", feeds: "application.jobLevelCostAllocation", group: "application",
        description: "Report each job run's cost in AWS cost allocation (EMR Serverless job-level cost allocation)." },
    { key: "glueReadOnlyDatabases", type: "array", feeds: "runtimeRole.glueReadOnlyDatabases", group: "runtime role",
        description: "Glue Data Catalog databases jobs may read (opt-in; nothing of the catalog by default). The application then uses the catalog as its metastore." },
    { key: "glueReadWriteDatabases", type: "array", feeds: "runtimeRole.glueReadWriteDatabases", group: "runtime role",
        description: "Glue databases whose tables and partitions jobs may also create, update and delete." },
    { key: "tenants", type: "objects", group: "tenants", variants: SHARED,
        description: "The shared plane's tenants, each `{ id, customerRoleArns?, dataSources? }`: an id (1-32 lowercase letters, digits and hyphens), the exact customer role ARNs its jobs may assume and the S3 access point ARNs of its data. Every job of a tenant runs with the tenant's execution IAM policy, confined to `staging/tenants/<id>/`, `output/tenants/<id>/` and `logs/tenants/<id>/` (see [Tenants](../tenants.md)). Unset: no tenants, and jobs run with the runtime role's whole permissions." },
    { key: "tenantsFile", type: "string", group: "tenants", variants: SHARED,
        description: "A file listing the tenants instead of `tenants` (YAML, or JSON when it ends in `.json`): a list of `{ id, customerRoleArns?, dataSources? }`, or a mapping whose `tenants` is that list. Read when the program runs, relative to the folder it runs in (the project's), with the same bounds as every file the package reads." },
    ALLOW_UNLISTED_REGION,
];
/** The data-plane project's key table. */
export const DATA_PLANE_CONFIG: ConfigTable<DataPlaneParts> = {
    project: PROJECT,
    variant: { key: "planeKind", values: [PlaneKind.Shared, PlaneKind.Private], noun: (kind) => `a ${kind} plane` },
    keys: KEYS,
    replaced: {
        bucketSkipParts: "was replaced by `adoptedBucketManagedParts` (opt-in): an adopted bucket now keeps every part as it is unless you list the parts to manage there",
        // The network's replaced fields are the component's to refuse (it names them by config key here).
        ...REPLACED_NETWORK_ARGS,
    },
    derived: {
        "bucket.bucketNamePrefix": "namePrefix",
        "runtimeRole.roleName": "namePrefix",
        "launch.roleName": "namePrefix",
        "launch.externalIdKeeper": "customerId",
        "network.vpcId": "vpcId",
        "network.subnetIds": "subnetIds",
        "network.s3EndpointId": "s3EndpointId",
        "launch.applicationId": "applicationId",
        "application.maximumCapacity": "applicationMaxVcpu",
        "application.useGlueDataCatalog": "glueReadOnlyDatabases",
        "application.applicationName": "namePrefix",
        "application.cloudWatchLogGroupName": "namePrefix",
    },
    componentDefaults: () => ({
        bucket: validateResourceBucketArgs({}),
        runtimeRole: validateRuntimeRoleArgs({}),
        network: validateNetworkArgs({}),
        // A launch role needs a principal to validate; the one given here is an input, not a default.
        launch: { ...validateLaunchRoleArgs({ attachToRoleName: "defaults" }), attachToRoleName: undefined },
        application: { ...sparkApplicationSettings({}), cloudWatchLogs: false, cloudWatchLogRetentionDays: DEFAULT_LOG_RETENTION_DAYS },
    }),
};

/** `emr-dataplane:<key>`, the way the key is set and reported. */
export function fullKey(key: string): string {
    return `${PROJECT}:${key}`;
}
