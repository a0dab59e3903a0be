import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ExistingNetwork, ExistingSubnet, ExistingVpcEndpoint, discoverS3Endpoint, s3ServiceName, subnetCidr, validateExistingNetwork } from "./existingNetwork";
import { ipv6Egress, ipv6Subnet64, natEgress } from "./networkEgress";
import * as v from "./validation";

export { ExistingNetwork, ExistingSubnet, ExistingVpcEndpoint, s3ServiceName, subnetCidr, validateExistingNetwork } from "./existingNetwork";

/** What the security group lets out. */
export const EgressMode = {
    /** Any protocol, anywhere. */
    All: "all",
    /** TCP 443 only (S3 and AWS APIs). */
    Https: "https",
} as const;
export type EgressMode = (typeof EgressMode)[keyof typeof EgressMode];

/**
 * How jobs in a created network reach the internet (STS, S3 in other regions, anything public).
 * None of them admits inbound connections.
 */
export const InternetEgress = {
    /** Same-region S3 through the gateway endpoint only. */
    None: "none",
    /** Dual-stack subnets and an egress-only internet gateway: IPv6 destinations only, no idle cost. */
    Ipv6: "ipv6",
    /** A NAT gateway: IPv4 and IPv6 clients alike; the one mode billed while idle (the price table in docs/egress-and-cost.md). */
    Nat: "nat",
} as const;
export type InternetEgress = (typeof InternetEgress)[keyof typeof InternetEgress];
export const INTERNET_EGRESS_MODES: readonly InternetEgress[] = Object.values(InternetEgress);

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
     * Create mode: how jobs reach the internet, STS and S3 in other regions: `none`, `ipv6` (an
     * egress-only internet gateway on dual-stack subnets: no idle cost, but only clients that use
     * IPv6/dual-stack endpoints get out) or `nat` (one NAT gateway with an Elastic IP in a public
     * subnet, billed by the hour and per GB processed: the price table in docs/egress-and-cost.md). Defaults to
     * `nat`: the cheapest mode through which jobs reach STS and S3 in other regions without
     * configuring their clients (see "Internet egress" in docs/egress-and-cost.md).
     */
    internetEgress?: InternetEgress;
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
    /** The NAT gateway's id; `undefined` unless `internetEgress` is `nat`. */
    public readonly natGatewayId: pulumi.Output<string> | undefined;
    /** The egress-only internet gateway's id; `undefined` unless `internetEgress` is `ipv6`. */
    public readonly egressOnlyGatewayId: pulumi.Output<string> | undefined;
    /** How jobs reach the internet: `none`, `ipv6` or `nat` (created network); `undefined` for an adopted network (its own routes apply). */
    public readonly internetEgress: pulumi.Output<InternetEgress> | undefined;
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
        let s3Endpoint: ExistingVpcEndpoint | undefined;
        if (input.s3EndpointId !== undefined) {
            const e = await aws.ec2.getVpcEndpoint({ id: input.s3EndpointId }, opts);
            s3Endpoint = { id: e.id, vpcId: e.vpcId, type: e.vpcEndpointType, serviceName: e.serviceName, routeTableIds: e.routeTableIds, source: "configured" };
        } else {
            s3Endpoint = await discoverS3Endpoint(input.vpcId, opts, field);
            // An endpoint that serves none of the subnets' tables is someone else's: ours can coexist with it.
            if (s3Endpoint && !subnets.some((sn) => s3Endpoint!.routeTableIds.includes(sn.routeTableId))) s3Endpoint = undefined;
        }
        const existing = { vpcId: input.vpcId, subnets, s3Endpoint };
        validateExistingNetwork(existing, field);
        return existing;
    }

    /** {@link Network.lookupExisting}, then a Network in adopt mode. */
    public static async adopt(name: string, input: { vpcId: string; subnetIds: string[]; s3EndpointId?: string },
        args: Omit<NetworkArgs, "existing" | "vpcCidr" | "internetEgress"> = {}, opts?: pulumi.ComponentResourceOptions): Promise<Network> {
        const existing = await Network.lookupExisting(input, { provider: opts?.provider, parent: opts?.parent });
        return new Network(name, { ...args, existing }, opts);
    }

    constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:Network", name, {}, opts);
        const cfg = validateNetworkArgs(args);
        const tags = (suffix: string) => ({ ...args.tags, Name: `${name}-${suffix}` });
        const region = aws.getRegionOutput({}, { parent: this }).region;

        const vpc = cfg.existing ? adoptedVpc(cfg.existing) : createdVpc(name, cfg, tags, this);
        const s3EndpointId = cfg.existing?.s3Endpoint ? pulumi.output(cfg.existing.s3Endpoint.id) : s3Endpoint(name, vpc, region, tags, this).id;
        const sg = securityGroup(name, cfg, vpc.vpcId, tags, this);

        this.vpcId = vpc.vpcId;
        this.subnetIds = vpc.subnetIds;
        this.availabilityZones = vpc.availabilityZones;
        this.securityGroupId = sg.id;
        this.s3EndpointId = s3EndpointId;
        this.natGatewayId = vpc.natGatewayId;
        this.egressOnlyGatewayId = vpc.egressOnlyGatewayId;
        this.adopted = cfg.existing !== undefined;
        this.internetEgress = cfg.existing ? undefined : pulumi.output(cfg.internetEgress);
        this.registerOutputs({
            vpcId: this.vpcId, subnetIds: this.subnetIds, availabilityZones: this.availabilityZones, securityGroupId: this.securityGroupId,
            s3EndpointId: this.s3EndpointId, natGatewayId: this.natGatewayId, egressOnlyGatewayId: this.egressOnlyGatewayId,
        });
    }
}

