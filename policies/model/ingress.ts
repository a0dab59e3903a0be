/**
 * Security group ingress as the network rules see it: every ingress rule of a stack — a security
 * group's inline `ingress`, SecurityGroupRule resources of type ingress, vpc.SecurityGroupIngressRule
 * resources, and aws-native's SecurityGroup and SecurityGroupIngress — grouped by the security group
 * it opens, with what each admits (protocol, ports, CIDRs), and the points (protocol and port) at
 * which the rules of one group add up.
 */
import { StackModel } from "./stackModel";
import { asArray, knownString } from "./values";

type Props = Record<string, unknown>;

/**
 * What one ingress rule admits: a protocol (`all` for -1) and, for TCP and UDP, a port range (for
 * ICMP, the type in `fromPort`; -1 is every type). Other protocols have no ports. A value not known
 * yet admits the whole range, so that a plan is never judged safer than it may be.
 */
export interface IngressReach {
    protocol: string;
    from: number;
    to: number;
    v4: string[];
    v6: string[];
}

/** One ingress rule of a resource: where it is written, the group it opens (its id or URN), and what it admits. */
export interface IngressRule {
    /** `ingress[0]`, `securityGroupIngress[1]`, or `ingress rule` for a resource that is one rule. */
    label: string;
    group?: string;
    reach: IngressReach;
}

/** Protocol names AWS accepts beside their numbers ("Security group rules", EC2 User Guide): one key per protocol. */
const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", tcp: "6", udp: "17", icmp: "1", icmpv6: "58" };
const PORTS_APPLY = new Set(["6", "17"]);
const TYPES_APPLY = new Set(["1", "58"]);
const ANY_PORT = [-1, 65535] as const;

