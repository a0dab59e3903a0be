/**
 * Network rules: nothing in a data plane needs inbound traffic from the internet (the source
 * document's "allow all inbound" security group is the anti-pattern).
 */
import { Finding, resourceRule, stackRule } from "./rule";
import { asArray, knownString } from "./values";

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

export const ingressNotInternetCombined = stackRule({
    name: "ingress-not-internet-combined",
    description: "The ingress of one security group — its inline `ingress`, its SecurityGroupRule resources of type ingress and " +
        "its vpc.SecurityGroupIngressRule resources, together — does not cover the internet: CIDRs such as 0.0.0.0/1 and " +
        "128.0.0.0/1, or a set of ranges leaving out only private space, admit every public address as surely as 0.0.0.0/0 " +
        "(which no-public-ingress reports on its own).",
    remediation: "Remove the broad ranges; admit the security group itself or named private ranges only.",
    check: (model) => {
        const byGroup = new Map<string, { urn: string; v4: string[]; v6: string[] }>();
        const add = (group: string | undefined, urn: string, v4: unknown[], v6: unknown[]) => {
            if (!group) return;
            const g = byGroup.get(group) ?? { urn, v4: [], v6: [] };
            g.v4.push(...v4.map(knownString).filter((x): x is string => !!x));
            g.v6.push(...v6.map(knownString).filter((x): x is string => !!x));
            byGroup.set(group, g);
        };
        for (const sg of model.ofType(SG, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")) {
            for (const rule of asArray(sg.props.ingress as Record<string, unknown>[])) add(knownString(sg.props.id) ?? sg.urn, sg.urn, asArray(rule?.cidrBlocks as unknown[]), asArray(rule?.ipv6CidrBlocks as unknown[]));
        }
        for (const r of model.ofType("aws:ec2/securityGroupRule:SecurityGroupRule")) {
            if (r.props.type === "ingress") add(knownString(r.props.securityGroupId), r.urn, asArray(r.props.cidrBlocks as unknown[]), asArray(r.props.ipv6CidrBlocks as unknown[]));
        }
        for (const r of model.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) add(knownString(r.props.securityGroupId), r.urn, asArray(r.props.cidrIpv4), asArray(r.props.cidrIpv6));
        const findings: Finding[] = [];
        for (const [group, g] of byGroup) {
            if ([...g.v4, ...g.v6].some((c) => OPEN.test(c.trim()))) continue; // no-public-ingress says it
            const v4 = coversInternetV4(g.v4);
            const v6 = coversInternetV6(g.v6);
            if (v4 || v6) findings.push({ urn: g.urn, message: `security group ${group}: its ingress CIDRs together (${[...(v4 ? g.v4 : []), ...(v6 ? g.v6 : [])].join(", ")}) cover every internet address (${v4 ? "IPv4" : ""}${v4 && v6 ? " and " : ""}${v6 ? "IPv6" : ""}); ${FIX}` });
        }
        return findings;
    },
});
