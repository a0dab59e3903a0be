/**
 * Every stack config key of the data-plane project, in one table: its type, default, which
 * planes use it and what it means. `Pulumi.yaml`'s `config:` section, the README's config
 * reference and the reader in `config.ts` all follow this table (tests keep them in step).
 */
export const PROJECT = "emr-dataplane";

export type PlaneKind = "shared" | "private";
export type ConfigType = "string" | "boolean" | "integer" | "array";

export interface ConfigKeySpec {
    /** Key without the project namespace (`planeKind` is set as `emr-dataplane:planeKind`). */
    key: string;
    type: ConfigType;
    group: "plane" | "bucket" | "runtime role" | "network" | "launch";
    /** Planes that read the key; setting it for another plane is an error. */
    planes: PlaneKind[];
    /** Default when unset; absent for required or truly optional keys. */
    default?: string | number | boolean | string[];
    required?: "always" | "shared" | "private";
    secret?: boolean;
    description: string;
}

const BOTH: PlaneKind[] = ["shared", "private"];

export const CONFIG_KEYS: ConfigKeySpec[] = [
    { key: "planeKind", type: "string", group: "plane", planes: BOTH, required: "always",
        description: "`shared` (the vendor's account, many customers) or `private` (one customer's account)." },
    { key: "namePrefix", type: "string", group: "plane", planes: BOTH, default: "emr-dataplane",
        description: "Prefix of physical names (roles, generated bucket name): 1-26 lowercase letters, digits and hyphens. Changing it replaces the roles." },
    { key: "accountId", type: "string", group: "plane", planes: BOTH,
        description: "The 12-digit account this plane belongs to; the program refuses to run with credentials for another account. Unset: no check." },
    { key: "customerId", type: "string", group: "plane", planes: ["private"], required: "private",
        description: "The customer this private plane serves: 1-24 lowercase letters, digits and hyphens. A new customer id generates a new ExternalId." },

    { key: "bucketName", type: "string", group: "bucket", planes: BOTH,
        description: "Name of a new resource bucket. Unset: a generated name starting with `<namePrefix>-resources-`." },
    { key: "existingBucketName", type: "string", group: "bucket", planes: BOTH,
        description: "Adopt this existing bucket (e.g. the EMR-on-EC2 logging bucket) instead of creating one. Nothing it has is changed unless listed in `adoptedBucketManagedParts`." },
    { key: "adoptedBucketManagedParts", type: "array", group: "bucket", planes: BOTH, default: [],
        description: "Hardening parts to manage on the adopted bucket (opt-in), of `publicAccessBlock`, `ownershipControls`, `encryption`, `versioning`, `tlsPolicy`, `lifecycle`; `tlsPolicy` is merged into its bucket policy, the others replace its own setting (see [Adopting a bucket](#adopting-a-bucket)). Unset: every part kept as is." },
    { key: "bucketKmsKey", type: "string", group: "bucket", planes: BOTH, default: "none",
        description: "Default encryption: `none` (SSE-S3, free), `create` (a new KMS key with rotation, ~US$1 a month) or an existing key ARN." },
    { key: "logRetentionDays", type: "integer", group: "bucket", planes: BOTH, default: 30,
        description: "Days after which objects under `logs/` expire (1-3650)." },
    { key: "noncurrentVersionRetentionDays", type: "integer", group: "bucket", planes: BOTH, default: 30,
        description: "Days after which noncurrent object versions expire (1-3650)." },
    { key: "retainBucketOnDestroy", type: "boolean", group: "bucket", planes: BOTH, default: true,
        description: "Keep the bucket, its key and its hardening in AWS on `pulumi destroy`. An adopted bucket's parts are always kept." },

    { key: "readOnlyBuckets", type: "array", group: "runtime role", planes: BOTH, default: [],
        description: "Buckets jobs may read (public data sets), by name." },
    { key: "assumableRoleArns", type: "array", group: "runtime role", planes: BOTH, default: [],
        description: "Customer data-access roles jobs may assume: role ARNs or `arn:aws:iam::<account|*>:role/<prefix>*` patterns, never `*`." },

    { key: "vpcId", type: "string", group: "network", planes: BOTH,
        description: "Adopt this VPC (with `subnetIds`) instead of creating one." },
    { key: "subnetIds", type: "array", group: "network", planes: BOTH,
        description: "Adopt these private subnets of `vpcId`: at least two, in at least two distinct AZs (checked through the provider)." },
    { key: "s3EndpointId", type: "string", group: "network", planes: BOTH,
        description: "Adopt this S3 gateway endpoint of `vpcId` (it must serve the subnets' route tables). Unset: one is created." },
    { key: "vpcCidr", type: "string", group: "network", planes: BOTH, default: "10.80.0.0/16",
        description: "CIDR of a created VPC, /16 to /20; the two private subnets take its first two sixteenths." },
    { key: "internetEgress", type: "string", group: "network", planes: BOTH, default: "nat",
        description: "How jobs in a created VPC reach STS, S3 in other regions and the internet: `nat` (one NAT gateway, ~US$33 a month idle plus US$0.045/GB), `ipv6` (egress-only internet gateway on dual-stack subnets, free, IPv6/dual-stack endpoints only) or `none` (same-region S3 only). No inbound in any mode (see [Internet egress](#internet-egress))." },
    { key: "securityGroupEgress", type: "string", group: "network", planes: BOTH, default: "all",
        description: "Security group egress: `all` or `https` (TCP 443 only)." },
    { key: "securityGroupSelfIngress", type: "boolean", group: "network", planes: BOTH, default: false,
        description: "Allow ingress from the security group itself. Default: no ingress at all." },

    { key: "systemRoleName", type: "string", group: "launch", planes: ["shared"],
        description: "Attach the launch permissions to this existing system role (set it or `systemUserName` on a shared plane)." },
    { key: "systemUserName", type: "string", group: "launch", planes: ["shared"],
        description: "Attach the launch permissions to this existing IAM user (`trusted_user-*`) instead of a role." },
    { key: "privatePlaneLaunchRoles", type: "array", group: "launch", planes: ["shared"], default: [],
        description: "Private planes' launch roles the system principal may assume: ARNs or `arn:aws:iam::*:role/<prefix>*` patterns, never `*`." },
    { key: "vendorPrincipalArn", type: "string", group: "launch", planes: ["private"],
        description: "The vendor's system role or user ARN that assumes this plane's launch role (one of this and `vendorPrincipalArns` is required on a private plane)." },
    { key: "vendorPrincipalArns", type: "array", group: "launch", planes: ["private"],
        description: "Several vendor principals that may assume the launch role (the system role and `trusted_user-*` users), each by its full ARN: trust policies take no wildcards in principals. Instead of `vendorPrincipalArn`." },
    { key: "externalId", type: "string", group: "launch", planes: ["private"], secret: true,
        description: "ExternalId the vendor must send (2-1224 of `[\\w+=,.@:/-]`). Unset: 40 random characters, generated once per `customerId` and kept across updates." },
];

/** Keys that were renamed or replaced: setting one fails, pointing at its successor. */
export const REPLACED_KEYS: Record<string, string> = {
    bucketSkipParts: "was replaced by `adoptedBucketManagedParts` (opt-in): an adopted bucket now keeps every part as it is unless you list the parts to manage there",
    natGateway: "was replaced by `internetEgress` (`nat`, `ipv6` or `none`); `natGateway: true` is `internetEgress: nat`, now the default for a created VPC",
};

export function specFor(key: string): ConfigKeySpec | undefined {
    return CONFIG_KEYS.find((k) => k.key === key);
}

/** `emr-dataplane:<key>`, the way the key is set and reported. */
export function fullKey(key: string): string {
    return `${PROJECT}:${key}`;
}
