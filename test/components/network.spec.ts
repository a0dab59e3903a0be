import { expect } from "chai";
import { Network, s3ServiceName, subnetCidr } from "../../components";
import { REGION, childrenOf, input, one, ofType, run, runFailing, unwrap } from "../helpers/offline";

const T = {
    vpc: "aws:ec2/vpc:Vpc", subnet: "aws:ec2/subnet:Subnet", rt: "aws:ec2/routeTable:RouteTable",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation", endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup", nat: "aws:ec2/natGateway:NatGateway", igw: "aws:ec2/internetGateway:InternetGateway",
    eip: "aws:ec2/eip:Eip", route: "aws:ec2/route:Route",
};

type Out = { vpcId: string; subnetIds: string[]; zones: string[]; sg: string; endpoint: string; nat: string };
async function outputs(n: Network): Promise<Out> {
    return {
        vpcId: await unwrap(n.vpcId), subnetIds: await unwrap(n.subnetIds), zones: await unwrap(n.availabilityZones),
        sg: await unwrap(n.securityGroupId), endpoint: await unwrap(n.s3EndpointId), nat: n.natGatewayId ? await unwrap(n.natGatewayId) : "none",
    };
}

describe("Network", () => {
    describe("create mode, internetEgress none", () => {
        let r: Awaited<ReturnType<typeof run<Out>>>;
        before(async () => {
            r = await run(() => outputs(new Network("net", { internetEgress: "none" })));
        });

        it("creates a VPC, two private subnets with their own route tables, an S3 endpoint and a security group — no NAT", () => {
            const component = one(r.resources, "emr-dataplane:index:Network", "net");
            const children = childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort();
            expect(children).to.deep.equal([
                `${T.endpoint} net-s3`, `${T.rt} net-private-1`, `${T.rt} net-private-2`, `${T.rta} net-private-1`, `${T.rta} net-private-2`,
                `${T.sg} net-sg`, `${T.subnet} net-private-1`, `${T.subnet} net-private-2`, `${T.vpc} net-vpc`,
            ].sort());
            expect(ofType(r.resources, T.nat)).to.have.length(0);
            expect(ofType(r.resources, T.igw)).to.have.length(0);
            expect(r.exports.nat).to.equal("none");
        });

        it("puts the two subnets in two distinct AZs, with no public IPs, carved from 10.80.0.0/16", () => {
            const subnets = ofType(r.resources, T.subnet);
            expect(subnets.map((s) => input(s, "availabilityZone"))).to.deep.equal([`${REGION}a`, `${REGION}b`]);
            expect(subnets.map((s) => input(s, "cidrBlock"))).to.deep.equal(["10.80.0.0/20", "10.80.16.0/20"]);
            expect(subnets.every((s) => input(s, "mapPublicIpOnLaunch") === false)).to.equal(true);
            expect(r.exports.zones).to.deep.equal([`${REGION}a`, `${REGION}b`]);
            expect(r.exports.subnetIds).to.deep.equal(subnets.map((s) => s.id));
            expect(input(one(r.resources, T.vpc), "cidrBlock")).to.equal("10.80.0.0/16");
        });

        it("associates each subnet with its own route table, and the S3 gateway endpoint with both tables", () => {
            const subnets = ofType(r.resources, T.subnet);
            const tables = ofType(r.resources, T.rt);
            const assoc = ofType(r.resources, T.rta).map((a) => [input(a, "subnetId"), input(a, "routeTableId")]);
            expect(assoc).to.have.deep.members([[subnets[0].id, tables[0].id], [subnets[1].id, tables[1].id]]);
            const endpoint = one(r.resources, T.endpoint);
            expect(input(endpoint, "vpcEndpointType")).to.equal("Gateway");
            expect(input(endpoint, "serviceName")).to.equal(`com.amazonaws.${REGION}.s3`);
            expect(input(endpoint, "routeTableIds")).to.have.members(tables.map((t) => t.id));
            expect(r.exports.endpoint).to.equal(endpoint.id);
        });

        it("adds no route to the internet", () => {
            expect(ofType(r.resources, T.route)).to.have.length(0);
        });

        it("gives the security group no ingress and all egress", () => {
            const sg = one(r.resources, T.sg);
            expect(input(sg, "ingress")).to.deep.equal([]);
            expect(input(sg, "egress")).to.deep.equal([{ description: "All outbound", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]);
            expect(input(sg, "vpcId")).to.equal(r.exports.vpcId);
            expect(r.exports.sg).to.equal(sg.id).and.to.match(/^sg-0[0-9a-f]{16}$/);
        });
    });

    it("with egress https and self ingress: only TCP 443 out, and only the group itself in", async () => {
        const r = await run(() => { new Network("n", { egress: "https", selfIngress: true, internetEgress: "none" }); });
        const sg = one(r.resources, T.sg);
        expect(input(sg, "egress")).to.deep.equal([{ description: "HTTPS outbound (S3 and AWS APIs)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]);
        expect(input(sg, "ingress")).to.deep.equal([{ description: "Workers of the same applications", protocol: "-1", fromPort: 0, toPort: 0, self: true }]);
    });

    it("by default (nat): an IGW, a public subnet, an EIP, one NAT, and a default route from each private table to it", async () => {
        const r = await run(async () => {
            const n = new Network("n", { vpcCidr: "10.1.0.0/18" });
            return { ...(await outputs(n)), mode: n.internetEgress };
        });
        expect(r.exports.mode).to.equal("nat");
        expect(ofType(r.resources, T.nat)).to.have.length(1);
        const nat = one(r.resources, T.nat);
        const publicSubnet = one(r.resources, T.subnet, "n-public-1");
        expect(input(publicSubnet, "cidrBlock")).to.equal("10.1.32.0/22");
        expect(input(nat, "subnetId")).to.equal(publicSubnet.id);
        expect(input(nat, "allocationId")).to.equal(one(r.resources, T.eip).id);
        const routes = ofType(r.resources, T.route);
        const privateTables = ofType(r.resources, T.rt).filter((t) => t.name.includes("private")).map((t) => t.id);
        expect(routes.filter((x) => input(x, "natGatewayId") === nat.id).map((x) => input(x, "routeTableId"))).to.have.members(privateTables);
        expect(routes.filter((x) => input(x, "gatewayId") === one(r.resources, T.igw).id)).to.have.length(1);
        expect(r.exports.nat).to.equal(nat.id);
        expect(ofType(r.resources, T.endpoint).filter((e) => input(e, "vpcEndpointType") === "Interface")).to.deep.equal([]);
    });

    describe("with endpoints: no internet route, AWS services through interface endpoints", () => {
        let r: Awaited<ReturnType<typeof run<Out & { ids: Record<string, string>; endpointSg: string }>>>;
        before(async () => {
            r = await run(async () => {
                const n = new Network("n", { internetEgress: "endpoints", interfaceEndpoints: ["sts", "ecr"] });
                return { ...(await outputs(n)), ids: await unwrap(n.interfaceEndpointIds!), endpointSg: await unwrap(n.endpointSecurityGroupId!) };
            });
        });

        it("builds no NAT gateway, internet gateway, Elastic IP or route: only the S3 gateway endpoint and the interface endpoints asked for", () => {
            for (const t of [T.nat, T.igw, T.eip, T.route]) expect(ofType(r.resources, t), t).to.have.length(0);
            const byType = (type: string) => ofType(r.resources, T.endpoint).filter((e) => input(e, "vpcEndpointType") === type);
            expect(byType("Gateway").map((e) => input(e, "serviceName"))).to.deep.equal([`com.amazonaws.${REGION}.s3`]);
            expect(byType("Interface").map((e) => input(e, "serviceName")).sort())
                .to.deep.equal([`com.amazonaws.${REGION}.ecr.api`, `com.amazonaws.${REGION}.ecr.dkr`, `com.amazonaws.${REGION}.sts`]);
            expect(Object.keys(r.exports.ids).sort()).to.deep.equal(["ecr.api", "ecr.dkr", "sts"]);
        });

        it("puts each interface endpoint in both private subnets, with private DNS, behind the endpoints' security group", () => {
            for (const e of ofType(r.resources, T.endpoint).filter((x) => input(x, "vpcEndpointType") === "Interface")) {
                expect(input(e, "subnetIds")).to.deep.equal(r.exports.subnetIds);
                expect(input(e, "privateDnsEnabled")).to.equal(true);
                expect(input(e, "securityGroupIds")).to.deep.equal([r.exports.endpointSg]);
            }
        });

        it("the endpoints' security group admits HTTPS from the jobs' security group only, and sends nothing", () => {
            const sg = one(r.resources, T.sg, "n-endpoints-sg");
            expect(input(sg, "ingress")).to.deep.equal([{ description: "HTTPS from the jobs' security group", protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [r.exports.sg] }]);
            expect(input(sg, "egress")).to.deep.equal([]);
            expect(r.exports.endpointSg).to.equal(sg.id);
        });

        it("with no interface endpoint listed: S3 of the region only, and nothing billed", async () => {
            const plain = await run(() => { new Network("n", { internetEgress: "endpoints" }); });
            expect(ofType(plain.resources, T.endpoint).map((e) => input(e, "vpcEndpointType"))).to.deep.equal(["Gateway"]);
            expect(ofType(plain.resources, T.sg)).to.have.length(2);
        });
    });

    for (const mode of ["none", "nat", "endpoints"] as const) {
        it(`admits no inbound traffic with internetEgress ${mode}: no ingress rule, no public subnet for the jobs`, async () => {
            const r = await run(() => { new Network("n", { internetEgress: mode }); });
            expect(input(one(r.resources, T.sg, "n-sg"), "ingress")).to.deep.equal([]);
            const jobs = ofType(r.resources, T.subnet).filter((x) => x.name.includes("private"));
            expect(jobs.every((x) => input(x, "mapPublicIpOnLaunch") === false)).to.equal(true);
            const jobTables = ofType(r.resources, T.rt).filter((x) => x.name.includes("private")).map((x) => x.id);
            const igws = ofType(r.resources, T.igw).map((x) => x.id);
            expect(ofType(r.resources, T.route).filter((x) => jobTables.includes(input(x, "routeTableId")) && igws.includes(input(x, "gatewayId")))).to.deep.equal([]);
        });
    }

    describe("adopt mode", () => {
        const vpcId = "vpc-0aaaaaaaaaaaaaaa0";
        const subnets = { "subnet-0aaaaaaaaaaaaaaa1": { availabilityZone: `${REGION}a`, vpcId, routeTableId: "rtb-0aaaaaaaaaaaaaaa1" }, "subnet-0aaaaaaaaaaaaaaa2": { availabilityZone: `${REGION}b`, vpcId, routeTableId: "rtb-0aaaaaaaaaaaaaaa2" } };
        const ids = Object.keys(subnets);

        it("creates no VPC or subnet, looks the subnets up, and puts the S3 endpoint on their route tables", async () => {
            const r = await run(async () => outputs(await Network.adopt("net", { vpcId, subnetIds: ids })), { world: { subnets } });
            for (const t of [T.vpc, T.subnet, T.rt, T.rta]) expect(ofType(r.resources, t), t).to.have.length(0);
            expect(input(one(r.resources, T.endpoint), "routeTableIds")).to.deep.equal(["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2"]);
            expect(input(one(r.resources, T.sg), "vpcId")).to.equal(vpcId);
            expect(r.exports).to.deep.include({ vpcId, subnetIds: ids, zones: [`${REGION}a`, `${REGION}b`] });
        });

        it("reuses an existing S3 endpoint that serves the subnets' route tables", async () => {
            const r = await run(async () => outputs(await Network.adopt("net", { vpcId, subnetIds: ids, s3EndpointId: "vpce-0ccccccccccccccc1" })),
                { world: { subnets, vpcEndpoints: { "vpce-0ccccccccccccccc1": { vpcId, routeTableIds: ["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2"] } } } });
            expect(ofType(r.resources, T.endpoint)).to.have.length(0);
            expect(r.exports.endpoint).to.equal("vpce-0ccccccccccccccc1");
        });

        it("finds and reuses the VPC's S3 gateway endpoint that serves the subnets' route tables: never a second one", async () => {
            const r = await run(async () => outputs(await Network.adopt("net", { vpcId, subnetIds: ids })),
                { world: { subnets, vpcEndpoints: {
                    "vpce-0ddddddddddddddd1": { vpcId, routeTableIds: ["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2", "rtb-0aaaaaaaaaaaaaaa3"] },
                    "vpce-0ddddddddddddddd2": { vpcId, serviceName: `com.amazonaws.${REGION}.dynamodb` },
                    "vpce-0ddddddddddddddd3": { vpcId: "vpc-0fffffffffffffff0" },
                } } });
            expect(ofType(r.resources, T.endpoint)).to.have.length(0);
            expect(r.exports.endpoint).to.equal("vpce-0ddddddddddddddd1");
        });

        it("creates its own endpoint when the VPC's S3 endpoint serves none of the subnets' tables", async () => {
            const r = await run(async () => outputs(await Network.adopt("net", { vpcId, subnetIds: ids })),
                { world: { subnets, vpcEndpoints: { "vpce-0ddddddddddddddd1": { vpcId, routeTableIds: ["rtb-0aaaaaaaaaaaaaaa9"] } } } });
            expect(input(one(r.resources, T.endpoint), "routeTableIds")).to.deep.equal(["rtb-0aaaaaaaaaaaaaaa1", "rtb-0aaaaaaaaaaaaaaa2"]);
        });

        const failures: [string, object, object, RegExp][] = [
            ["a found endpoint serving only some of the tables", { subnetIds: ids }, { subnets, vpcEndpoints: { "vpce-0ddddddddddddddd1": { vpcId, routeTableIds: ["rtb-0aaaaaaaaaaaaaaa1"] } } },
                /^args\.s3EndpointId: the VPC's S3 gateway endpoint vpce-0ddddddddddddddd1 \(found by look-up\) serves some of the subnets' route tables but not rtb-0aaaaaaaaaaaaaaa2/],
            ["a VPC with two S3 gateway endpoints", { subnetIds: ids }, { subnets, vpcEndpoints: { "vpce-0ddddddddddddddd1": { vpcId }, "vpce-0ddddddddddddddd2": { vpcId } } },
                /^args\.s3EndpointId: the VPC vpc-0aaaaaaaaaaaaaaa0 has several S3 gateway endpoints; set it to the one that serves the subnets' route tables$/],
            ["two subnets in the same AZ", { subnetIds: ids }, { subnets: { ...subnets, "subnet-0aaaaaaaaaaaaaaa2": { ...subnets["subnet-0aaaaaaaaaaaaaaa2"], availabilityZone: `${REGION}a` } } },
                /^args\.subnetIds: subnets subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2 are all in eu-west-1a; a data plane needs private subnets in two distinct availability zones$/],
            ["a subnet of another VPC", { subnetIds: ids }, { subnets: { ...subnets, "subnet-0aaaaaaaaaaaaaaa2": { ...subnets["subnet-0aaaaaaaaaaaaaaa2"], vpcId: "vpc-0fffffffffffffff0" } } },
                /^args\.subnetIds: subnet subnet-0aaaaaaaaaaaaaaa2 is in vpc-0fffffffffffffff0, not in vpc-0aaaaaaaaaaaaaaa0$/],
            ["a public subnet", { subnetIds: ids }, { subnets: { ...subnets, "subnet-0aaaaaaaaaaaaaaa1": { ...subnets["subnet-0aaaaaaaaaaaaaaa1"], public: true } } },
                /^args\.subnetIds: subnet subnet-0aaaaaaaaaaaaaaa1 is public/],
            ["one subnet", { subnetIds: [ids[0]] }, { subnets }, /^args\.subnetIds: must list at least 2 items, got 1$/],
            ["an endpoint missing a route table", { subnetIds: ids, s3EndpointId: "vpce-0ccccccccccccccc1" }, { subnets, vpcEndpoints: { "vpce-0ccccccccccccccc1": { vpcId, routeTableIds: ["rtb-0aaaaaaaaaaaaaaa1"] } } },
                /^args\.s3EndpointId: endpoint vpce-0ccccccccccccccc1 is not associated with route table\(s\) rtb-0aaaaaaaaaaaaaaa2/],
            ["an interface endpoint", { subnetIds: ids, s3EndpointId: "vpce-0ccccccccccccccc1" }, { subnets, vpcEndpoints: { "vpce-0ccccccccccccccc1": { vpcId, type: "Interface" } } },
                /^args\.s3EndpointId: endpoint vpce-0ccccccccccccccc1 is a Interface endpoint/],
            ["a malformed VPC id", { vpcId: "vpc-xyz", subnetIds: ids }, { subnets }, /^args\.vpcId: must be a VPC id/],
        ];
        for (const [what, input_, world, message] of failures) {
            it(`refuses ${what}, before registering anything`, async () => {
                const { error, registered } = await runFailing(() => Network.adopt("net", { vpcId, ...input_ } as any), { world: world as any });
                expect(error.message).to.match(message);
                expect(registered.map((x) => x.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
            });
        }

        it("refuses internetEgress alongside an adopted network", async () => {
            const existing = { vpcId, subnets: ids.map((id) => ({ id, vpcId, availabilityZone: (subnets as any)[id].availabilityZone, routeTableId: "rtb-01", routesToInternetGateway: false })) };
            const { error } = await runFailing(() => new Network("n", { existing, internetEgress: "nat" }));
            expect(error.message).to.equal("args.internetEgress: only applies when creating a VPC; it conflicts with adopting vpc-0aaaaaaaaaaaaaaa0");
        });
    });

    describe("create-mode validation", () => {
        const cases: [string, object, RegExp][] = [
            ["a malformed CIDR", { vpcCidr: "10.0.0.0" }, /^args\.vpcCidr: must be an IPv4 CIDR block/],
            ["a too small VPC", { vpcCidr: "10.0.0.0/24" }, /^args\.vpcCidr: prefix length must be between \/16 and \/20, got \/24$/],
            ["host bits set", { vpcCidr: "10.0.0.1/16" }, /^args\.vpcCidr: "10\.0\.0\.1\/16" is not aligned/],
            ["an octet over 255", { vpcCidr: "10.300.0.0/16" }, /^args\.vpcCidr: must be an IPv4 CIDR block/],
            ["an unknown egress mode", { egress: "none" }, /^args\.egress: must be one of "all", "https", got "none"$/],
            ["an unknown internet egress mode", { internetEgress: "igw" }, /^args\.internetEgress: must be one of "none", "nat", "endpoints", got "igw"$/],
            ["ipv6, which would promise a route jobs do not use: the evidence, the alternatives and the upgrade path", { internetEgress: "ipv6" },
                /^args\.internetEgress: "ipv6" is refused: on dual-stack subnets EMR Serverless runs jobs over IPv4 unless a configuration property enables IPv6 \("Configure IPv6 subnets for EMR Serverless applications".*Use "nat".*"endpoints".*"none".*A stack deployed with "ipv6" switches with pulumi up/],
            ["interface endpoints without the endpoints mode", { interfaceEndpoints: ["sts"] }, /^args\.interfaceEndpoints: only applies with args\.internetEgress "endpoints" \(got "nat"\)/],
            ["an unknown interface endpoint", { internetEgress: "endpoints", interfaceEndpoints: ["s3"] }, /^args\.interfaceEndpoints\[0\]: must be one of "sts", "logs", "kms", "secretsmanager", "glue", "ecr", got "s3"$/],
            ["an interface endpoint listed twice", { internetEgress: "endpoints", interfaceEndpoints: ["sts", "sts"] }, /^args\.interfaceEndpoints: lists "sts" more than once$/],
            ["the replaced natGateway (one refusal, the stack config's too)", { natGateway: true }, /^args\.natGateway: was replaced by `args\.internetEgress` \(`nat`, `endpoints` or `none`\); `natGateway: true` is `internetEgress: nat`, now the default for a created VPC$/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what}`, async () => {
                const { error, registered } = await runFailing(() => new Network("n", args as any));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }
    });

    it("subnetCidr carves like Terraform's cidrsubnet, and s3ServiceName knows China", () => {
        expect(subnetCidr("10.80.0.0/16", 4, 0)).to.equal("10.80.0.0/20");
        expect(subnetCidr("10.80.0.0/16", 4, 1)).to.equal("10.80.16.0/20");
        expect(subnetCidr("10.80.0.0/16", 4, 8)).to.equal("10.80.128.0/20");
        expect(subnetCidr("172.16.0.0/20", 4, 15)).to.equal("172.16.15.0/24");
        expect(() => subnetCidr("10.0.0.0/16", 4, 16)).to.throw(/cannot carve/);
        expect(s3ServiceName("us-east-1")).to.equal("com.amazonaws.us-east-1.s3");
        expect(s3ServiceName("cn-north-1")).to.equal("cn.com.amazonaws.cn-north-1.s3");
    });
});
