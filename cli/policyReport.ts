/** How the commands print the policy pack's verdict: a count line, then each violation. */
import { Violation } from "../engine/check/analyze";
import { PACK_NAME } from "../policies/pack";

/** "2 mandatory, 1 advisory" (or "no violations"). */
export function violationSummary(violations: Violation[]): string {
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const advisory = violations.length - mandatory;
    if (violations.length === 0) return "no violations";
    return [mandatory ? `${mandatory} mandatory` : "", advisory ? `${advisory} advisory` : ""].filter(Boolean).join(", ");
}

/** The verdict as text: a heading (with `note` on it: what could not be checked), then per violation its level, rule and URN, and the message indented. */
export function violationLines(violations: Violation[], note = ""): string[] {
    const lines = [`Policy pack ${PACK_NAME}: ${violationSummary(violations)}${note}`];
    for (const v of violations) {
        lines.push(`  [${v.enforcementLevel}] ${v.policyName}  ${v.urn ?? "(stack)"}`);
        lines.push(`      ${v.message}`);
    }
    return lines;
}
