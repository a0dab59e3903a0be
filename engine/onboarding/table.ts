/**
 * What deploying, updating and destroying a plane asks AWS for: per resource type the plane
 * registers, the IAM actions the AWS provider's create, read, update, delete and tag calls are
 * authorized as, and which resource each is authorized on. The deployer's policy, the simulator's
 * requests and the security reviewer's summary (docs/reference/onboarding-permissions.md) are all
 * generated from this one table.
 *
 * Sources, named in each row: the provider function that sends the call (`internal/service/...`
 * of the Terraform AWS provider that `@pulumi/aws` 7.x wraps — read at upstream v5.46; calls only
 * v6 makes are flagged `v6`), and the Service Authorization Reference page of the service for the
 * action's resource types and condition keys ("Actions, resources, and condition keys for …").
 * Calls the provider makes only for settings the plane never uses (IPAM pools, instance tenancy,
 * inline routes, force_destroy…) are left out on purpose: the deployer gets what the plane sends.
 */

/** The step of a deployment a call belongs to: `pulumi up` creates and updates, `refresh` reads, `destroy` deletes. */
export type Phase = "create" | "read" | "update" | "delete" | "tag";

/**
 * What an ARN names, and how the deployer's policy scopes it: EC2 resources, KMS keys and EMR
 * Serverless applications have random ids, so they are scoped by the plane's tags; buckets by the
 * plane's name prefix; roles by their exact names; `*` is for actions with no resource type.
 */
export type Kind =
    | "vpc" | "subnet" | "internet-gateway" | "egress-only-internet-gateway" | "route-table" | "security-group"
    | "elastic-ip" | "natgateway" | "vpc-endpoint"
    | "bucket" | "key" | "role" | "application" | "log-group" | "service-linked-role" | "*"
    /** A look-up's own target (./lookups.ts): named by its exact ARN, which may be outside the plane (an adopted bucket, role or key). */
    | "exact";

export const EC2_KINDS: readonly Kind[] = ["vpc", "subnet", "internet-gateway", "egress-only-internet-gateway", "route-table",
    "security-group", "elastic-ip", "natgateway", "vpc-endpoint"];

/** Kinds whose ids are random: the plane's tags are their only scope. */
export const TAGGED_KINDS: readonly Kind[] = [...EC2_KINDS, "key", "application"];

/**
 * One resource an action is authorized on. `from` names the input of the registered resource that
 * holds the target's id (`vpcId`, `bucket`, `role`); absent, the target is the resource itself.
 * `tags`: `request` — the call creates the target and carries the plane's tags (aws:RequestTag);
 * otherwise the target exists and carries them (aws:ResourceTag), for tagged kinds.
 */
export interface Target { kind: Kind; from?: string; tags?: "request" }

export interface ActionUse {
    action: string;
    phases: Phase[];
    on: Target[];
    /** `ec2:CreateTags` evaluated because the create call sends TagSpecifications: the create action (ec2:CreateAction). */
    createAction?: string;
    /** When the provider sends it, where not always. */
    when?: string;
    /** A v6-only call (not verified in the provider source read). */
    v6?: boolean;
    /** The provider may send it, but the deployer is not granted it, for this reason (the update then fails until the customer re-onboards). */
    notGranted?: string;
}

export interface TypeEntry {
    /** The Pulumi type token. */
    type: string;
    /** The provider file whose CRUD functions send the calls. */
    provider: string;
    /** The Service Authorization Reference page. */
    sar: string;
    uses: ActionUse[];
}

const SAR = {
    ec2: "Actions, resources, and condition keys for Amazon EC2",
    s3: "Actions, resources, and condition keys for Amazon S3",
    kms: "Actions, resources, and condition keys for AWS Key Management Service",
    iam: "Actions, resources, and condition keys for AWS Identity and Access Management (IAM)",
    emr: "Actions, resources, and condition keys for Amazon EMR Serverless",
    logs: "Actions, resources, and condition keys for Amazon CloudWatch Logs",
};