/** The resource types that carry ingress, and how each names its rules' fields. */
export const INGRESS_TYPES = {
    groups: ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    rules: ["aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    nativeGroups: ["aws-native:ec2:SecurityGroup"],
    nativeRules: ["aws-native:ec2:SecurityGroupIngress"],
} as const;

export const ALL_INGRESS_TYPES: string[] = Object.values(INGRESS_TYPES).flat();

export function ingressReach(rule: Props, v4: unknown[], v6: unknown[]): IngressReach {
    const given = rule.ipProtocol ?? rule.protocol;
    const raw = knownString(given) ?? (typeof given === "number" ? String(given) : "-1");
    const protocol = PROTOCOLS[raw.toLowerCase()] ?? raw;
    const from = typeof rule.fromPort === "number" ? rule.fromPort : undefined;
    const to = typeof rule.toPort === "number" ? rule.toPort : undefined;
    let range: readonly [number, number] = ANY_PORT;
    if (PORTS_APPLY.has(protocol) && from !== undefined && to !== undefined && from >= 0) range = [from, to];
    else if (TYPES_APPLY.has(protocol) && from !== undefined && from >= 0) range = [from, from];
    const cidrs = (list: unknown[]) => list.map(knownString).filter((x): x is string => !!x);
    return { protocol, from: range[0], to: range[1], v4: cidrs(v4), v6: cidrs(v6) };
}

/** The ingress rules a resource of `type` writes, with the group each opens (`ownGroup`: the resource's own, for inline rules). */
export function ingressRulesOf(type: string, props: Props, ownGroup?: string): IngressRule[] {
    const list = (v: unknown) => asArray(v as unknown[]);
    switch (type) {
        case "aws:ec2/securityGroup:SecurityGroup":
        case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
            return asArray(props.ingress as Props[]).flatMap((rule, i) => (rule && typeof rule === "object"
                ? [{ label: `ingress[${i}]`, group: ownGroup, reach: ingressReach(rule, list(rule.cidrBlocks), list(rule.ipv6CidrBlocks)) }] : []));
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            return props.type === "ingress" ? [{ label: "ingress rule", group: knownString(props.securityGroupId), reach: ingressReach(props, list(props.cidrBlocks), list(props.ipv6CidrBlocks)) }] : [];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [{ label: "ingress rule", group: knownString(props.securityGroupId), reach: ingressReach(props, list(props.cidrIpv4), list(props.cidrIpv6)) }];
        case "aws-native:ec2:SecurityGroup":
            return asArray(props.securityGroupIngress as Props[]).flatMap((rule, i) => (rule && typeof rule === "object"
                ? [{ label: `securityGroupIngress[${i}]`, group: ownGroup, reach: ingressReach(rule, list(rule.cidrIp), list(rule.cidrIpv6)) }] : []));
        case "aws-native:ec2:SecurityGroupIngress":
            return [{ label: "ingress rule", group: knownString(props.groupId) ?? knownString(props.groupName), reach: ingressReach(props, list(props.cidrIp), list(props.cidrIpv6)) }];
        default:
            return [];
    }
}

/** Every ingress rule of the stack, by the security group it opens (its id, or the URN of a group whose id is not known yet). */
export function ingressByGroup(model: StackModel): Map<string, { urn: string; reaches: IngressReach[] }> {
    const byGroup = new Map<string, { urn: string; reaches: IngressReach[] }>();
    for (const r of model.ofType(...ALL_INGRESS_TYPES)) {
        const own = knownString(r.props.id) ?? knownString(r.props.groupId) ?? r.urn;
        for (const rule of ingressRulesOf(r.type, r.props, own)) {
            if (!rule.group) continue;
            const g = byGroup.get(rule.group) ?? { urn: r.urn, reaches: [] };
            g.reaches.push(rule.reach);
            byGroup.set(rule.group, g);
        }
    }
    return byGroup;
}

/** How a message names what a set of rules admits at one point: "all traffic", "tcp 22", "protocol 50". */
function pointLabel(protocol: string, port: number): string {
    if (protocol === "all") return "all traffic";
    const name = Object.entries(PROTOCOLS).find(([n, v]) => v === protocol && n !== "-1" && n !== "all")?.[0] ?? `protocol ${protocol}`;
    if (PORTS_APPLY.has(protocol)) return `${name} ${port < 0 ? "(every port)" : port}`;
    return TYPES_APPLY.has(protocol) ? `${name} ${port < 0 ? "(every type)" : `type ${port}`}` : name;
}

/** How a message names the protocol and ports of one rule. */
export function reachLabel(reach: IngressReach): string {
    if (reach.protocol === "all") return "all traffic";
    if (PORTS_APPLY.has(reach.protocol) && reach.from >= 0) return `${pointLabel(reach.protocol, reach.from).split(" ")[0]} ${reach.from === reach.to ? reach.from : `${reach.from}-${reach.to}`}`;
    return pointLabel(reach.protocol, reach.from);
}

/**
 * The points (protocol and port) a group's ingress rules admit, each with every CIDR that admits it.
 * The rules admitting a port are a subset of those admitting the nearest rule start at or below it,
 * so the starts are the only points to try.
 */
export function admittedPoints(reaches: IngressReach[]): { label: string; v4: string[]; v6: string[] }[] {
    const everything = reaches.filter((r) => r.protocol === "all");
    const points = new Map<string, { protocol: string; port: number }>([["all", { protocol: "all", port: -1 }]]);
    for (const r of reaches) if (r.protocol !== "all") points.set(`${r.protocol}/${r.from}`, { protocol: r.protocol, port: r.from });
    return [...points.values()].map(({ protocol, port }) => {
        const admitting = protocol === "all" ? everything : [...everything, ...reaches.filter((r) => r.protocol === protocol && r.from <= port && port <= r.to)];
        return { label: pointLabel(protocol, port), v4: admitting.flatMap((r) => r.v4), v6: admitting.flatMap((r) => r.v6) };
    });
}

/** Whether a CIDR is a `/0` (any spelling of the whole address family). */
export function isSlashZero(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}
