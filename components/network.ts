import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ExistingNetwork, ExistingSubnet, ExistingVpcEndpoint, discoverS3Endpoint, s3ServiceName, subnetCidr, validateExistingNetwork } from "./existingNetwork";
import { INTERFACE_ENDPOINT_SERVICE_NAMES, InterfaceEndpointService, interfaceEndpoints } from "./networkEndpoints";
import { INTERNET_EGRESS_MODES, InternetEgress, RETIRED_INTERNET_EGRESS, natEgress } from "./networkEgress";
import * as v from "./validation";

export { ExistingNetwork, ExistingSubnet, ExistingVpcEndpoint, s3ServiceName, subnetCidr, validateExistingNetwork } from "./existingNetwork";
export { INTERNET_EGRESS_MODES, InternetEgress, RETIRED_INTERNET_EGRESS } from "./networkEgress";
export { INTERFACE_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICE_NAMES, InterfaceEndpointService } from "./networkEndpoints";

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
     * Create mode: how jobs reach the internet, STS and S3 in other regions: `none` (S3 of the
     * region only), `nat` (one NAT gateway with an Elastic IP in a public subnet, billed by the hour
     * and per GB processed: the price table in docs/egress-and-cost.md) or `endpoints` (no internet
     * route: S3 through the gateway endpoint and the services of `interfaceEndpoints` through
     * interface endpoints, billed per endpoint per AZ-hour). `ipv6` is refused (see
     * `RETIRED_INTERNET_EGRESS`). Defaults to `nat`: the cheapest mode through which jobs reach STS
     * and S3 in other regions without configuring their clients (see "Internet egress" in
     * docs/egress-and-cost.md).
     */
    internetEgress?: InternetEgress;
    /**
     * With `internetEgress: endpoints`: the AWS services of the plane's region jobs reach through
     * interface endpoints, of `sts`, `logs`, `kms`, `secretsmanager`, `glue` and `ecr` (its API and
     * Docker registry endpoints). List only what the plane uses: each costs per AZ-hour. Defaults to
     * `[]` (S3 of the region only).
     */
    interfaceEndpoints?: InterfaceEndpointService[];
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
    /** The interface endpoints' ids by PrivateLink service (`sts`, `ecr.api`, …); `undefined` unless `internetEgress` is `endpoints`. */
    public readonly interfaceEndpointIds: pulumi.Output<Record<string, string>> | undefined;
    /** The interface endpoints' security group (HTTPS from `securityGroupId` only); `undefined` unless `internetEgress` is `endpoints`. */
    public readonly endpointSecurityGroupId: pulumi.Output<string> | undefined;
    /** How jobs reach the internet: `none`, `nat` or `endpoints` (created network); `undefined` for an adopted network (its own routes apply). */
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
        args: Omit<NetworkArgs, "existing" | "vpcCidr" | "internetEgress" | "interfaceEndpoints"> = {}, opts?: pulumi.ComponentResourceOptions): Promise<Network> {
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
        const endpoints = cfg.internetEgress === InternetEgress.Endpoints && !cfg.existing
            ? interfaceEndpoints({ name, vpcId: vpc.vpcId, subnetIds: vpc.subnetIds, jobSecurityGroupId: sg.id, services: cfg.interfaceEndpoints, tags, parent: this })
            : undefined;

        this.vpcId = vpc.vpcId;
        this.subnetIds = vpc.subnetIds;
        this.availabilityZones = vpc.availabilityZones;
        this.securityGroupId = sg.id;
        this.s3EndpointId = s3EndpointId;
        this.natGatewayId = vpc.natGatewayId;
        this.interfaceEndpointIds = endpoints && pulumi.all(Object.fromEntries(Object.entries(endpoints.endpoints).map(([service, e]) => [service, e.id])));
        this.endpointSecurityGroupId = endpoints?.securityGroup.id;
        this.adopted = cfg.existing !== undefined;
        this.internetEgress = cfg.existing ? undefined : pulumi.output(cfg.internetEgress);
        this.registerOutputs({
            vpcId: this.vpcId, subnetIds: this.subnetIds, availabilityZones: this.availabilityZones, securityGroupId: this.securityGroupId,
            s3EndpointId: this.s3EndpointId, natGatewayId: this.natGatewayId, interfaceEndpointIds: this.interfaceEndpointIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
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
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
        cidrBlock: cfg.vpcCidr,
        // Both on: the interface endpoints' private DNS names need them ("endpoints" mode).
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
    const egress = { name, vpcId: vpc.id, vpcCidr: cfg.vpcCidr, zone: zones[0], privateTables, publicCidr: subnetCidr(cfg.vpcCidr, 4, 8), tags, parent: component };
    return {
        natGatewayId: cfg.internetEgress === "nat" ? natEgress(egress).id : undefined,
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

/** The applications' security group: all outbound or HTTPS only, and optionally traffic between its members. */
function securityGroup(name: string, cfg: NetworkSettings, vpcId: pulumi.Output<string>, tags: NameTags, component: pulumi.Resource): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId,
        description: "EMR Serverless applications (emr-serverless-dataplane)",
        ingress: cfg.selfIngress ? [{ description: "Workers of the same applications", protocol: "-1", fromPort: 0, toPort: 0, self: true }] : [],
        egress: cfg.egress === "all"
            ? [{ description: "All outbound", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]
            : [{ description: "HTTPS outbound (S3 and AWS APIs)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
        tags: tags("sg"),
    }, { parent: component });
}

export interface NetworkSettings {
    existing?: ExistingNetwork;
    vpcCidr: string;
    internetEgress: InternetEgress;
    /** The services reached through interface endpoints (`endpoints` mode; `[]` otherwise). */
    interfaceEndpoints: InterfaceEndpointService[];
    egress: EgressMode;
    selfIngress: boolean;
}

/** Fields NetworkArgs no longer has, and what replaced them: refused here, for component users and the stack config alike. */
export const REPLACED_NETWORK_ARGS: Record<string, string> = {
    natGateway: "was replaced by `internetEgress` (`nat`, `endpoints` or `none`); `natGateway: true` is `internetEgress: nat`, now the default for a created VPC",
};

/** Validates and defaults {@link NetworkArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateNetworkArgs(args: NetworkArgs, field = (f: string) => `args.${f}`): NetworkSettings {
    if (args.existing) {
        for (const key of ["vpcCidr", "internetEgress", "interfaceEndpoints"] as const) {
            if (args[key] !== undefined) throw new v.ValidationError(field(key), `only applies when creating a VPC; it conflicts with adopting ${args.existing.vpcId}`);
        }
        validateExistingNetwork(args.existing, field);
    }
    const vpcCidr = v.cidr(field("vpcCidr"), args.vpcCidr ?? "10.80.0.0/16", 16, 20);
    v.refuseReplaced(args as Record<string, unknown>, REPLACED_NETWORK_ARGS, field);
    if (args.selfIngress !== undefined && typeof args.selfIngress !== "boolean") throw new v.ValidationError(field("selfIngress"), `must be true or false, got ${JSON.stringify(args.selfIngress)}`);
    const retired = typeof args.internetEgress === "string" ? RETIRED_INTERNET_EGRESS[args.internetEgress] : undefined;
    if (retired) throw new v.ValidationError(field("internetEgress"), retired);
    const internetEgress = v.oneOf(field("internetEgress"), args.internetEgress ?? InternetEgress.Nat, INTERNET_EGRESS_MODES);
    const interfaceEndpoints = v.stringList(field("interfaceEndpoints"), args.interfaceEndpoints ?? [], (f, s) => v.oneOf(f, s, INTERFACE_ENDPOINT_SERVICE_NAMES));
    if (interfaceEndpoints.length > 0 && internetEgress !== InternetEgress.Endpoints) {
        throw new v.ValidationError(field("interfaceEndpoints"), `only applies with ${field("internetEgress")} "endpoints" (got ${JSON.stringify(internetEgress)}): ` +
            `the other modes reach AWS services through the NAT gateway or not at all`);
    }
    return {
        existing: args.existing,
        vpcCidr,
        internetEgress,
        interfaceEndpoints: interfaceEndpoints as InterfaceEndpointService[],
        egress: v.oneOf(field("egress"), args.egress ?? EgressMode.All, Object.values(EgressMode)),
        selfIngress: args.selfIngress ?? false,
    };
}
