/**
 * The policy pack's rules, in the order the README lists them. A new rule file adds its rules
 * here (one import, one spread); everything else — the pack, `dataplane check`, the offline
 * preview, the README's rule table — takes the list from here.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { foreignAccountsTrusted } from "./accounts";
import { bucketAclOneSource, s3AclNotPublic } from "./acl";
import { noPrivilegeEscalation, runtimeRoleNotCatalogWriter } from "./escalation";
import { ACCESS_POINT_RULES } from "./accessPoints";
import { GUARDED_LAUNCH_POLICIES } from "./guardedLaunch";
import { eniOnlyViaEmrServerless, iamPassRoleScoped, kmsGrantsScoped, resourceActionsNotOnStar, s3GrantsScoped, stsAssumeRoleScoped } from "./grants";
import { iamActionsExist, iamDocumentCheckable, iamDocumentValid, iamNoAdminGrants } from "./iam";
import { ingressNotInternetCombined, noPublicIngress } from "./network";
import { launchPassRoleIsRuntimeRole, runtimeRoleTrustedOnlyByEmrServerless } from "./roles";
import { Rule } from "./rule";
import { DEFAULT_SETTINGS, PackSettings, settingProblem } from "./settings";
import { adoptedBucketHardeningUnverified, kmsKeyAdminOwnAccount, resourceBucketHardened, s3PublicAccessBlockComplete } from "./storage";
import { crossAccountTrustExternalId, runtimeRoleTrust } from "./trust";
import { UserError } from "./vocabulary/userError";

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
    foreignAccountsTrusted,
    noPublicIngress,
    ingressNotInternetCombined,
    s3AclNotPublic,
    bucketAclOneSource,
    noPrivilegeEscalation,
    runtimeRoleNotCatalogWriter,
    ...ACCESS_POINT_RULES,
    ...GUARDED_LAUNCH_POLICIES,
];

/**
 * Enforcement-level overrides in the format of `pulumi preview --policy-pack-config <file>`:
 * `{"all": "advisory", "<rule>": "disabled", "<rule>": {"enforcementLevel": "advisory"}}`.
 */
export type PolicyConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Partial<PackSettings>)>;

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PolicyConfigError extends UserError {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

/** The rules with a policy-pack config's levels applied (unknown rule names, levels and settings are errors). */
export function withEnforcement(policies: Rule[], config: PolicyConfig = {}, source = "policy config"): Rule[] {
    const byName = new Map(policies.map((p) => [p.name, p]));
    const level = (key: string, value: unknown): EnforcementLevel | undefined => {
        const l = typeof value === "string" ? value : (value as { enforcementLevel?: unknown } | null)?.enforcementLevel;
        if (l === undefined && value && typeof value === "object" && !Array.isArray(value)) return undefined;
        if (!LEVELS.includes(l as EnforcementLevel)) throw new PolicyConfigError(`${source}: ${key} must be one of ${LEVELS.join(", ")} (or {"enforcementLevel": …}), got ${JSON.stringify(value)}`);
        return l as EnforcementLevel;
    };
    for (const [key, value] of Object.entries(config)) {
        if (key === "all") continue;
        const rule = byName.get(key);
        if (!rule) throw new PolicyConfigError(`${source}: no rule named ${JSON.stringify(key)} (rules: ${[...byName.keys()].join(", ")})`);
        if (!value || typeof value !== "object") continue;
        for (const [setting, v] of Object.entries(value)) {
            if (setting === "enforcementLevel") continue;
            if (!rule.configSchema) throw new PolicyConfigError(`${source}: ${key}.${setting}: rule ${key} takes no settings`);
            const problem = settingProblem(setting, v);
            if (problem) throw new PolicyConfigError(`${source}: ${key}.${setting} ${problem}`);
        }
    }
    const all = config.all !== undefined ? level("all", config.all) : undefined;
    return policies.map((p) => {
        const own = config[p.name];
        const l = (own !== undefined ? level(p.name, own) : undefined) ?? all;
        return l ? { ...p, enforcementLevel: l } : p;
    });
}

/** A rule's settings from a policy-pack config (what `args.getConfig()` returns under the Pulumi CLI): the schema's defaults, overridden. */
export function ruleConfig(rule: Rule, config: PolicyConfig = {}): Record<string, unknown> {
    if (!rule.configSchema) return {};
    const own = config[rule.name];
    const given = own && typeof own === "object" ? Object.fromEntries(Object.entries(own).filter(([k]) => k !== "enforcementLevel")) : {};
    return { ...DEFAULT_SETTINGS, ...given };
}
