/**
 * Network rules: nothing in a data plane needs inbound traffic from the internet (the source
 * document's "allow all inbound" security group is the anti-pattern). What the ingress of a stack
 * admits is read in ../model/ingress.ts; public address space is measured in ../model/addresses.ts.
 */
import { coversInternetV4, coversInternetV6 } from "../model/addresses";
import { INGRESS_TYPES, admittedPoints, ingressByGroup, ingressRulesOf, isSlashZero, reachLabel } from "../model/ingress";
import { Finding, resourceRule, stackRule } from "../model/rule";

export const FIX = "remove it: EMR Serverless workers need no inbound traffic (allow the security group itself if workers must talk to each other)";

export const noPublicIngress = resourceRule({
    name: "no-public-ingress",
    remediation: "Remove ingress from 0.0.0.0/0 and ::/0 (and CIDRs that together cover the internet); allow the security group itself if workers must talk to each other.",
    description: "No security group ingress from 0.0.0.0/0 or ::/0 (inline `ingress`, SecurityGroupRule of type ingress, " +
        "vpc.SecurityGroupIngressRule, or aws-native's SecurityGroup and SecurityGroupIngress). Nothing in a data plane needs inbound traffic from anywhere.",
    types: [...INGRESS_TYPES.groups, ...INGRESS_TYPES.rules, ...INGRESS_TYPES.nativeGroups, ...INGRESS_TYPES.nativeRules],
    check: (props, subject) => ingressRulesOf(subject.type, props).flatMap((rule) => {
        const open = [...rule.reach.v4, ...rule.reach.v6].filter(isSlashZero);
        return open.length ? [`${rule.label} admits ${reachLabel(rule.reach)} from ${open.join(", ")}; ${FIX}`] : [];
    }),
});

export const ingressNotInternetCombined = stackRule({
    name: "ingress-not-internet-combined",
    description: "The ingress of one security group — its inline `ingress`, its SecurityGroupRule resources of type ingress and " +
        "its vpc.SecurityGroupIngressRule resources (and aws-native's), together — does not admit any protocol and port from the whole internet: CIDRs " +
        "such as 0.0.0.0/1 and 128.0.0.0/1 on the same port, or a set of ranges leaving out only private space, admit every public " +
        "address as surely as 0.0.0.0/0 (which no-public-ingress reports on its own). Rules on different ports do not add up.",
    remediation: "Remove the broad ranges; admit the security group itself or named private ranges only.",
    check: (model) => {
        const findings: Finding[] = [];
        for (const [group, g] of ingressByGroup(model)) {
            for (const p of admittedPoints(g.reaches)) {
                if ([...p.v4, ...p.v6].some(isSlashZero)) continue; // no-public-ingress says it
                const ipv4 = coversInternetV4(p.v4);
                const ipv6 = coversInternetV6(p.v6);
                if (!ipv4 && !ipv6) continue;
                const cidrs = [...(ipv4 ? p.v4 : []), ...(ipv6 ? p.v6 : [])];
                findings.push({ urn: g.urn, message: `security group ${group}: its ingress CIDRs for ${p.label} together (${cidrs.join(", ")}) cover every internet address (${ipv4 ? "IPv4" : ""}${ipv4 && ipv6 ? " and " : ""}${ipv6 ? "IPv6" : ""}); ${FIX}` });
            }
        }
        return findings;
    },
});
