/**
 * The offline engine's look-ups (provider invokes, see awsMocks.ts): identity, region, partition,
 * AZs, subnets, route tables, VPC endpoints and endpoint services, buckets (policy, Cloud Control read), KMS keys, roles and users,
 * answered from the world; what the world lacks fails as a gap in the world file.
 */
import { dnsSuffixOf } from "../../vocabulary/partitions";
import { Context, Inputs, OfflineLookupError, ProviderError, notFound } from "./mockContext";
import { describeBucket, describeSubnet, hexOf } from "./world";

/** A key ID in UUID form, the same for the same seed. */
function uuidOf(seed: string): string {
    const h = hexOf(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
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

export const CALLS: Record<string, (i: Inputs, c: Context) => Record<string, unknown>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": (_, c) => ({
        id: c.accountId, accountId: c.accountId, arn: `arn:${c.partition}:iam::${c.accountId}:user/offline-preview`, userId: "AIDAOFFLINEPREVIEW",
    }),
    "aws:index/getRegion:getRegion": (_, c) => ({
        id: c.region, name: c.region, region: c.region, endpoint: `ec2.${c.region}.amazonaws.com`, description: c.region,
    }),
    "aws:index/getPartition:getPartition": (_, c) => ({
        id: c.partition, partition: c.partition, dnsSuffix: dnsSuffixOf(c.region), reverseDnsPrefix: dnsSuffixOf(c.region).split(".").reverse().join("."),
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
    // An AWS service's PrivateLink endpoint service, by its short name (`sts`, `ecr.api`): the regional name AWS lists.
    "aws:ec2/getVpcEndpointService:getVpcEndpointService": (i, c) => {
        const service = String(i.service ?? notFound("an endpoint service looked up without its service name"));
        const serviceName = `com.amazonaws.${c.region}.${service}`;
        return {
            id: serviceName, service, serviceName, serviceType: i.serviceType ?? "Interface", serviceId: `vpce-svc-0${hexOf(serviceName, 16)}`,
            owner: "amazon", acceptanceRequired: false, managesVpcEndpoints: false, vpcEndpointPolicySupported: true, region: c.region, serviceRegion: c.region,
            availabilityZones: ["a", "b", "c"].map((z) => `${c.region}${z}`), baseEndpointDnsNames: [`${service}.${c.region}.vpce.amazonaws.com`],
            privateDnsName: `${service}.${c.region}.amazonaws.com`, privateDnsNames: [`${service}.${c.region}.amazonaws.com`], supportedIpAddressTypes: ["ipv4"], tags: {}, arn: c.arn("ec2", `vpc-endpoint-service/vpce-svc-0${hexOf(serviceName, 16)}`),
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
        if (b.publicAccessBlock) {
            const f = b.publicAccessBlock;
            properties.PublicAccessBlockConfiguration = { BlockPublicAcls: f.blockPublicAcls ?? false, BlockPublicPolicy: f.blockPublicPolicy ?? false, IgnorePublicAcls: f.ignorePublicAcls ?? false, RestrictPublicBuckets: f.restrictPublicBuckets ?? false };
        }
        if (b.versioning !== "Disabled") properties.VersioningConfiguration = { Status: b.versioning };
        if (b.lifecycleRules.length) properties.LifecycleConfiguration = { Rules: b.lifecycleRules };
        return { id: bucket, identifier: bucket, typeName, properties: JSON.stringify(properties), region: c.region };
    },
    // DescribeKey by ID, alias or ARN: the key's ARN and who manages it.
    "aws:kms/getKey:getKey": (i, c) => {
        const keyId = String(i.keyId);
        const known = c.world.kmsKeys?.[keyId];
        if (c.world.kmsKeys && !known && !keyId.includes(":key/")) throw new ProviderError(`reading KMS Key (${keyId}): NotFoundException: Alias or key ${keyId} is not found.`);
        const alias = /(^|:)(alias\/.+)$/.exec(keyId)?.[2];
        const id = /:key\/(.+)$/.exec(keyId)?.[1] ?? (alias ? uuidOf(`${c.accountId}:${alias}`) : keyId);
        const arn = known?.arn ?? (keyId.includes(":key/") ? keyId : c.arn("kms", `key/${id}`));
        const keyManager = known?.keyManager ?? (alias?.startsWith("alias/aws/") ? "AWS" : "CUSTOMER");
        return { id: arn, arn, keyId: arn.slice(arn.lastIndexOf("/") + 1), keyManager, keyState: "Enabled", enabled: true, keyUsage: "ENCRYPT_DECRYPT",
            keySpec: "SYMMETRIC_DEFAULT", origin: "AWS_KMS", awsAccountId: arn.split(":")[4], multiRegion: false, description: "" };
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
