/**
 * Network rules: nothing in a data plane needs inbound traffic from the internet (the source
 * document's "allow all inbound" security group is the anti-pattern).
 */
import { resourceRule } from "./rule";
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
    types: ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    check: (props, subject) => {
        const out: string[] = [];
        if (subject.type === "aws:ec2/securityGroup:SecurityGroup") {
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
