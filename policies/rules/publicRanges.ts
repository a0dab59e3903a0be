/**
 * Ingress from most of the internet without `/0`: a rule (or the rules of one security group on one
 * port, together) admitting a large share of public address space is, for practical purposes, as
 * open as `0.0.0.0/0` — anyone can rent an address in a /8 of a cloud provider's range. Judged by
 * the public addresses admitted (../model/addresses.ts), not by spelling: private, shared and
 * documentation space counts for nothing, `2000::/3` is all of IPv6's internet.
 */
import { BROAD_PUBLIC, coversInternetV4, coversInternetV6, describeCount, publicAddresses } from "../model/addresses";
import { admittedPoints, ingressByGroup, isSlashZero } from "../model/ingress";
import { Finding, stackRule } from "../model/rule";
import { FIX } from "./network";

export const ingressNotPublicRange = stackRule({
    name: "ingress-not-public-range",
    description: "No security group admits, on any protocol and port (its rules on that port together), as much public address " +
        "space as a /8 of IPv4 (16,777,216 public addresses) or a /16 of IPv6 (2^112 addresses of global unicast, 2000::/3): " +
        "ranges such as 0.0.0.0/1, 64.0.0.0/2, 3.0.0.0/8 or 2000::/4 are as open as /0 for practical purposes. Private (RFC 1918), " +
        "shared (100.64.0.0/10), link-local, documentation and unique-local ranges are not public and count for nothing, so any " +
        "private range passes, as does a named public range smaller than that (an office's /24). The whole internet (/0, or " +
        "ranges adding up to it) is no-public-ingress's and ingress-not-internet-combined's.",
    remediation: "Admit the security group itself, private ranges or the few public addresses that must reach it (a /24 or smaller), never a large public range.",
    check: (model) => {
        const findings: Finding[] = [];
        for (const [group, g] of ingressByGroup(model)) {
            for (const p of admittedPoints(g.reaches)) {
                if ([...p.v4, ...p.v6].some(isSlashZero) || coversInternetV4(p.v4) || coversInternetV6(p.v6)) continue;
                const count = publicAddresses(p.v4, p.v6);
                const wide = [
                    ...(count.v4 >= BROAD_PUBLIC.v4 ? [`${p.v4.join(", ")}: ${describeCount(count.v4, "IPv4")}`] : []),
                    ...(count.v6 >= BROAD_PUBLIC.v6 ? [`${p.v6.join(", ")}: ${describeCount(count.v6, "IPv6")}`] : []),
                ];
                if (wide.length) findings.push({ urn: g.urn, message: `security group ${group}: its ingress for ${p.label} admits ${wide.join("; ")}, as open as the internet for practical purposes; ${FIX}` });
            }
        }
        return findings;
    },
});
