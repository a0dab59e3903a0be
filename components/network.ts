import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as v from "./validation";

/** An existing private subnet, as found by `Network.lookupExisting`. */
export interface ExistingSubnet {
    /** The subnet's id (`subnet-…`). */
    id: string;
    /** The VPC the subnet is in. */
    vpcId: string;
    /** The subnet's availability zone. */
    availabilityZone: string;
    /** The route table the subnet uses (its explicit association, else the VPC's main table). */
    routeTableId: string;
    /** True when that route table sends 0.0.0.0/0 to an internet gateway (the subnet is public). */
    routesToInternetGateway: boolean;
}

/** An existing S3 gateway endpoint, as found by `Network.lookupExisting`. */
export interface ExistingS3Endpoint {
    /** The endpoint's id (`vpce-…`). */
    id: string;
    /** The VPC the endpoint is in. */
    vpcId: string;
    /** The endpoint type; only `Gateway` is accepted. */
    type: string;
    /** The service it serves, `com.amazonaws.<region>.s3` for S3. */
    serviceName: string;
    /** The route tables it is associated with; they must include every subnet's route table. */
    routeTableIds: string[];
}

/** An existing network to adopt: a VPC, its private subnets and, optionally, its S3 gateway endpoint. */
export interface ExistingNetwork {
    /** The VPC's id (`vpc-…`). */
    vpcId: string;
    /** At least two private subnets of the VPC, in at least two distinct AZs. */
    subnets: ExistingSubnet[];
    /** An existing S3 gateway endpoint to reuse instead of creating one. */
    s3Endpoint?: ExistingS3Endpoint;
}

/** What the security group lets out. */
export const EgressMode = {
    /** Any protocol, anywhere. */
    All: "all",
    /** TCP 443 only (S3 and AWS APIs). */
    Https: "https",
} as const;
export type EgressMode = (typeof EgressMode)[keyof typeof EgressMode];

export interface NetworkArgs {
    /**
     * Adopt mode: an existing VPC and at least two private subnets in distinct AZs, described by
     * `Network.lookupExisting` (or `Network.adopt`). Nothing is created in the VPC but the
     * security group and, unless `existing.s3Endpoint` is set, the S3 gateway endpoint.
     * Defaults to create mode.
     */
    existing?: ExistingNetwork;
    /** Create mode: CIDR block of the new VPC, /16 to /20 (each private subnet gets a sixteenth of it). Defaults to `"10.80.0.0/16"`. */
    vpcCidr?: string;
    /**
     * Create mode: add a NAT gateway (with an internet gateway, a public subnet and an Elastic IP)
     * so jobs can reach the internet and S3 in other regions. Costs money while idle (about
     * US$0.045 an hour, ~US$33 a month, plus US$0.045 per GB processed, in us-east-1).
     * Defaults to `false`: same-region S3 through the free gateway endpoint only.
     */
    natGateway?: boolean;
    /** Security group egress: `"all"` (any protocol, anywhere) or `"https"` (TCP 443 only). Defaults to `"all"`. */
    egress?: EgressMode;
    /** Allow inbound traffic from the security group itself (worker to worker). Defaults to `false`: no ingress at all. */
    selfIngress?: boolean;
    /** Tags for created resources (a `Name` tag is added). Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * Networking for EMR Serverless applications: two private subnets in two distinct AZs, an S3
 * gateway endpoint on their route tables, and a security group with no ingress by default.
 * Creates a VPC (no NAT gateway unless asked), or adopts an existing VPC and subnets.
 */
export class Network extends pulumi.ComponentResource {
    /** The VPC id. */
    public readonly vpcId: pulumi.Output<string>;
    /** The private subnets' ids: the message's `subnetIds`. */
    public readonly subnetIds: pulumi.Output<string[]>;
    /** The availability zones of `subnetIds`, in the same order. */
    public readonly availabilityZones: pulumi.Output<string[]>;
    /** The security group's id: the message's `securityGroups[0]`. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** The S3 gateway endpoint's id (created or adopted). */
    public readonly s3EndpointId: pulumi.Output<string>;
    /** The NAT gateway's id; `undefined` unless `natGateway` is set. */
    public readonly natGatewayId: pulumi.Output<string> | undefined;
    /** Whether the network was adopted rather than created. */
    public readonly adopted: boolean;

