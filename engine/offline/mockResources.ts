/** The offline engine's resource types (see awsMocks.ts): the ids and state AWS would give each created resource. */
import { ALNUM, Context, Inputs, Made, randomText, uuid } from "./mockContext";

function ec2Resource(prefix: string, arnType?: string) {
    return (_: Inputs, c: Context): Made => {
        const id = `${prefix}-${c.ec2()}`;
        return { id, state: { id, ownerId: c.accountId, ...(arnType ? { arn: c.arn("ec2", `${arnType}/${id}`) } : {}) } };
    };
}

function bucketChild(i: Inputs): Made {
    return { id: String(i.bucket ?? ""), state: {} };
}

export const RESOURCES: Record<string, (i: Inputs, c: Context) => Made> = {
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

export function genericResource(i: Inputs, c: Context): Made {
    const name = i.name ?? c.autoname();
    const service = c.type.split(":")[1]?.split("/")[0] ?? "unknown";
    return { id: `${name}`, state: { arn: c.arn(service, `${c.type.split(":").pop()!.toLowerCase()}/${name}`) } };
}
