/**
 * The policy pack's rules, in the order the README lists them. A new rule file adds its rules
 * here (one import, one spread); everything else — the pack, `dataplane check`, the offline
 * preview, the README's rule table — takes the list from here.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { ACCESS_POINT_RULES } from "./accessPoints";
import { GUARDED_LAUNCH_POLICIES } from "./guardedLaunch";
import { eniOnlyViaEmrServerless, iamPassRoleScoped, kmsGrantsScoped, resourceActionsNotOnStar, s3GrantsScoped, stsAssumeRoleScoped } from "./grants";
import { iamActionsExist, iamDocumentCheckable, iamDocumentValid, iamNoAdminGrants } from "./iam";
import { noPublicIngress } from "./network";
import { launchPassRoleIsRuntimeRole, runtimeRoleTrustedOnlyByEmrServerless } from "./roles";
import { Rule } from "./rule";
import { adoptedBucketHardeningUnverified, kmsKeyAdminOwnAccount, resourceBucketHardened, s3PublicAccessBlockComplete } from "./storage";
import { crossAccountTrustExternalId, runtimeRoleTrust } from "./trust";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const PACK_NAME = "emr-dataplane";

export const POLICIES: Rule[] = [
    iamDocumentValid,
    iamDocumentCheckable,
    iamActionsExist,
    iamNoAdminGrants,
    iamPassRoleScoped,
    s3GrantsScoped,
    kmsGrantsScoped,
    stsAssumeRoleScoped,
    eniOnlyViaEmrServerless,
    resourceActionsNotOnStar,
    runtimeRoleTrust,
    crossAccountTrustExternalId,
    runtimeRoleTrustedOnlyByEmrServerless,
    launchPassRoleIsRuntimeRole,
    s3PublicAccessBlockComplete,
    resourceBucketHardened,
    adoptedBucketHardeningUnverified,
    kmsKeyAdminOwnAccount,
    noPublicIngress,
    ...ACCESS_POINT_RULES,
    ...GUARDED_LAUNCH_POLICIES,
];

/**
 * Enforcement-level overrides in the format of `pulumi preview --policy-pack-config <file>`:
 * `{"all": "advisory", "<rule>": "disabled", "<rule>": {"enforcementLevel": "advisory"}}`.
 */
export type PolicyConfig = Record<string, EnforcementLevel | { enforcementLevel?: EnforcementLevel }>;

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PolicyConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

/** The rules with a policy-pack config's levels applied (unknown rule names and levels are errors). */
export function withEnforcement(policies: Rule[], config: PolicyConfig = {}, source = "policy config"): Rule[] {
    const names = new Set(policies.map((p) => p.name));
    const level = (key: string, value: unknown): EnforcementLevel => {
        const l = typeof value === "string" ? value : (value as { enforcementLevel?: unknown } | null)?.enforcementLevel;
        if (!LEVELS.includes(l as EnforcementLevel)) throw new PolicyConfigError(`${source}: ${key} must be one of ${LEVELS.join(", ")} (or {"enforcementLevel": …}), got ${JSON.stringify(value)}`);
        return l as EnforcementLevel;
    };
    for (const key of Object.keys(config)) {
        if (key !== "all" && !names.has(key)) throw new PolicyConfigError(`${source}: no rule named ${JSON.stringify(key)} (rules: ${[...names].join(", ")})`);
    }
    const all = config.all !== undefined ? level("all", config.all) : undefined;
    return policies.map((p) => {
        const own = config[p.name];
        const l = own !== undefined ? level(p.name, own) : all;
        return l ? { ...p, enforcementLevel: l } : p;
    });
}