/** A resource's `Name` tag (and the user's tags) by the suffix after the component's name. */
type NameTags = (suffix: string) => Record<string, string>;

/** The VPC the rest of the network hangs on: created or adopted. */
interface VpcParts {
    vpcId: pulumi.Output<string>;
    subnetIds: pulumi.Output<string[]>;
    availabilityZones: pulumi.Output<string[]>;
    routeTableIds: pulumi.Output<string[]>;
    natGatewayId?: pulumi.Output<string>;
    egressOnlyGatewayId?: pulumi.Output<string>;
}

/** The adopted VPC's parts, as they are (the route tables without repeats). */
function adoptedVpc(existing: ExistingNetwork): VpcParts {
    return {
        vpcId: pulumi.output(existing.vpcId),
        subnetIds: pulumi.output(existing.subnets.map((s) => s.id)),
        availabilityZones: pulumi.output(existing.subnets.map((s) => s.availabilityZone)),
        routeTableIds: pulumi.output([...new Set(existing.subnets.map((s) => s.routeTableId))]),
    };
}

/** A new VPC: two private subnets in the region's first two AZs, a route table each, and the internet egress. */
function createdVpc(name: string, cfg: NetworkSettings, tags: NameTags, component: pulumi.Resource): VpcParts {
    const parent = { parent: component };
    const ipv6 = cfg.internetEgress === "ipv6";
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
        cidrBlock: cfg.vpcCidr,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        // ipv6: an Amazon-provided /56, one /64 per private subnet (dual-stack subnets).
        assignGeneratedIpv6CidrBlock: ipv6 ? true : undefined,
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
        ...(ipv6 ? { ipv6CidrBlock: vpc.ipv6CidrBlock.apply((block) => ipv6Subnet64(block, i)), assignIpv6AddressOnCreation: true } : {}),
        tags: tags(`private-${i + 1}`),
    }, parent));
    const privateTables = privateSubnets.map((subnet, i) => {
        const table = new aws.ec2.RouteTable(`${name}-private-${i + 1}`, { vpcId: vpc.id, tags: tags(`private-${i + 1}`) }, parent);
        new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}`, { subnetId: subnet.id, routeTableId: table.id }, parent);
        return table;
    });
    const egress = { name, vpcId: vpc.id, vpcCidr: cfg.vpcCidr, zone: zones[0], privateTables, publicCidr: subnetCidr(cfg.vpcCidr, 4, 8), tags, parent: component };
    return {
        natGatewayId: cfg.internetEgress === "nat" ? natEgress(egress).id : undefined,
        egressOnlyGatewayId: ipv6 ? ipv6Egress(egress).id : undefined,
        vpcId: vpc.id,
        subnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
        availabilityZones: pulumi.all(privateSubnets.map((s) => s.availabilityZone)),
        routeTableIds: pulumi.all(privateTables.map((t) => t.id)),
    };
}

/** A gateway endpoint for S3 on the VPC's route tables (S3 traffic stays off the internet egress). */
function s3Endpoint(name: string, vpc: VpcParts, region: pulumi.Output<string>, tags: NameTags, component: pulumi.Resource): aws.ec2.VpcEndpoint {
    return new aws.ec2.VpcEndpoint(`${name}-s3`, {
        vpcId: vpc.vpcId,
        serviceName: region.apply(s3ServiceName),
        vpcEndpointType: "Gateway",
        routeTableIds: vpc.routeTableIds,
        tags: tags("s3"),
    }, { parent: component });
}

/** The applications' security group: all outbound or HTTPS only (IPv6 too on a dual-stack VPC), and optionally traffic between its members. */
function securityGroup(name: string, cfg: NetworkSettings, vpcId: pulumi.Output<string>, tags: NameTags, component: pulumi.Resource): aws.ec2.SecurityGroup {
    const ipv6 = cfg.internetEgress === "ipv6";
    return new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId,
        description: "EMR Serverless applications (emr-serverless-dataplane)",
        ingress: cfg.selfIngress ? [{ description: "Workers of the same applications", protocol: "-1", fromPort: 0, toPort: 0, self: true }] : [],
        egress: cfg.egress === "all"
            ? [{ description: "All outbound", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ...(ipv6 ? { ipv6CidrBlocks: ["::/0"] } : {}) }]
            : [{ description: "HTTPS outbound (S3 and AWS APIs)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ...(ipv6 ? { ipv6CidrBlocks: ["::/0"] } : {}) }],
        tags: tags("sg"),
    }, { parent: component });
}

export interface NetworkSettings {
    existing?: ExistingNetwork;
    vpcCidr: string;
    internetEgress: InternetEgress;
    egress: EgressMode;
    selfIngress: boolean;
}

/** Fields NetworkArgs no longer has, and what replaced them: refused here, for component users and the stack config alike. */
export const REPLACED_NETWORK_ARGS: Record<string, string> = {
    natGateway: "was replaced by `internetEgress` (`nat`, `ipv6` or `none`); `natGateway: true` is `internetEgress: nat`, now the default for a created VPC",
};

/** Validates and defaults {@link NetworkArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateNetworkArgs(args: NetworkArgs, field = (f: string) => `args.${f}`): NetworkSettings {
    if (args.existing) {
        for (const key of ["vpcCidr", "internetEgress"] as const) {
            if (args[key] !== undefined) throw new v.ValidationError(field(key), `only applies when creating a VPC; it conflicts with adopting ${args.existing.vpcId}`);
        }
        validateExistingNetwork(args.existing, field);
    }
    const vpcCidr = v.cidr(field("vpcCidr"), args.vpcCidr ?? "10.80.0.0/16", 16, 20);
    v.refuseReplaced(args as Record<string, unknown>, REPLACED_NETWORK_ARGS, field);
    if (args.selfIngress !== undefined && typeof args.selfIngress !== "boolean") throw new v.ValidationError(field("selfIngress"), `must be true or false, got ${JSON.stringify(args.selfIngress)}`);
    return {
        existing: args.existing,
        vpcCidr,
        internetEgress: v.oneOf(field("internetEgress"), args.internetEgress ?? InternetEgress.Nat, INTERNET_EGRESS_MODES),
        egress: v.oneOf(field("egress"), args.egress ?? EgressMode.All, Object.values(EgressMode)),
        selfIngress: args.selfIngress ?? false,
    };
}
