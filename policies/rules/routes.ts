/**
 * Routes out of the job subnets must not let the internet in. A route to an internet gateway makes
 * a subnet public: over IPv6 every address is globally reachable, so `::/0` to an internet gateway
 * admits connections from anywhere to every worker; jobs need an egress-only internet gateway, which
 * "prevents hosts outside of your VPC from initiating an IPv6 connection" (EC2 API Reference,
 * CreateEgressOnlyInternetGateway). Over IPv4 the job subnets are private ("Configuring VPC access",
 * EMR Serverless User Guide) and reach the internet through a NAT gateway, whose own public subnet
 * routes to the internet gateway (that subnet is no job subnet, and passes).
 *
 * The job subnets are the ones the plane gives its jobs: a Network component's `subnetIds`, an EMR
 * Serverless application's network configuration, and the control-plane message's `subnetIds`.
 */
import { publicAddresses } from "../model/addresses";
import { Finding, stackRule } from "../model/rule";
import { StackModel, StackResource } from "../model/stackModel";
import { asArray, knownString } from "../model/values";

/** The types the rule reads (the coverage table lists them). */
export const ROUTE_RULE_TYPES = {
    network: "emr-dataplane:index:Network",
    stack: "pulumi:pulumi:Stack",
    applications: ["aws:emrserverless/application:Application", "aws-native:emrserverless:Application"],
    subnets: ["aws:ec2/subnet:Subnet", "aws-native:ec2:Subnet"],
    associations: ["aws:ec2/routeTableAssociation:RouteTableAssociation", "aws-native:ec2:SubnetRouteTableAssociation"],
    tables: ["aws:ec2/routeTable:RouteTable", "aws:ec2/defaultRouteTable:DefaultRouteTable", "aws-native:ec2:RouteTable"],
    routes: ["aws:ec2/route:Route", "aws-native:ec2:Route"],
    internetGateways: ["aws:ec2/internetGateway:InternetGateway", "aws-native:ec2:InternetGateway"],
};

const T = ROUTE_RULE_TYPES;

const strings = (v: unknown) => asArray(v as unknown[]).map(knownString).filter((x): x is string => !!x);

/** The ids of the subnets jobs run in, as the stack says them. */
function jobSubnetIds(model: StackModel): Set<string> {
    const ids = new Set<string>();
    for (const n of model.ofType(T.network)) for (const id of strings(n.props.subnetIds)) ids.add(id);
    for (const a of model.ofType(...T.applications)) for (const id of strings((a.props.networkConfiguration as Record<string, unknown> | undefined)?.subnetIds)) ids.add(id);
    for (const s of model.ofType(T.stack)) for (const id of strings((s.props.controlPlaneMessage as Record<string, unknown> | undefined)?.subnetIds)) ids.add(id);
    return ids;
}

const idOf = (r: StackResource) => knownString(r.props.id) ?? knownString(r.props.subnetId) ?? knownString(r.props.routeTableId) ?? knownString(r.props.internetGatewayId);

/** A reference to a resource of `types`: by the id it names, or (id not known yet) by a dependency on one. */
function refersTo(r: StackResource, value: unknown, targets: { ids: Set<string>; urns: Set<string> }): boolean {
    const id = knownString(value);
    return id !== undefined ? targets.ids.has(id) : r.dependencies.some((d) => targets.urns.has(d));
}

interface Route {
    resource: StackResource;
    label: string;
    destination: string;
    v6: boolean;
}

