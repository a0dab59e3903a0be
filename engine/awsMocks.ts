/**
 * A deterministic, AWS-like `pulumi.runtime.Mocks`: resources get real-looking ids and ARNs
 * (`subnet-0…`, `arn:aws:iam::<account>:role/<name>`), auto-named resources get Pulumi-style
 * names, and provider look-ups (identity, region, AZs, subnets, route tables, endpoints,
 * buckets, roles) are answered from a {@link World}. The same program and world always give
 * the same plan.
 */
import * as pulumi from "@pulumi/pulumi";
import * as recorded from "./recorded";
import { partitionOf } from "../components/iam/arn";
import { World, WorldStack, describeBucket, describeSubnet, hexOf } from "./world";

type State = Record<string, unknown>;
interface Made { id: string; state: State }

export class OfflineLookupError extends Error {
    /** Where the SDK reads a failed invoke's message from (a provider's gRPC error details). */
    public readonly details: string;
    constructor(message: string) {
        super(message);
        this.name = "OfflineLookupError";
        this.details = message;
    }
}

export class AwsLikeMocks implements pulumi.runtime.Mocks {
    private readonly partition: string;

    constructor(private readonly world: World, private readonly stack: string) {
        this.partition = partitionOf(world.region);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): Made {
        if (args.type === STACK_REFERENCE) return readStackReference(this.world, String(args.id ?? args.inputs?.name ?? args.name));
        const make = RESOURCES[args.type] ?? genericResource;
        const made = make(args.inputs ?? {}, this.context(args));
        return { id: made.id, state: { ...args.inputs, ...made.state } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const answer = CALLS[args.token];
        if (!answer) throw new OfflineLookupError(`the offline engine cannot answer the provider look-up ${args.token}`);
        return answer(args.inputs ?? {}, this.context({ type: args.token, name: args.token, inputs: args.inputs }));
    }

    private context(args: { type: string; name: string; inputs: unknown }): Context {
        const { accountId, region } = this.world;
        const seed = `${this.stack}/${args.type}/${args.name}`;
        return {
            world: this.world, accountId, region, partition: this.partition, name: args.name, type: args.type,
            hex: (n: number, salt = "") => hexOf(seed + salt, n),
            ec2: (salt = "") => `0${hexOf(seed + salt, 16)}`,
            autoname: (max = 255) => `${args.name}-${hexOf(seed + "name", 7)}`.slice(0, max),
            arn: (service: string, resource: string, opts: { region?: boolean; account?: boolean } = {}) =>
                `arn:${this.partition}:${service}:${opts.region === false ? "" : region}:${opts.account === false ? "" : accountId}:${resource}`,
        };
    }
}

interface Context {
    world: World;
    accountId: string;
    region: string;
    partition: string;
    name: string;
    type: string;
    hex(n: number, salt?: string): string;
    /** A 17-hex-digit EC2-style id suffix (`0` then 16 hex digits). */
    ec2(salt?: string): string;
    autoname(max?: number): string;
    arn(service: string, resource: string, opts?: { region?: boolean; account?: boolean }): string;
}

type Inputs = Record<string, any>;

function ec2Resource(prefix: string, arnType?: string) {
    return (_: Inputs, c: Context): Made => {
        const id = `${prefix}-${c.ec2()}`;
        return { id, state: { id, ownerId: c.accountId, ...(arnType ? { arn: c.arn("ec2", `${arnType}/${id}`) } : {}) } };
    };
}

function bucketChild(i: Inputs): Made {
    return { id: String(i.bucket ?? ""), state: {} };
}

function uuid(c: Context, salt = ""): string {
    const h = c.hex(32, salt);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function randomText(c: Context, length: number, alphabet: string): string {
    const hex = c.hex(length * 4, "random");
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[parseInt(hex.slice(i * 4, i * 4 + 4), 16) % alphabet.length];
    return out;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const RESOURCES: Record<string, (i: Inputs, c: Context) => Made> = {
    "aws:s3/bucket:Bucket": (i, c) => {
        const bucket = i.bucket ?? (i.bucketPrefix ? `${i.bucketPrefix}${c.hex(26).replace(/[a-f]/g, (x) => String(x.charCodeAt(0) % 10))}` : c.autoname(63));
        return {
            id: bucket,
            state: {
                bucket, arn: `arn:${c.partition}:s3:::${bucket}`, region: c.region,
                bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
                hostedZoneId: "Z3AQBSTGFYJSTF",
            },
        };
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketChild,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketChild,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketChild,
    "aws:s3/bucketVersioning:BucketVersioning": bucketChild,
    "aws:s3/bucketPolicy:BucketPolicy": bucketChild,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketChild,
    "aws:s3/accessPoint:AccessPoint": (i, c) => {
        const name = i.name ?? c.autoname(50);
        const account = i.accountId ?? c.accountId;
        return {
            id: `${account}:${name}`,
            state: {
                name, accountId: account, arn: `arn:${c.partition}:s3:${c.region}:${account}:accesspoint/${name}`,
                alias: `${name}-${c.hex(30)}-s3alias`, networkOrigin: i.vpcConfiguration ? "VPC" : "Internet",
                domainName: `${name}-${account}.s3-accesspoint.${c.region}.amazonaws.com`,
            },
        };
    },
    "aws:s3control/accessPointPolicy:AccessPointPolicy": (i) => ({ id: String(i.accessPointArn ?? ""), state: { hasPublicAccessPolicy: false } }),
    "aws:iam/role:Role": (i, c) => {
        const name = i.name ?? c.autoname(64);
        const path = i.path ?? "/";
        return {
            id: name,
            state: {
                name, path, arn: `arn:${c.partition}:iam::${c.accountId}:role${path}${name}`,
                uniqueId: `AROA${c.hex(17).toUpperCase()}`, createDate: "2026-01-01T00:00:00Z", maxSessionDuration: i.maxSessionDuration ?? 3600,
            },
        };
    },
    "aws:iam/rolePolicy:RolePolicy": (i, c) => {
        const name = i.name ?? c.autoname(128);
        return { id: `${i.role}:${name}`, state: { name } };
    },
    "aws:iam/policy:Policy": (i, c) => {
        const name = i.name ?? c.autoname(128);
        const path = i.path ?? "/";
        const arn = `arn:${c.partition}:iam::${c.accountId}:policy${path}${name}`;
        return { id: arn, state: { name, path, arn, policyId: `ANPA${c.hex(17).toUpperCase()}`, attachmentCount: 1 } };
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (i, c) => ({ id: `${i.role}-${c.hex(26)}`, state: {} }),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": (i, c) => ({ id: `${i.user}-${c.hex(26)}`, state: {} }),
    "aws:iam/policyAttachment:PolicyAttachment": (i, c) => ({ id: i.name ?? c.autoname(), state: {} }),
    "aws:iam/user:User": (i, c) => {
        const name = i.name ?? c.autoname(64);
        const path = i.path ?? "/";
        return { id: name, state: { name, path, arn: `arn:${c.partition}:iam::${c.accountId}:user${path}${name}`, uniqueId: `AIDA${c.hex(17).toUpperCase()}` } };
    },
    "aws:kms/key:Key": (i, c) => {
        const keyId = uuid(c);
        return { id: keyId, state: { keyId, arn: c.arn("kms", `key/${keyId}`), keyUsage: i.keyUsage ?? "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT" } };
    },
    "aws:kms/alias:Alias": (i, c) => {
        const name = i.name ?? `alias/${c.autoname()}`;
        return { id: name, state: { name, arn: c.arn("kms", name), targetKeyArn: c.arn("kms", `key/${i.targetKeyId}`) } };
    },
    "aws:ec2/vpc:Vpc": (i, c) => {
        const id = `vpc-${c.ec2()}`;
        // An Amazon-provided IPv6 block is a /56 from Amazon's pool (2600:1f00::/24 here).
        const ipv6 = i.assignGeneratedIpv6CidrBlock ? { ipv6CidrBlock: `2600:1f${c.hex(2)}:${c.hex(4)}:${c.hex(2, "v6")}00::/56`, ipv6AssociationId: `vpc-cidr-assoc-${c.ec2("v6")}` } : {};
        return {
            id,
            state: {
                id, arn: c.arn("ec2", `vpc/${id}`), ownerId: c.accountId, instanceTenancy: "default",
                defaultRouteTableId: `rtb-${c.ec2("main")}`, mainRouteTableId: `rtb-${c.ec2("main")}`,
                defaultSecurityGroupId: `sg-${c.ec2("default")}`, defaultNetworkAclId: `acl-${c.ec2()}`,
                enableDnsSupport: i.enableDnsSupport ?? true, enableDnsHostnames: i.enableDnsHostnames ?? false, ...ipv6,
            },
        };
    },
    "aws:ec2/subnet:Subnet": ec2Resource("subnet", "subnet"),
    "aws:ec2/routeTable:RouteTable": ec2Resource("rtb", "route-table"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ec2Resource("rtbassoc"),
    // The provider's route id: `r-<table>` plus the hash of the destination (CRC-32 of the destination: 1080289494 for 0.0.0.0/0, 1544835234 for ::/0).
    "aws:ec2/route:Route": (i) => ({ id: `r-${i.routeTableId}${i.destinationCidrBlock ? "1080289494" : i.destinationIpv6CidrBlock ? "1544835234" : ""}`, state: { origin: "CreateRoute", state: "active" } }),
    "aws:ec2/internetGateway:InternetGateway": ec2Resource("igw", "internet-gateway"),
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": ec2Resource("eigw"),
    "aws:ec2/natGateway:NatGateway": (_, c) => {
        const id = `nat-${c.ec2()}`;
        return { id, state: { id, connectivityType: "public", privateIp: "10.80.128.10", publicIp: `198.51.100.${parseInt(c.hex(2), 16) % 250 + 1}` } };
    },
    "aws:ec2/eip:Eip": (_, c) => {
        const id = `eipalloc-${c.ec2()}`;
        return { id, state: { id, allocationId: id, publicIp: `203.0.113.${parseInt(c.hex(2), 16) % 250 + 1}`, domain: "vpc" } };
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": (i, c) => {
        const id = `vpce-${c.ec2()}`;
        return { id, state: { id, arn: c.arn("ec2", `vpc-endpoint/${id}`), ownerId: c.accountId, state: "available", prefixListId: `pl-${c.hex(8)}`, vpcEndpointType: i.vpcEndpointType ?? "Gateway" } };
    },
    "aws:ec2/securityGroup:SecurityGroup": (i, c) => {
        const id = `sg-${c.ec2()}`;
        return { id, state: { id, name: i.name ?? c.autoname(255), arn: c.arn("ec2", `security-group/${id}`), ownerId: c.accountId } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (_, c) => ({ id: `sgr-${c.ec2()}`, state: { securityGroupRuleId: `sgr-${c.ec2()}` } }),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (_, c) => ({ id: `sgr-${c.ec2()}`, state: { securityGroupRuleId: `sgr-${c.ec2()}` } }),
    "aws:ssm/parameter:Parameter": (i, c) => {
        const name = i.name ?? c.autoname();
        return { id: name, state: { name, arn: c.arn("ssm", `parameter${name.startsWith("/") ? "" : "/"}${name}`), version: 1, tier: i.tier ?? "Standard" } };
    },
    "aws:sfn/stateMachine:StateMachine": (i, c) => {
        const name = i.name ?? c.autoname(80);
        const arn = c.arn("states", `stateMachine:${name}`);
        return { id: arn, state: { name, arn, status: "ACTIVE", creationDate: "2026-01-01T00:00:00Z", type: i.type ?? "STANDARD" } };
    },
    "aws:lambda/function:Function": (i, c) => {
        const name = i.name ?? c.autoname(64);
        const arn = c.arn("lambda", `function:${name}`);
        return { id: name, state: { name, arn, invokeArn: `arn:${c.partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}/invocations`, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST" } };
    },
    "aws:emrserverless/application:Application": (i, c) => {
        // EMR Serverless application ids are 16 lowercase alphanumerics, e.g. 00fabcd1234efg09.
        const id = `00${c.hex(14)}`;
        return { id, state: { id, name: i.name ?? c.autoname(64), arn: c.arn("emr-serverless", `/applications/${id}`), architecture: i.architecture ?? "X86_64" } };
    },
    "aws:secretsmanager/secret:Secret": (i, c) => {
        const name = i.name ?? c.autoname();
        const arn = c.arn("secretsmanager", `secret:${name}-${c.hex(6)}`);
        return { id: arn, state: { name, arn } };
    },
    "aws:cloudwatch/logGroup:LogGroup": (i, c) => {
        const name = i.name ?? c.autoname(512);
        return { id: name, state: { name, arn: c.arn("logs", `log-group:${name}`) } };
    },
    "random:index/randomPassword:RandomPassword": (i, c) => {
        const result = randomText(c, Number(i.length ?? 16), i.special === false ? ALNUM : ALNUM + (i.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?"));
        return { id: "none", state: { result, bcryptHash: `$2a$10$${c.hex(53)}` } };
    },
    "random:index/randomString:RandomString": (i, c) => ({ id: "none", state: { result: randomText(c, Number(i.length ?? 16), ALNUM) } }),
    "random:index/randomId:RandomId": (i, c) => {
        const hex = c.hex(Number(i.byteLength ?? 8) * 2);
        return { id: Buffer.from(hex, "hex").toString("base64url"), state: { hex, b64Url: Buffer.from(hex, "hex").toString("base64url"), dec: BigInt(`0x${hex}`).toString() } };
    },
};

function genericResource(i: Inputs, c: Context): Made {
    const name = i.name ?? c.autoname();
    const service = c.type.split(":")[1]?.split("/")[0] ?? "unknown";
    return { id: `${name}`, state: { arn: c.arn(service, `${c.type.split(":").pop()!.toLowerCase()}/${name}`) } };
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * A `StackReference` read, answered as the Pulumi engine does: the stack's outputs (secrets kept
 * where they are) and the names of the outputs that contain a secret. An unknown stack fails.
 */
function readStackReference(world: World, name: string): Made {
    const stack: WorldStack | undefined = world.stacks?.[name];
    if (!stack) {
        const known = Object.keys(world.stacks ?? {});
        if (world.stacks === undefined) {
            throw new OfflineLookupError(`stack ${name} is read through a StackReference, and no offline world file says what it holds: ` +
                `preview with --world <file> listing it under stacks: (see stacks/controlplane/offline-world.yaml)`);
        }
        throw new OfflineLookupError(`stack ${name} does not exist in the offline world (add it under stacks: in the world file` +
            `${known.length ? `; known stacks: ${known.join(", ")}` : ""})`);
    }
    const secretOutputNames = stack.secretOutputNames ?? Object.keys(stack.outputs).filter((k) => containsSecret(stack.outputs[k]));
    return { id: name, state: { name, outputs: stack.outputs, secretOutputNames } };
}

function containsSecret(value: unknown): boolean {
    if (recorded.isSecretValue(value)) return true;
    if (value && typeof value === "object") return Object.values(value).some(containsSecret);
    return false;
}

/** A look-up failing the way the provider fails it (not a gap in the world file). */
class ProviderError extends Error {
    public readonly details: string;
    constructor(message: string) {
        super(message);
        this.details = message;
    }
}

/** `getVpcEndpoint` by filters (VPC, service, type): the one match, or the provider's errors for none and several. */
function findVpcEndpoint(i: Inputs, c: Context): Record<string, unknown> {
    const matches = Object.entries(c.world.vpcEndpoints).filter(([, e]) => (e.vpcId ?? c.world.defaultVpcId) === i.vpcId
        && (i.serviceName === undefined || (e.serviceName ?? `com.amazonaws.${c.region}.s3`) === i.serviceName)
        && (i.vpcEndpointType === undefined || (e.type ?? "Gateway") === i.vpcEndpointType));
    if (matches.length === 0) throw new ProviderError("no matching EC2 VPC Endpoint found");
    if (matches.length > 1) throw new ProviderError("multiple EC2 VPC Endpoints matched; use additional constraints to reduce matches to a single EC2 VPC Endpoint");
    return CALLS["aws:ec2/getVpcEndpoint:getVpcEndpoint"]({ id: matches[0][0] }, c);
}

function notFound(what: string): never {
    throw new OfflineLookupError(`${what} does not exist in the offline world (add it to the world file)`);
}

const CALLS: Record<string, (i: Inputs, c: Context) => Record<string, unknown>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_, c) => ({
        id: c.accountId, accountId: c.accountId, arn: `arn:${c.partition}:iam::${c.accountId}:user/offline-preview`, userId: "AIDAOFFLINEPREVIEW",
    }),
    "aws:index/getRegion:getRegion": (_, c) => ({
        id: c.region, name: c.region, region: c.region, endpoint: `ec2.${c.region}.amazonaws.com`, description: c.region,
    }),
    "aws:index/getPartition:getPartition": (_, c) => ({
        id: c.partition, partition: c.partition, dnsSuffix: c.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com",
        reverseDnsPrefix: c.partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_, c) => ({
        id: c.region, names: ["a", "b", "c"].map((z) => `${c.region}${z}`), zoneIds: [1, 2, 3].map((n) => `${c.region.replace(/-/g, "").slice(0, 4)}-az${n}`),
        groupNames: [c.region], state: "available",
    }),
    "aws:ec2/getSubnet:getSubnet": (i, c) => {
        const id = String(i.id ?? notFound("a subnet without an id"));
        const s = describeSubnet(c.world, id);
        return {
            id, arn: c.arn("ec2", `subnet/${id}`), vpcId: s.vpcId, availabilityZone: s.availabilityZone,
            availabilityZoneId: `${c.region.replace(/-/g, "").slice(0, 4)}-az${"abc".indexOf(s.availabilityZone.slice(-1)) + 1}`,
            cidrBlock: "10.0.0.0/20", mapPublicIpOnLaunch: s.public, state: "available", ownerId: c.accountId, tags: {},
        };
    },
    "aws:ec2/getRouteTable:getRouteTable": (i, c) => {
        const subnetId = i.subnetId as string | undefined;
        if (!subnetId) notFound("a route table looked up without a subnet id");
        const s = describeSubnet(c.world, subnetId);
        return {
            id: s.routeTableId, routeTableId: s.routeTableId, vpcId: s.vpcId, subnetId, ownerId: c.accountId,
            arn: c.arn("ec2", `route-table/${s.routeTableId}`), associations: [{ subnetId, routeTableId: s.routeTableId, main: false }],
            routes: s.public ? [{ cidrBlock: "0.0.0.0/0", gatewayId: `igw-${hexOf(s.vpcId, 17)}` }] : [], tags: {},
        };
    },
    "aws:ec2/getVpcEndpoint:getVpcEndpoint": (i, c) => {
        if (i.id === undefined) return findVpcEndpoint(i, c);
        const id = String(i.id);
        const e = c.world.vpcEndpoints[id] ?? {};
        const routeTableIds = e.routeTableIds ?? Object.keys(c.world.subnets).map((s) => describeSubnet(c.world, s).routeTableId);
        return {
            id, vpcId: e.vpcId ?? c.world.defaultVpcId ?? notFound(`VPC endpoint ${id}`), vpcEndpointType: e.type ?? "Gateway",
            serviceName: e.serviceName ?? `com.amazonaws.${c.region}.s3`, routeTableIds: [...new Set(routeTableIds)], state: "available",
            arn: c.arn("ec2", `vpc-endpoint/${id}`), ownerId: c.accountId,
        };
    },
    // A bucket without a policy fails the look-up, as the provider does (S3 answers NoSuchBucketPolicy).
    "aws:s3/getBucketPolicy:getBucketPolicy": (i, c) => {
        const bucket = String(i.bucket);
        if (c.world.buckets && !c.world.buckets.includes(bucket)) notFound(`bucket ${bucket}`);
        const { policy } = describeBucket(c.world, bucket);
        if (policy === undefined) throw new ProviderError(`reading S3 Bucket (${bucket}) Policy: couldn't find resource`);
        return { id: bucket, bucket, policy, region: c.region };
    },
    // Cloud Control's read of an S3 bucket: CloudFormation's AWS::S3::Bucket properties, as JSON.
    "aws:cloudcontrol/getResource:getResource": (i, c) => {
        const typeName = String(i.typeName);
        if (typeName !== "AWS::S3::Bucket") throw new OfflineLookupError(`the offline engine reads only AWS::S3::Bucket through Cloud Control, not ${typeName}`);
        const bucket = String(i.identifier);
        if (c.world.buckets && !c.world.buckets.includes(bucket)) notFound(`bucket ${bucket}`);
        const b = describeBucket(c.world, bucket);
        const properties: Record<string, unknown> = {
            BucketName: bucket, Arn: `arn:${c.partition}:s3:::${bucket}`,
            BucketEncryption: { ServerSideEncryptionConfiguration: [{
                ServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption.sseAlgorithm, ...(b.encryption.kmsMasterKeyId ? { KMSMasterKeyID: b.encryption.kmsMasterKeyId } : {}) },
                BucketKeyEnabled: b.encryption.bucketKeyEnabled ?? false,
            }] },
        };
        if (b.versioning !== "Disabled") properties.VersioningConfiguration = { Status: b.versioning };
        if (b.lifecycleRules.length) properties.LifecycleConfiguration = { Rules: b.lifecycleRules };
        return { id: bucket, identifier: bucket, typeName, properties: JSON.stringify(properties), region: c.region };
    },
    "aws:s3/getBucket:getBucket": (i, c) => {
        const bucket = String(i.bucket);
        if (c.world.buckets && !c.world.buckets.includes(bucket)) notFound(`bucket ${bucket}`);
        return { id: bucket, bucket, arn: `arn:${c.partition}:s3:::${bucket}`, region: c.region, bucketDomainName: `${bucket}.s3.amazonaws.com` };
    },
    "aws:iam/getRole:getRole": (i, c) => {
        const name = String(i.name);
        if (c.world.roles && !c.world.roles.includes(name)) notFound(`role ${name}`);
        return { id: name, name, path: "/", arn: `arn:${c.partition}:iam::${c.accountId}:role/${name}`, uniqueId: `AROA${hexOf(name, 17).toUpperCase()}` };
    },
    "aws:iam/getUser:getUser": (i, c) => {
        const userName = String(i.userName);
        if (c.world.users && !c.world.users.includes(userName)) notFound(`user ${userName}`);
        return { id: userName, userName, path: "/", arn: `arn:${c.partition}:iam::${c.accountId}:user/${userName}`, userId: `AIDA${hexOf(userName, 17).toUpperCase()}` };
    },
};

/** Resource types and look-ups the engine answers specifically (everything else gets generic ids). */
export const SUPPORTED = { resources: Object.keys(RESOURCES), calls: Object.keys(CALLS) };
