/**
 * Network rules: nothing in a data plane needs inbound traffic from the internet (the source
 * document's "allow all inbound" security group is the anti-pattern).
 */
import { Finding, resourceRule, stackRule } from "../model/rule";
import { asArray, knownString } from "../model/values";

const OPEN = /\/0$/;

/** The open-to-the-world CIDRs (`0.0.0.0/0`, `::/0`, any `/0`) among `values`. */
function openCidrs(...values: unknown[]): string[] {
    return values.flatMap((v) => asArray(v as unknown[])).map(knownString).filter((c): c is string => !!c && OPEN.test(c.trim()));
}

function ports(rule: Record<string, unknown>): string {
    const protocol = String(rule.ipProtocol ?? rule.protocol ?? "");
    if (protocol === "-1" || protocol === "all") return "all traffic";
    return `${protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
}

const FIX = "remove it: EMR Serverless workers need no inbound traffic (allow the security group itself if workers must talk to each other)";

export const noPublicIngress = resourceRule({
    name: "no-public-ingress",
    remediation: "Remove ingress from 0.0.0.0/0 and ::/0 (and CIDRs that together cover the internet); allow the security group itself if workers must talk to each other.",
    description: "No security group ingress from 0.0.0.0/0 or ::/0 (inline `ingress`, SecurityGroupRule of type ingress, or " +
        "vpc.SecurityGroupIngressRule). Nothing in a data plane needs inbound traffic from anywhere.",
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    check: (props, subject) => {
        const out: string[] = [];
        if (subject.type === "aws:ec2/securityGroup:SecurityGroup" || subject.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup") {
            asArray(props.ingress as Record<string, unknown>[]).forEach((rule, i) => {
                const open = openCidrs(rule?.cidrBlocks, rule?.ipv6CidrBlocks);
                if (open.length) out.push(`ingress[${i}] admits ${ports(rule)} from ${open.join(", ")}; ${FIX}`);
            });
        } else if (subject.type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
            const open = props.type === "ingress" ? openCidrs(props.cidrBlocks, props.ipv6CidrBlocks) : [];
            if (open.length) out.push(`ingress rule admits ${ports(props)} from ${open.join(", ")}; ${FIX}`);
        } else {
            const open = openCidrs(props.cidrIpv4, props.cidrIpv6);
            if (open.length) out.push(`ingress rule admits ${ports(props)} from ${open.join(", ")}; ${FIX}`);
        }
        return out;
    },
});

// ---- combined: ingress whose CIDRs together cover the internet ----------------------------------

/** An IPv4 CIDR as an inclusive [first, last] range, or undefined when it is not one. */
function ipv4Range(cidr: string): [number, number] | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return undefined;
    const base = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(m[5]));
    const first = Math.floor(base / size) * size;
    return [first, first + size - 1];
}

/**
 * Address ranges that are not the internet ("IANA IPv4 Special-Purpose Address Registry"):
 * 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/3 (multicast and reserved).
 */
const NOT_INTERNET = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"].map((c) => ipv4Range(c)!);

/** Whether IPv4 CIDRs together cover every internet (public) address. */
export function coversInternetV4(cidrs: string[]): boolean {
    const ranges = [...cidrs.map(ipv4Range).filter((r): r is [number, number] => !!r), ...NOT_INTERNET].sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [first, last] of ranges) {
        if (first > next) return false;
        next = Math.max(next, last + 1);
    }
    return next > 0xffffffff;
}

/** Whether IPv6 CIDRs together cover global unicast (2000::/3), by their first 16 bits (enough for /0–/16 splits). */
export function coversInternetV6(cidrs: string[]): boolean {
    const covered = new Set<number>();
    for (const c of cidrs) {
        const m = /^([0-9a-f]{0,4})(?::[0-9a-f:]*)?\/(\d{1,3})$/i.exec(c.trim());
        if (!m || Number(m[2]) > 16) continue;
        const first = m[1] ? parseInt(m[1], 16) : 0;
        const size = 2 ** (16 - Number(m[2]));
        for (let v = Math.floor(first / size) * size; v < Math.floor(first / size) * size + size; v++) covered.add(v);
    }
    for (let v = 0x2000; v < 0x4000; v++) if (!covered.has(v)) return false;
    return true;
}

const SG = "aws:ec2/securityGroup:SecurityGroup";

/** Protocol names AWS accepts beside their numbers ("Security group rules", EC2 User Guide): one key per protocol. */
const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", tcp: "6", udp: "17", icmp: "1", icmpv6: "58" };
const PORTS_APPLY = new Set(["6", "17"]);
const TYPES_APPLY = new Set(["1", "58"]);

/**
 * What one ingress rule admits: a protocol (`all` for -1) and, for TCP and UDP, a port range (for
 * ICMP, the type in `fromPort`; -1 is every type). Other protocols have no ports. A value not known
 * yet admits the whole range, so that a plan is never judged safer than it may be.
 */
interface IngressReach {
    protocol: string;
    from: number;
    to: number;
    v4: string[];
    v6: string[];
}

const ANY_PORT = [-1, 65535] as const;

function ingressReach(rule: Record<string, unknown>, v4: unknown[], v6: unknown[]): IngressReach {
    const raw = knownString(rule.ipProtocol) ?? knownString(rule.protocol) ?? (typeof (rule.ipProtocol ?? rule.protocol) === "number" ? String(rule.ipProtocol ?? rule.protocol) : "-1");
    const protocol = PROTOCOLS[raw.toLowerCase()] ?? raw;
    const from = typeof rule.fromPort === "number" ? rule.fromPort : undefined;
    const to = typeof rule.toPort === "number" ? rule.toPort : undefined;
    let range: readonly [number, number] = ANY_PORT;
    if (PORTS_APPLY.has(protocol) && from !== undefined && to !== undefined && from >= 0) range = [from, to];
    else if (TYPES_APPLY.has(protocol) && from !== undefined && from >= 0) range = [from, from];
    const cidrs = (list: unknown[]) => list.map(knownString).filter((x): x is string => !!x);
    return { protocol, from: range[0], to: range[1], v4: cidrs(v4), v6: cidrs(v6) };
}

/** How a message names what a set of rules admits at one point: "all traffic", "tcp 22", "protocol 50". */
function pointLabel(protocol: string, port: number): string {
    if (protocol === "all") return "all traffic";
    const name = Object.entries(PROTOCOLS).find(([n, v]) => v === protocol && n !== "-1" && n !== "all")?.[0] ?? `protocol ${protocol}`;
    if (PORTS_APPLY.has(protocol)) return `${name} ${port < 0 ? "(every port)" : port}`;
    return TYPES_APPLY.has(protocol) ? `${name} ${port < 0 ? "(every type)" : `type ${port}`}` : name;
}

/**
 * The points (protocol and port) at which a security group's ingress rules together admit every
 * internet address, with the CIDRs that do. The rules admitting a port are a subset of those
 * admitting the nearest rule start at or below it, so the starts are the only points to try.
 */
function internetPoints(reaches: IngressReach[]): { label: string; v4: string[]; v6: string[]; ipv4: boolean; ipv6: boolean }[] {
    const everything = reaches.filter((r) => r.protocol === "all");
    const points = new Map<string, { protocol: string; port: number }>([["all", { protocol: "all", port: -1 }]]);
    for (const r of reaches) if (r.protocol !== "all") points.set(`${r.protocol}/${r.from}`, { protocol: r.protocol, port: r.from });
    const out: ReturnType<typeof internetPoints> = [];
    for (const { protocol, port } of points.values()) {
        const admitting = protocol === "all" ? everything : [...everything, ...reaches.filter((r) => r.protocol === protocol && r.from <= port && port <= r.to)];
        const v4 = admitting.flatMap((r) => r.v4);
        const v6 = admitting.flatMap((r) => r.v6);
        if ([...v4, ...v6].some((c) => OPEN.test(c.trim()))) continue; // no-public-ingress says it
        const ipv4 = coversInternetV4(v4);
        const ipv6 = coversInternetV6(v6);
        if (ipv4 || ipv6) out.push({ label: pointLabel(protocol, port), v4, v6, ipv4, ipv6 });
    }
    return out;
}

export const ingressNotInternetCombined = stackRule({
    name: "ingress-not-internet-combined",
    description: "The ingress of one security group — its inline `ingress`, its SecurityGroupRule resources of type ingress and " +
        "its vpc.SecurityGroupIngressRule resources, together — does not admit any protocol and port from the whole internet: CIDRs " +
        "such as 0.0.0.0/1 and 128.0.0.0/1 on the same port, or a set of ranges leaving out only private space, admit every public " +
        "address as surely as 0.0.0.0/0 (which no-public-ingress reports on its own). Rules on different ports do not add up.",
    remediation: "Remove the broad ranges; admit the security group itself or named private ranges only.",
    check: (model) => {
        const byGroup = new Map<string, { urn: string; reaches: IngressReach[] }>();
        const add = (group: string | undefined, urn: string, reach: IngressReach) => {
            if (!group) return;
            const g = byGroup.get(group) ?? { urn, reaches: [] };
            g.reaches.push(reach);
            byGroup.set(group, g);
        };
        for (const sg of model.ofType(SG, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")) {
            for (const rule of asArray(sg.props.ingress as Record<string, unknown>[])) {
                if (rule && typeof rule === "object") add(knownString(sg.props.id) ?? sg.urn, sg.urn, ingressReach(rule, asArray(rule.cidrBlocks as unknown[]), asArray(rule.ipv6CidrBlocks as unknown[])));
            }
        }
        for (const r of model.ofType("aws:ec2/securityGroupRule:SecurityGroupRule")) {
            if (r.props.type === "ingress") add(knownString(r.props.securityGroupId), r.urn, ingressReach(r.props, asArray(r.props.cidrBlocks as unknown[]), asArray(r.props.ipv6CidrBlocks as unknown[])));
        }
        for (const r of model.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) add(knownString(r.props.securityGroupId), r.urn, ingressReach(r.props, asArray(r.props.cidrIpv4), asArray(r.props.cidrIpv6)));
        const findings: Finding[] = [];
        for (const [group, g] of byGroup) {
            for (const p of internetPoints(g.reaches)) {
                const cidrs = [...(p.ipv4 ? p.v4 : []), ...(p.ipv6 ? p.v6 : [])];
                findings.push({ urn: g.urn, message: `security group ${group}: its ingress CIDRs for ${p.label} together (${cidrs.join(", ")}) cover every internet address (${p.ipv4 ? "IPv4" : ""}${p.ipv4 && p.ipv6 ? " and " : ""}${p.ipv6 ? "IPv6" : ""}); ${FIX}` });
            }
        }
        return findings;
    },
});
