/**
 * The policy-pack settings a data-plane stack's own config implies, so its vendor principal is
 * typed once: a private plane's launch role trusts `vendorPrincipalArn(s)`, and the pack's
 * `foreign-accounts-trusted` must trust the same principals. Both are checked by one vocabulary
 * pattern (`PRINCIPAL_ARN_PATTERN`).
 *
 * `dataplane preview` and the offline fleet use it when the pack config beside the stack file does
 * not set `trustedPrincipals`, and say which they used. The Pulumi CLI's pack reads only its pack
 * config (`pulumi preview --policy-pack-config Pulumi.<stack>.policy.json`), whose content for a
 * stack is {@link packConfigFileFor}'s.
 */
import type { PolicyConfig } from "../../policies/pack";
import { fullKey } from "./configSchema";

const RULE = "foreign-accounts-trusted";

/** The vendor principals a stack config names, and the key that names them; undefined when it names none. */
export function vendorPrincipalsOf(config: Record<string, string>): { key: string; principals: string[] } | undefined {
    const one = config[fullKey("vendorPrincipalArn")];
    if (one !== undefined) return { key: fullKey("vendorPrincipalArn"), principals: [one] };
    const several = config[fullKey("vendorPrincipalArns")];
    if (several === undefined) return undefined;
    const list = JSON.parse(several) as unknown;
    return Array.isArray(list) ? { key: fullKey("vendorPrincipalArns"), principals: list.map(String) } : undefined;
}

/** Whether a pack config sets `trustedPrincipals` for the rule that reads it. */
function givesTrustedPrincipals(config: PolicyConfig | undefined): boolean {
    const own = config?.[RULE];
    return typeof own === "object" && own !== null && "trustedPrincipals" in own;
}

export interface StackPackConfig {
    /** The pack config to judge the stack with. */
    config?: PolicyConfig;
    /** Where `trustedPrincipals` came from, said in one line; undefined when the stack names no vendor principal. */
    note?: string;
}

/**
 * The pack config for a stack: `given` (the file beside it, named `givenFrom`) as it is when it sets
 * `trustedPrincipals` or the stack names no vendor principal; otherwise `given` with the stack's
 * vendor principals as `foreign-accounts-trusted`'s `trustedPrincipals`.
 */
export function packConfigForStack(stackConfig: Record<string, string>, given: PolicyConfig | undefined, givenFrom: string): StackPackConfig {
    const vendors = vendorPrincipalsOf(stackConfig);
    if (!vendors) return { config: given };
    if (givesTrustedPrincipals(given)) return { config: given, note: `trustedPrincipals of ${RULE}: from ${givenFrom}` };
    const own = given?.[RULE];
    const rule = typeof own === "string" ? { enforcementLevel: own } : { ...(own ?? {}) };
    return {
        config: { ...given, [RULE]: { ...rule, trustedPrincipals: vendors.principals } },
        note: `trustedPrincipals of ${RULE}: ${vendors.principals.join(", ")}, from the stack config's ${vendors.key} (${given ? `${givenFrom} does not set them` : `no ${givenFrom}`})`,
    };
}

/** The pack config file a stack needs under the Pulumi CLI (`--policy-pack-config`): its vendor principals, trusted; undefined when it names none. */
export function packConfigFileFor(stackConfig: Record<string, string>): PolicyConfig | undefined {
    const vendors = vendorPrincipalsOf(stackConfig);
    return vendors && { [RULE]: { trustedPrincipals: vendors.principals } };
}