export const jobSubnetRoutesEgressOnly = stackRule({
    name: "job-subnet-routes-egress-only",
    description: "A route table of the job subnets (a Network's subnetIds, an EMR Serverless application's subnets, the message's " +
        "subnetIds) sends no internet destination to an internet gateway: an IPv6 route to one (::/0 above all) lets anyone on the " +
        "internet connect in to the workers, where an egress-only internet gateway lets jobs out only; an IPv4 route to one makes the " +
        "job subnet public, where a NAT gateway lets jobs out. Route, RouteTable inline routes and aws-native routes are read; the " +
        "NAT gateway's own public subnet is not a job subnet and may route to the internet gateway.",
    remediation: "Send ::/0 from the job subnets to an egress-only internet gateway (egressOnlyGatewayId) and 0.0.0.0/0 to a NAT gateway (natGatewayId), never to an internet gateway (igw-…).",
    check: (model) => {
        const jobIds = jobSubnetIds(model);
        if (jobIds.size === 0) return [];
        const subnets = model.ofType(...T.subnets).filter((s) => jobIds.has(idOf(s) ?? ""));
        const jobSubnets = { ids: jobIds, urns: new Set(subnets.map((s) => s.urn)) };
        const tables = model.ofType(...T.tables);
        const tableRef = { ids: new Set(tables.map((t) => knownString(t.props.id) ?? knownString(t.props.routeTableId)).filter((x): x is string => !!x)), urns: new Set(tables.map((t) => t.urn)) };
        // The route tables serving a job subnet, by id and by URN.
        const served = { ids: new Set<string>(), urns: new Set<string>() };
        for (const a of model.ofType(...T.associations)) {
            if (!refersTo(a, a.props.subnetId, jobSubnets)) continue;
            const table = knownString(a.props.routeTableId);
            if (table !== undefined) served.ids.add(table);
            for (const d of a.dependencies) if (tableRef.urns.has(d)) served.urns.add(d);
        }
        for (const t of tables) if (served.urns.has(t.urn) && knownString(t.props.id)) served.ids.add(knownString(t.props.id)!);
        const gateways = model.ofType(...T.internetGateways);
        const igw = { ids: new Set(gateways.map(idOf).filter((x): x is string => !!x)), urns: new Set(gateways.map((g) => g.urn)) };
        const toInternetGateway = (r: StackResource, gateway: unknown) => {
            const id = knownString(gateway);
            return id !== undefined ? id.startsWith("igw-") || igw.ids.has(id) : gateway !== undefined && r.dependencies.some((d) => igw.urns.has(d));
        };

        const routes: Route[] = [];
        for (const r of model.ofType(...T.routes)) {
            if (!refersTo(r, r.props.routeTableId, served)) continue;
            if (!toInternetGateway(r, r.props.gatewayId)) continue;
            const v6 = knownString(r.props.destinationIpv6CidrBlock);
            const v4 = knownString(r.props.destinationCidrBlock);
            if (v6 !== undefined) routes.push({ resource: r, label: "route", destination: v6, v6: true });
            if (v4 !== undefined) routes.push({ resource: r, label: "route", destination: v4, v6: false });
        }
        for (const t of tables) {
            if (!(served.urns.has(t.urn) || served.ids.has(knownString(t.props.id) ?? ""))) continue;
            asArray(t.props.routes as Record<string, unknown>[]).forEach((route, i) => {
                if (!route || typeof route !== "object" || !toInternetGateway(t, route.gatewayId)) return;
                const v6 = knownString(route.ipv6CidrBlock);
                const v4 = knownString(route.cidrBlock);
                if (v6 !== undefined) routes.push({ resource: t, label: `routes[${i}]`, destination: v6, v6: true });
                if (v4 !== undefined) routes.push({ resource: t, label: `routes[${i}]`, destination: v4, v6: false });
            });
        }
        const findings: Finding[] = [];
        for (const route of routes) {
            const reach = route.v6 ? publicAddresses([], [route.destination]).v6 : publicAddresses([route.destination], []).v4;
            if (reach === 0n) continue;
            findings.push({
                urn: route.resource.urn,
                message: route.v6
                    ? `${route.label}: the job subnets send ${route.destination} to an internet gateway, so hosts on the internet can connect in to the workers over IPv6; route it to an egress-only internet gateway (egressOnlyGatewayId) instead`
                    : `${route.label}: the job subnets send ${route.destination} to an internet gateway, which makes them public subnets; route it to a NAT gateway (natGatewayId) in a public subnet of its own instead`,
            });
        }
        return findings;
    },
});
