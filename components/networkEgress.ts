/**
 * Internet egress of a created network ({@link InternetEgress}), built from plain `@pulumi/aws`
 * resources so every part stays visible to the policy pack and the offline preview.
 *
 * Why `nat` is the default, from AWS's documentation:
 * - EMR Serverless User Guide, "Configuring VPC access": subnets for applications are private; "for
 *   outbound connectivity to the internet ... configure outbound routes using a NAT Gateway"; for
 *   S3, "a NAT Gateway or a VPC endpoint". The S3 gateway endpoint serves only the VPC's own region.
 *   "For connectivity to other AWS services outside the VPC ... configure either VPC endpoints or a
 *   NAT gateway": the `endpoints` mode is the first of those, with no route to the internet at all.
 * A NAT gateway serves every client as it is. Its price, per hour and per GB processed, and its
 * Elastic IP's public IPv4 address: vocabulary/prices.ts (Amazon VPC pricing page). Why there is no
 * IPv6 mode: {@link RETIRED_INTERNET_EGRESS}.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * How jobs in a created network reach what lies outside it (STS, S3 in other regions, anything
 * public). None of them admits inbound connections.
 */
export const InternetEgress = {
    /** Same-region S3 through the gateway endpoint only. */
    None: "none",
    /** A NAT gateway: the internet, STS and S3 in any region, with the clients as they are; billed while idle (the price table in docs/egress-and-cost.md). */
    Nat: "nat",
    /** No internet route at all: same-region S3 through the gateway endpoint, the AWS services in `interfaceEndpoints` through interface endpoints (billed per AZ-hour). */
    Endpoints: "endpoints",
} as const;
export type InternetEgress = (typeof InternetEgress)[keyof typeof InternetEgress];
export const INTERNET_EGRESS_MODES: readonly InternetEgress[] = Object.values(InternetEgress);

/**
 * Modes once offered and now refused, with why and what to use instead (the message names the field).
 *
 * `ipv6` built dual-stack subnets and an egress-only internet gateway. The EMR Serverless User Guide,
 * "Configure IPv6 subnets for EMR Serverless applications", says: "IPv6-only subnets run over IPv6
 * automatically. For dual-stack subnets, you enable IPv6 with a configuration property, as described
 * in Configuring IPv6 properties." That section, and so the property's name, where it is set and
 * which release labels take it, is not in the AWS documentation this package cites, so the mode
 * cannot set it: its jobs ran IPv4-only and never used the route it promised. The IPv6-only
 * alternative is not proven end to end either: STS's IPv6 endpoints cannot be reached through a VPC
 * endpoint ("IPv6-only AWS STS VPC endpoints are not supported", IAM User Guide "Dual-stack endpoint
 * support"), S3 over IPv6 needs clients switched to its dual-stack names ("Using Amazon S3 dual-stack
 * endpoints"), and IPv4-only destinations need DNS64 with a NAT gateway, whose cost the mode was meant
 * to avoid. Refused until the property can be cited.
 */
export const RETIRED_INTERNET_EGRESS: Record<string, string> = {
    ipv6: "\"ipv6\" is refused: on dual-stack subnets EMR Serverless runs jobs over IPv4 unless a configuration property enables IPv6 " +
        "(\"Configure IPv6 subnets for EMR Serverless applications\", EMR Serverless User Guide), and that property is not in the AWS documentation " +
        "this package cites, so the egress-only gateway the mode built was a route jobs never used. Use \"nat\" (the internet, STS and S3 in any region), " +
        "\"endpoints\" (no internet route: S3 and the AWS services in interfaceEndpoints of the plane's region, through VPC endpoints) or \"none\" " +
        "(S3 of the plane's region only). A stack deployed with \"ipv6\" switches with pulumi up, which removes the egress-only gateway and its ::/0 routes " +
        "and stops assigning IPv6 addresses; jobs lose nothing, they ran over IPv4 (see \"Internet egress\" in docs/egress-and-cost.md)",
};

export interface EgressContext {
    name: string;
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    /** The first AZ: where the NAT gateway's public subnet goes. */
    zone: pulumi.Input<string>;
    privateTables: aws.ec2.RouteTable[];
    /** The public subnet's CIDR (a sixteenth of the VPC's, after the private ones). */
    publicCidr: string;
    tags: (suffix: string) => Record<string, string>;
    parent: pulumi.Resource;
}

/**
 * A NAT gateway for the private route tables: an internet gateway, one public subnet (no public
 * IPs on launch), its route to the internet gateway, an Elastic IP and the NAT gateway, and a
 * `0.0.0.0/0` route from each private table to it. One gateway, in the first AZ: the cheapest
 * layout (one per AZ doubles the idle cost; the limit is that an outage of that AZ cuts egress).
 */
export function natEgress(c: EgressContext): aws.ec2.NatGateway {
    const opts = { parent: c.parent };
    const igw = new aws.ec2.InternetGateway(`${c.name}-igw`, { vpcId: c.vpcId, tags: c.tags("igw") }, opts);
    const publicSubnet = new aws.ec2.Subnet(`${c.name}-public-1`, {
        vpcId: c.vpcId,
        cidrBlock: c.publicCidr,
        availabilityZone: c.zone,
        mapPublicIpOnLaunch: false,
        tags: c.tags("public-1"),
    }, opts);
    const publicTable = new aws.ec2.RouteTable(`${c.name}-public-1`, { vpcId: c.vpcId, tags: c.tags("public-1") }, opts);
    new aws.ec2.Route(`${c.name}-public-1-internet`, { routeTableId: publicTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, opts);
    new aws.ec2.RouteTableAssociation(`${c.name}-public-1`, { subnetId: publicSubnet.id, routeTableId: publicTable.id }, opts);
    const eip = new aws.ec2.Eip(`${c.name}-nat`, { domain: "vpc", tags: c.tags("nat") }, { parent: c.parent, dependsOn: [igw] });
    const nat = new aws.ec2.NatGateway(`${c.name}-nat`, { allocationId: eip.id, subnetId: publicSubnet.id, tags: c.tags("nat") }, opts);
    c.privateTables.forEach((table, i) => new aws.ec2.Route(`${c.name}-private-${i + 1}-nat`, {
        routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id,
    }, opts));
    return nat;
}