const C: Phase[] = ["create"];
const CR: Phase[] = ["create", "read"];
const R: Phase[] = ["read"];
const U: Phase[] = ["update"];
const D: Phase[] = ["delete"];
const T: Phase[] = ["tag"];
const STAR: Target[] = [{ kind: "*" }];

/** An EC2 type's tag calls: tag-on-create (ec2:CreateAction), later tag changes (EC2 User Guide, "Grant permission to tag resources during creation"). */
function ec2Tags(kind: Kind, createAction: string): ActionUse[] {
    return [
        { action: "ec2:CreateTags", phases: C, on: [{ kind, tags: "request" }], createAction },
        { action: "ec2:CreateTags", phases: T, on: [{ kind }] },
        { action: "ec2:DeleteTags", phases: T, on: [{ kind }] },
    ];
}

/** Every bucket read `aws_s3_bucket` sends on refresh (internal/service/s3/bucket.go, resourceBucketRead) and its tag read (internal/provider/intercept.go, ListTags). */
const BUCKET_READS = ["s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketVersioning",
    "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
    "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging"];

/** A bucket configuration resource: one Put (create/update; its Delete* call is authorized as the same Put), one Get. */
function bucketPart(type: string, provider: string, put: string, get: string, deleteAs = put): TypeEntry {
    const bucket: Target[] = [{ kind: "bucket", from: "bucket" }];
    return {
        type, provider, sar: SAR.s3, uses: [
            { action: put, phases: ["create", "update"], on: bucket },
            { action: get, phases: CR, on: bucket },
            { action: deleteAs, phases: D, on: bucket },
        ],
    };
}

const ROLE: Target[] = [{ kind: "role" }];