    /**
     * Looks up an existing VPC's subnets (AZ, VPC, route table) and optional S3 endpoint through the
     * provider and checks them with {@link validateExistingNetwork}. Call it before creating any
     * resource, so a bad network fails the program with nothing registered.
     */
    public static async lookupExisting(input: { vpcId: string; subnetIds: string[]; s3EndpointId?: string },
        opts?: pulumi.InvokeOptions, field = (f: string) => `args.${f}`): Promise<ExistingNetwork> {
        v.vpcId(field("vpcId"), input.vpcId);
        v.stringList(field("subnetIds"), input.subnetIds, v.subnetId, { min: 2 });
        if (input.s3EndpointId !== undefined) v.vpcEndpointId(field("s3EndpointId"), input.s3EndpointId);
        const subnets = await Promise.all(input.subnetIds.map(async (id): Promise<ExistingSubnet> => {
            const subnet = await aws.ec2.getSubnet({ id }, opts);
            const table = await aws.ec2.getRouteTable({ subnetId: id }, opts).catch(() =>
                aws.ec2.getRouteTable({ vpcId: subnet.vpcId, filters: [{ name: "association.main", values: ["true"] }] }, opts));
            return {
                id,
                vpcId: subnet.vpcId,
                availabilityZone: subnet.availabilityZone,
                routeTableId: table.routeTableId,
                routesToInternetGateway: table.routes.some((r) => r.cidrBlock === "0.0.0.0/0" && r.gatewayId?.startsWith("igw-")),
            };
        }));
        let s3Endpoint: ExistingS3Endpoint | undefined;
        if (input.s3EndpointId !== undefined) {
            const e = await aws.ec2.getVpcEndpoint({ id: input.s3EndpointId }, opts);
            s3Endpoint = { id: e.id, vpcId: e.vpcId, type: e.vpcEndpointType, serviceName: e.serviceName, routeTableIds: e.routeTableIds };
        }
        const existing = { vpcId: input.vpcId, subnets, s3Endpoint };
        validateExistingNetwork(existing, field);
        return existing;
    }

    /** {@link Network.lookupExisting}, then a Network in adopt mode. */
    public static async adopt(name: string, input: { vpcId: string; subnetIds: string[]; s3EndpointId?: string },
        args: Omit<NetworkArgs, "existing" | "vpcCidr" | "natGateway"> = {}, opts?: pulumi.ComponentResourceOptions): Promise<Network> {
        const existing = await Network.lookupExisting(input, { provider: opts?.provider, parent: opts?.parent });
        return new Network(name, { ...args, existing }, opts);
    }

    constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:Network", name, {}, opts);
        const cfg = validateNetworkArgs(args);
        const parent = { parent: this };
        const tags = (suffix: string) => ({ ...args.tags, Name: `${name}-${suffix}` });
        const region = aws.getRegionOutput({}, parent).region;

        let vpcId: pulumi.Output<string>;
        let subnetIds: pulumi.Output<string[]>;
        let availabilityZones: pulumi.Output<string[]>;
        let routeTableIds: pulumi.Output<string[]>;
        let natGatewayId: pulumi.Output<string> | undefined;

