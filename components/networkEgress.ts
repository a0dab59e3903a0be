/**
 * Internet egress of a created network ({@link InternetEgress}), built from plain `@pulumi/aws`
 * resources so every part stays visible to the policy pack and the offline preview.
 *
 * Why `nat` is the default, from AWS's documentation:
 * - EMR Serverless User Guide, "Configuring VPC access": subnets for applications are private; "for
 *   outbound connectivity to the internet ... configure outbound routes using a NAT Gateway"; for
 *   S3, "a NAT Gateway or a VPC endpoint". The S3 gateway endpoint serves only the VPC's own region.
 * - EMR Serverless User Guide, "Configure IPv6 subnets for EMR Serverless applications": on
 *   dual-stack subnets an application runs IPv4-only unless IPv6 is enabled with a configuration
 *   property ("Configuring IPv6 properties"); then jobs "can reach ... external IPv6 endpoints".
 * - Amazon S3 User Guide, "Making requests to Amazon S3 over IPv6": "To make a request to an S3
 *   bucket over IPv6, you need to use a dual-stack endpoint" (`s3.dualstack.<region>.amazonaws.com`);
 *   IAM User Guide, "Dual-stack endpoint support": STS's dual-stack endpoints are
 *   `sts.<region>.api.aws`. The default endpoints jobs' clients use are IPv4.
 * So an egress-only internet gateway (no hourly charge) only serves jobs whose S3 and STS clients
 * are switched to dual-stack endpoints; a NAT gateway serves every client as it is. Its price, per
 * hour and per GB processed, and its Elastic IP's public IPv4 address: vocabulary/prices.ts (Amazon
 * VPC pricing page).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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

/**
 * IPv6 egress for dual-stack private subnets: an egress-only internet gateway (EC2 API reference,
 * CreateEgressOnlyInternetGateway: it enables "outbound communication over IPv6 ... and prevents
 * hosts outside of your VPC from initiating an IPv6 connection") and a `::/0` route from each
 * private table to it. It has no hourly charge (it is not listed on the Amazon VPC pricing page).
 */
export function ipv6Egress(c: EgressContext): aws.ec2.EgressOnlyInternetGateway {
    const opts = { parent: c.parent };
    const eigw = new aws.ec2.EgressOnlyInternetGateway(`${c.name}-eigw`, { vpcId: c.vpcId, tags: c.tags("eigw") }, opts);
    c.privateTables.forEach((table, i) => new aws.ec2.Route(`${c.name}-private-${i + 1}-ipv6`, {
        routeTableId: table.id, destinationIpv6CidrBlock: "::/0", egressOnlyGatewayId: eigw.id,
    }, opts));
    return eigw;
}

/** The `index`-th /64 of an Amazon-provided /56 VPC block (`2600:1f18:abcd:ef00::/56` → `2600:1f18:abcd:ef01::/64`). */
export function ipv6Subnet64(vpcBlock: string, index: number): string {
    const [address, prefix] = vpcBlock.split("/");
    if (prefix !== "56" || index < 0 || index > 255) throw new Error(`cannot carve /64 number ${index} from ${vpcBlock}: a /56 is expected`);
    const [head, tail = ""] = address.split("::");
    const groups = [...head.split(":").filter(Boolean), ...Array(8).fill("0")].slice(0, 4).map((g) => parseInt(g, 16));
    if (tail.replace(/0|:/g, "") !== "" || groups.some((g) => Number.isNaN(g))) throw new Error(`${vpcBlock} is not a /56 network address`);
    groups[3] = (groups[3] & 0xff00) | index;
    return `${groups.map((g) => g.toString(16)).join(":")}::/64`;
}