export const ONBOARDING_TABLE: readonly TypeEntry[] = [
    {
        type: "aws:ec2/vpc:Vpc", provider: "internal/service/ec2/vpc_.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateVpc", phases: C, on: [{ kind: "vpc", tags: "request" }] },
            ...ec2Tags("vpc", "CreateVpc"),
            { action: "ec2:DescribeVpcs", phases: ["create", "read", "delete"], on: STAR },
            { action: "ec2:ModifyVpcAttribute", phases: ["create", "update"], on: [{ kind: "vpc" }], when: "DNS settings other than AWS's defaults (the plane enables DNS host names)" },
            { action: "ec2:DescribeVpcAttribute", phases: CR, on: [{ kind: "vpc" }] },
            { action: "ec2:DescribeNetworkAcls", phases: CR, on: STAR },
            { action: "ec2:DescribeRouteTables", phases: CR, on: STAR },
            { action: "ec2:DescribeSecurityGroups", phases: CR, on: STAR },
            { action: "ec2:DeleteVpc", phases: D, on: [{ kind: "vpc" }] },
        ],
    },
    {
        type: "aws:ec2/subnet:Subnet", provider: "internal/service/ec2/vpc_subnet.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateSubnet", phases: C, on: [{ kind: "subnet", tags: "request" }, { kind: "vpc", from: "vpcId" }] },
            ...ec2Tags("subnet", "CreateSubnet"),
            { action: "ec2:DescribeSubnets", phases: CR, on: STAR },
            { action: "ec2:ModifySubnetAttribute", phases: ["create", "update"], on: [{ kind: "subnet" }], when: "attributes other than a new subnet's (IPv6 address on creation)" },
            { action: "ec2:DescribeNetworkInterfaces", phases: D, on: STAR },
            { action: "ec2:DeleteSubnet", phases: D, on: [{ kind: "subnet" }] },
        ],
    },
    {
        type: "aws:ec2/internetGateway:InternetGateway", provider: "internal/service/ec2/vpc_internet_gateway.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateInternetGateway", phases: C, on: [{ kind: "internet-gateway", tags: "request" }] },
            ...ec2Tags("internet-gateway", "CreateInternetGateway"),
            { action: "ec2:AttachInternetGateway", phases: ["create", "update"], on: [{ kind: "internet-gateway" }, { kind: "vpc", from: "vpcId" }] },
            { action: "ec2:DescribeInternetGateways", phases: CR, on: STAR },
            { action: "ec2:DetachInternetGateway", phases: ["update", "delete"], on: [{ kind: "internet-gateway" }, { kind: "vpc", from: "vpcId" }] },
            { action: "ec2:DeleteInternetGateway", phases: D, on: [{ kind: "internet-gateway" }] },
        ],
    },
    {
        type: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", provider: "internal/service/ec2/vpc_egress_only_internet_gateway.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateEgressOnlyInternetGateway", phases: C, on: [{ kind: "egress-only-internet-gateway", tags: "request" }, { kind: "vpc", from: "vpcId" }] },
            ...ec2Tags("egress-only-internet-gateway", "CreateEgressOnlyInternetGateway"),
            { action: "ec2:DescribeEgressOnlyInternetGateways", phases: CR, on: STAR },
            { action: "ec2:DeleteEgressOnlyInternetGateway", phases: D, on: [{ kind: "egress-only-internet-gateway" }] },
        ],
    },
    {
        type: "aws:ec2/routeTable:RouteTable", provider: "internal/service/ec2/vpc_route_table.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateRouteTable", phases: C, on: [{ kind: "route-table", tags: "request" }, { kind: "vpc", from: "vpcId" }] },
            ...ec2Tags("route-table", "CreateRouteTable"),
            { action: "ec2:DescribeRouteTables", phases: CR, on: STAR },
            { action: "ec2:DisassociateRouteTable", phases: D, on: [{ kind: "route-table" }] },
            { action: "ec2:DeleteRouteTable", phases: D, on: [{ kind: "route-table" }] },
        ],
    },
    {
        // Routes have no ARN: EC2 authorizes them on the route table.
        type: "aws:ec2/route:Route", provider: "internal/service/ec2/vpc_route.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateRoute", phases: C, on: [{ kind: "route-table", from: "routeTableId" }] },
            { action: "ec2:DescribeRouteTables", phases: CR, on: STAR },
            { action: "ec2:ReplaceRoute", phases: U, on: [{ kind: "route-table", from: "routeTableId" }] },
            { action: "ec2:DeleteRoute", phases: D, on: [{ kind: "route-table", from: "routeTableId" }] },
        ],
    },
    {
        type: "aws:ec2/routeTableAssociation:RouteTableAssociation", provider: "internal/service/ec2/vpc_route_table_association.go", sar: SAR.ec2, uses: [
            { action: "ec2:AssociateRouteTable", phases: C, on: [{ kind: "route-table", from: "routeTableId" }, { kind: "subnet", from: "subnetId" }] },
            { action: "ec2:DescribeRouteTables", phases: CR, on: STAR },
            { action: "ec2:ReplaceRouteTableAssociation", phases: U, on: [{ kind: "route-table", from: "routeTableId" }] },
            { action: "ec2:DisassociateRouteTable", phases: D, on: [{ kind: "route-table", from: "routeTableId" }, { kind: "subnet", from: "subnetId" }] },
        ],
    },
    {
        // Create revokes the default allow-all egress, then authorizes the configured rules.
        type: "aws:ec2/securityGroup:SecurityGroup", provider: "internal/service/ec2/vpc_security_group.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateSecurityGroup", phases: C, on: [{ kind: "security-group", tags: "request" }, { kind: "vpc", from: "vpcId" }] },
            ...ec2Tags("security-group", "CreateSecurityGroup"),
            { action: "ec2:DescribeSecurityGroups", phases: CR, on: STAR },
            { action: "ec2:RevokeSecurityGroupEgress", phases: ["create", "update"], on: [{ kind: "security-group" }] },
            { action: "ec2:AuthorizeSecurityGroupEgress", phases: ["create", "update"], on: [{ kind: "security-group" }] },
            { action: "ec2:AuthorizeSecurityGroupIngress", phases: ["create", "update"], on: [{ kind: "security-group" }], when: "ingress rules (self-reference only, when asked)" },
            { action: "ec2:RevokeSecurityGroupIngress", phases: U, on: [{ kind: "security-group" }] },
            { action: "ec2:DescribeNetworkInterfaces", phases: D, on: STAR },
            { action: "ec2:DeleteSecurityGroup", phases: D, on: [{ kind: "security-group" }] },
        ],
    },
    {
        type: "aws:ec2/eip:Eip", provider: "internal/service/ec2/ec2_eip.go", sar: SAR.ec2, uses: [
            { action: "ec2:AllocateAddress", phases: C, on: [{ kind: "elastic-ip", tags: "request" }] },
            ...ec2Tags("elastic-ip", "AllocateAddress"),
            { action: "ec2:DescribeAddresses", phases: CR, on: STAR },
            { action: "ec2:ReleaseAddress", phases: D, on: [{ kind: "elastic-ip" }] },
        ],
    },
    {
        type: "aws:ec2/natGateway:NatGateway", provider: "internal/service/ec2/vpc_nat_gateway.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateNatGateway", phases: C, on: [{ kind: "natgateway", tags: "request" }, { kind: "subnet", from: "subnetId" }, { kind: "elastic-ip", from: "allocationId" }] },
            ...ec2Tags("natgateway", "CreateNatGateway"),
            { action: "ec2:DescribeNatGateways", phases: ["create", "read", "delete"], on: STAR },
            { action: "ec2:DeleteNatGateway", phases: D, on: [{ kind: "natgateway" }] },
        ],
    },
    {
        type: "aws:ec2/vpcEndpoint:VpcEndpoint", provider: "internal/service/ec2/vpc_endpoint.go", sar: SAR.ec2, uses: [
            { action: "ec2:CreateVpcEndpoint", phases: C, on: [{ kind: "vpc-endpoint", tags: "request" }, { kind: "vpc", from: "vpcId" }, { kind: "route-table", from: "routeTableIds" }, { kind: "subnet", from: "subnetIds" }, { kind: "security-group", from: "securityGroupIds" }] },
            ...ec2Tags("vpc-endpoint", "CreateVpcEndpoint"),
            { action: "ec2:DescribeVpcEndpoints", phases: ["create", "read", "update", "delete"], on: STAR },
            { action: "ec2:DescribePrefixLists", phases: CR, on: STAR },
            // Not the resource's own call: the Network component looks up an interface endpoint's service
            // name first (aws.ec2.getVpcEndpointService, internal/service/ec2/vpc_endpoint_service_data_source.go).
            // Wildcard-only in the Service Authorization Reference for Amazon EC2.
            { action: "ec2:DescribeVpcEndpointServices", phases: CR, on: STAR },
            { action: "ec2:ModifyVpcEndpoint", phases: U, on: [{ kind: "vpc-endpoint" }, { kind: "route-table", from: "routeTableIds" }, { kind: "subnet", from: "subnetIds" }, { kind: "security-group", from: "securityGroupIds" }] },
            { action: "ec2:DeleteVpcEndpoints", phases: D, on: [{ kind: "vpc-endpoint" }] },
        ],
    },
    {
        // CreateBucket carries no tags in the provider version read: PutBucketTagging follows it.
        type: "aws:s3/bucket:Bucket", provider: "internal/service/s3/bucket.go", sar: SAR.s3, uses: [
            { action: "s3:CreateBucket", phases: C, on: [{ kind: "bucket" }] },
            { action: "s3:ListBucket", phases: CR, on: [{ kind: "bucket" }], when: "HeadBucket: waiting for the bucket, and every read" },
            { action: "s3:PutBucketTagging", phases: ["create", "tag"], on: [{ kind: "bucket" }] },
            ...BUCKET_READS.map((action): ActionUse => ({ action, phases: R, on: [{ kind: "bucket" }] })),
            { action: "s3:DeleteBucket", phases: D, on: [{ kind: "bucket" }] },
        ],
    },
    bucketPart("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "internal/service/s3/bucket_ownership_controls.go", "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"),
    bucketPart("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "internal/service/s3/bucket_public_access_block.go", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
    bucketPart("aws:s3/bucketVersioning:BucketVersioning", "internal/service/s3/bucket_versioning.go", "s3:PutBucketVersioning", "s3:GetBucketVersioning"),
    bucketPart("aws:s3/bucketPolicy:BucketPolicy", "internal/service/s3/bucket_policy.go", "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"),
    bucketPart("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "internal/service/s3/bucket_lifecycle_configuration.go", "s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
    bucketPart("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "internal/service/s3/bucket_server_side_encryption_configuration.go", "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"),
    {
        // KMS Developer Guide, "Managing KMS key tags with API operations": tagging at CreateKey needs kms:TagResource covering the account's keys.
        type: "aws:kms/key:Key", provider: "internal/service/kms/key.go", sar: SAR.kms, uses: [
            { action: "kms:CreateKey", phases: C, on: [{ kind: "*", tags: "request" }] },
            { action: "kms:TagResource", phases: C, on: [{ kind: "key", tags: "request" }] },
            { action: "kms:EnableKeyRotation", phases: ["create", "update"], on: [{ kind: "key" }] },
            { action: "kms:DescribeKey", phases: ["create", "read", "delete"], on: [{ kind: "key" }] },
            { action: "kms:GetKeyPolicy", phases: CR, on: [{ kind: "key" }] },
            { action: "kms:GetKeyRotationStatus", phases: CR, on: [{ kind: "key" }] },
            { action: "kms:ListResourceTags", phases: CR, on: [{ kind: "key" }] },
            { action: "kms:PutKeyPolicy", phases: U, on: [{ kind: "key" }], notGranted: "the plane's key policy delegates to the account and never changes; granting it on the plane's tagged keys would let a key tagged like the plane's be handed to anyone" },
            { action: "kms:UpdateKeyDescription", phases: U, on: [{ kind: "key" }] },
            { action: "kms:DisableKeyRotation", phases: U, on: [{ kind: "key" }] },
            { action: "kms:TagResource", phases: T, on: [{ kind: "key" }] },
            { action: "kms:UntagResource", phases: T, on: [{ kind: "key" }] },
            { action: "kms:ScheduleKeyDeletion", phases: D, on: [{ kind: "key" }] },
        ],
    },
    {
        // Tags travel in CreateRole; the permissions boundary too (iam:PermissionsBoundary on every write that takes it).
        type: "aws:iam/role:Role", provider: "internal/service/iam/role.go", sar: SAR.iam, uses: [
            { action: "iam:CreateRole", phases: C, on: ROLE },
            { action: "iam:GetRole", phases: CR, on: ROLE },
            { action: "iam:ListRolePolicies", phases: ["create", "read", "delete"], on: ROLE },
            { action: "iam:ListAttachedRolePolicies", phases: ["create", "read", "delete"], on: ROLE },
            { action: "iam:UpdateAssumeRolePolicy", phases: U, on: ROLE },
            { action: "iam:UpdateRoleDescription", phases: U, on: ROLE },
            { action: "iam:UpdateRole", phases: U, on: ROLE, when: "maximum session duration changes" },
            { action: "iam:PutRolePermissionsBoundary", phases: U, on: ROLE, when: "the boundary is set on a role deployed before onboarding" },
            { action: "iam:TagRole", phases: T, on: ROLE },
            { action: "iam:UntagRole", phases: T, on: ROLE },
            { action: "iam:ListInstanceProfilesForRole", phases: D, on: ROLE },
            { action: "iam:DeleteRole", phases: D, on: ROLE },
        ],
    },
    {
        // Authorized on the role the inline policy belongs to.
        type: "aws:iam/rolePolicy:RolePolicy", provider: "internal/service/iam/role_policy.go", sar: SAR.iam, uses: [
            { action: "iam:PutRolePolicy", phases: ["create", "update"], on: [{ kind: "role", from: "role" }] },
            { action: "iam:GetRolePolicy", phases: CR, on: [{ kind: "role", from: "role" }] },
            { action: "iam:DeleteRolePolicy", phases: D, on: [{ kind: "role", from: "role" }] },
        ],
    },
    {
        // Tags travel in CreateApplication. The first application in an account creates EMR Serverless's service-linked role.
        type: "aws:emrserverless/application:Application", provider: "internal/service/emrserverless/application.go", sar: SAR.emr, uses: [
            { action: "emr-serverless:CreateApplication", phases: C, on: [{ kind: "*", tags: "request" }] },
            { action: "emr-serverless:TagResource", phases: C, on: [{ kind: "application", tags: "request" }], when: "whether CreateApplication with tags also evaluates it is not documented: granted for the plane's tags only" },
            { action: "iam:CreateServiceLinkedRole", phases: C, on: [{ kind: "service-linked-role" }], when: "the first EMR Serverless application in the account" },
            { action: "emr-serverless:GetApplication", phases: ["create", "read", "update", "delete"], on: [{ kind: "application" }] },
            { action: "emr-serverless:UpdateApplication", phases: U, on: [{ kind: "application" }] },
            { action: "emr-serverless:TagResource", phases: T, on: [{ kind: "application" }] },
            { action: "emr-serverless:UntagResource", phases: T, on: [{ kind: "application" }] },
            { action: "emr-serverless:DeleteApplication", phases: D, on: [{ kind: "application" }] },
        ],
    },
    {
        type: "aws:cloudwatch/logGroup:LogGroup", provider: "internal/service/logs/group.go", sar: SAR.logs, uses: [
            { action: "logs:CreateLogGroup", phases: C, on: [{ kind: "log-group" }] },
            { action: "logs:TagResource", phases: ["create", "tag"], on: [{ kind: "log-group" }], when: "tags at CreateLogGroup (CloudWatch Logs API Reference, CreateLogGroup)" },
            { action: "logs:PutRetentionPolicy", phases: ["create", "update"], on: [{ kind: "log-group" }] },
            { action: "logs:DescribeLogGroups", phases: CR, on: STAR },
            { action: "logs:ListTagsLogGroup", phases: CR, on: [{ kind: "log-group" }] },
            { action: "logs:ListTagsForResource", phases: R, on: [{ kind: "log-group" }] },
            { action: "logs:AssociateKmsKey", phases: ["create", "update"], on: [{ kind: "log-group" }] },
            { action: "logs:DisassociateKmsKey", phases: U, on: [{ kind: "log-group" }] },
            { action: "logs:DeleteRetentionPolicy", phases: U, on: [{ kind: "log-group" }] },
            { action: "logs:TagLogGroup", phases: T, on: [{ kind: "log-group" }] },
            { action: "logs:UntagLogGroup", phases: T, on: [{ kind: "log-group" }] },
            { action: "logs:UntagResource", phases: T, on: [{ kind: "log-group" }] },
            { action: "logs:PutLogGroupDeletionProtection", phases: U, on: [{ kind: "log-group" }], v6: true },
            { action: "logs:DeleteLogGroup", phases: D, on: [{ kind: "log-group" }] },
        ],
    },
];

/**
 * Types that make no AWS call: the ExternalId generator (state only), and Pulumi's own
 * providers, stack and components (`custom: false`).
 */
export const NO_AWS_CALLS: readonly string[] = ["random:index/randomPassword:RandomPassword", "random:index/randomId:RandomId", "random:index/randomString:RandomString"];

export function tableEntry(type: string): TypeEntry | undefined {
    return ONBOARDING_TABLE.find((e) => e.type === type);
}

/**
 * The IAM role writes that take `iam:PermissionsBoundary` (the IAM page of the Service
 * Authorization Reference lists the key on exactly these): the deployer may send them only for
 * roles that carry the plane's boundary.
 */
export const BOUNDARY_GATED = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
    "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:PutRolePermissionsBoundary", "iam:DeleteRole"];