        if (cfg.existing) {
            const existing = cfg.existing;
            vpcId = pulumi.output(existing.vpcId);
            subnetIds = pulumi.output(existing.subnets.map((s) => s.id));
            availabilityZones = pulumi.output(existing.subnets.map((s) => s.availabilityZone));
            routeTableIds = pulumi.output([...new Set(existing.subnets.map((s) => s.routeTableId))]);
        } else {
            const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
                cidrBlock: cfg.vpcCidr,
                enableDnsSupport: true,
                enableDnsHostnames: true,
                tags: tags("vpc"),
            }, parent);
            const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent).names.apply((names) => {
                if (names.length < 2) throw new v.ValidationError("availability zones", `the region offers ${names.length} available AZ(s); a data plane needs two`);
                return names.slice(0, 2);
            });
            const privateSubnets = [0, 1].map((i) => new aws.ec2.Subnet(`${name}-private-${i + 1}`, {
                vpcId: vpc.id,
                cidrBlock: subnetCidr(cfg.vpcCidr, 4, i),
                availabilityZone: zones[i],
                mapPublicIpOnLaunch: false,
                tags: tags(`private-${i + 1}`),
            }, parent));
            const privateTables = privateSubnets.map((subnet, i) => {
                const table = new aws.ec2.RouteTable(`${name}-private-${i + 1}`, { vpcId: vpc.id, tags: tags(`private-${i + 1}`) }, parent);
                new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}`, { subnetId: subnet.id, routeTableId: table.id }, parent);
                return table;
            });
            if (cfg.natGateway) {
                const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags("igw") }, parent);
                const publicSubnet = new aws.ec2.Subnet(`${name}-public-1`, {
                    vpcId: vpc.id,
                    cidrBlock: subnetCidr(cfg.vpcCidr, 4, 8),
                    availabilityZone: zones[0],
                    mapPublicIpOnLaunch: false,
                    tags: tags("public-1"),
                }, parent);
                const publicTable = new aws.ec2.RouteTable(`${name}-public-1`, { vpcId: vpc.id, tags: tags("public-1") }, parent);
                new aws.ec2.Route(`${name}-public-1-internet`, { routeTableId: publicTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
                new aws.ec2.RouteTableAssociation(`${name}-public-1`, { subnetId: publicSubnet.id, routeTableId: publicTable.id }, parent);
                const eip = new aws.ec2.Eip(`${name}-nat`, { domain: "vpc", tags: tags("nat") }, { parent: this, dependsOn: [igw] });
                const nat = new aws.ec2.NatGateway(`${name}-nat`, { allocationId: eip.id, subnetId: publicSubnet.id, tags: tags("nat") }, parent);
                privateTables.forEach((table, i) => new aws.ec2.Route(`${name}-private-${i + 1}-nat`, {
                    routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id,
                }, parent));
                natGatewayId = nat.id;
            }
            vpcId = vpc.id;
            subnetIds = pulumi.all(privateSubnets.map((s) => s.id));
            availabilityZones = pulumi.all(privateSubnets.map((s) => s.availabilityZone));
            routeTableIds = pulumi.all(privateTables.map((t) => t.id));
        }

        let s3EndpointId: pulumi.Output<string>;
        if (cfg.existing?.s3Endpoint) {
            s3EndpointId = pulumi.output(cfg.existing.s3Endpoint.id);
        } else {
            const endpoint = new aws.ec2.VpcEndpoint(`${name}-s3`, {
                vpcId,
                serviceName: region.apply(s3ServiceName),
                vpcEndpointType: "Gateway",
                routeTableIds,
                tags: tags("s3"),
            }, parent);
            s3EndpointId = endpoint.id;
        }

        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId,
            description: "EMR Serverless applications (emr-serverless-dataplane)",
            ingress: cfg.selfIngress ? [{ description: "Workers of the same applications", protocol: "-1", fromPort: 0, toPort: 0, self: true }] : [],
            egress: cfg.egress === "all"
                ? [{ description: "All outbound", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]
                : [{ description: "HTTPS outbound (S3 and AWS APIs)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
            tags: tags("sg"),
        }, parent);

        this.vpcId = vpcId;
        this.subnetIds = subnetIds;
        this.availabilityZones = availabilityZones;
        this.securityGroupId = sg.id;
        this.s3EndpointId = s3EndpointId;
        this.natGatewayId = natGatewayId;
        this.adopted = cfg.existing !== undefined;
        this.registerOutputs({
            vpcId: this.vpcId, subnetIds: this.subnetIds, availabilityZones: this.availabilityZones,
            securityGroupId: this.securityGroupId, s3EndpointId: this.s3EndpointId, natGatewayId: this.natGatewayId,
        });
    }
}

export interface NetworkSettings {
    existing?: ExistingNetwork;
    vpcCidr: string;
    natGateway: boolean;
    egress: EgressMode;
    selfIngress: boolean;
}

/** Validates and defaults {@link NetworkArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateNetworkArgs(args: NetworkArgs, field = (f: string) => `args.${f}`): NetworkSettings {
    if (args.existing) {
        for (const key of ["vpcCidr", "natGateway"] as const) {
            if (args[key] !== undefined) throw new v.ValidationError(field(key), `only applies when creating a VPC; it conflicts with adopting ${args.existing.vpcId}`);
        }
        validateExistingNetwork(args.existing, field);
    }
    const vpcCidr = v.cidr(field("vpcCidr"), args.vpcCidr ?? "10.80.0.0/16", 16, 20);
    if (args.natGateway !== undefined && typeof args.natGateway !== "boolean") throw new v.ValidationError(field("natGateway"), `must be true or false, got ${JSON.stringify(args.natGateway)}`);
    if (args.selfIngress !== undefined && typeof args.selfIngress !== "boolean") throw new v.ValidationError(field("selfIngress"), `must be true or false, got ${JSON.stringify(args.selfIngress)}`);
    return {
        existing: args.existing,
        vpcCidr,
        natGateway: args.natGateway ?? false,
        egress: v.oneOf(field("egress"), args.egress ?? EgressMode.All, Object.values(EgressMode)),
        selfIngress: args.selfIngress ?? false,
    };
}

/**
 * Checks an existing network: the VPC and subnet ids are well formed, every subnet is in the
 * VPC and private, the subnets span at least two AZs, and an adopted S3 endpoint is a gateway
 * endpoint for S3 in the VPC, associated with every subnet's route table.
 */
export function validateExistingNetwork(existing: ExistingNetwork, field = (f: string) => `args.${f}`): void {
    v.vpcId(field("vpcId"), existing.vpcId);
    const subnetsField = field("subnetIds");
    v.stringList(subnetsField, existing.subnets.map((s) => s.id), v.subnetId, { min: 2 });
    for (const s of existing.subnets) {
        if (s.vpcId !== existing.vpcId) throw new v.ValidationError(subnetsField, `subnet ${s.id} is in ${s.vpcId}, not in ${existing.vpcId}`);
        if (s.routesToInternetGateway) {
            throw new v.ValidationError(subnetsField, `subnet ${s.id} is public: its route table ${s.routeTableId} sends 0.0.0.0/0 to an internet gateway; EMR Serverless needs private subnets`);
        }
    }
    const zones = new Set(existing.subnets.map((s) => s.availabilityZone));
    if (zones.size < 2) {
        throw new v.ValidationError(subnetsField, `subnets ${existing.subnets.map((s) => s.id).join(", ")} are all in ${[...zones][0]}; a data plane needs private subnets in two distinct availability zones`);
    }
    const e = existing.s3Endpoint;
    if (e) {
        const f = field("s3EndpointId");
        if (e.vpcId !== existing.vpcId) throw new v.ValidationError(f, `endpoint ${e.id} is in ${e.vpcId}, not in ${existing.vpcId}`);
        if (e.type !== "Gateway" || !/\.s3$/.test(e.serviceName)) throw new v.ValidationError(f, `endpoint ${e.id} is a ${e.type} endpoint for ${e.serviceName}; an S3 gateway endpoint is required`);
        const missing = [...new Set(existing.subnets.map((s) => s.routeTableId))].filter((t) => !e.routeTableIds.includes(t));
        if (missing.length > 0) throw new v.ValidationError(f, `endpoint ${e.id} is not associated with route table(s) ${missing.join(", ")} of the subnets; associate them, or omit it to let the plane create one`);
    }
}

/** The `index`-th subnet of `cidr` with `newBits` more prefix bits (like Terraform's `cidrsubnet`). */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
    const [address, prefixText] = cidr.split("/");
    const prefix = Number(prefixText) + newBits;
    if (prefix > 28 || index >= 2 ** newBits) throw new Error(`cannot carve subnet ${index} of /${prefix} from ${cidr}`);
    const base = address.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const start = base + index * 2 ** (32 - prefix);
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}

/** The S3 service name for gateway endpoints in a region. */
export function s3ServiceName(region: string): string {
    return region.startsWith("cn-") ? `cn.com.amazonaws.${region}.s3` : `com.amazonaws.${region}.s3`;
}
