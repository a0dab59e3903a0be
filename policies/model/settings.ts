/**
 * What the pack would otherwise hard-code, as policy-pack configuration (`configSchema`): the
 * stack's own accounts, the accounts and principals it trusts, and the name prefixes of the
 * launch catalog and of the private planes' launch roles. Every rule that reads a setting declares
 * {@link SETTINGS_SCHEMA}; a value is given per rule, the way Pulumi's policy-pack config works
 * (`pulumi preview --policy-pack-config cfg.json`, `dataplane check --policy-config cfg.json`):
 *
 *     { "foreign-accounts-trusted": { "trustedPrincipals": ["arn:aws:iam::111122223333:role/vendor"] } }
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { ACCOUNT_ID_PATTERN, PRINCIPAL_ARN_PATTERN } from "../../vocabulary/arn";
import { CATALOG_ROOT, LAUNCH_ROLE_PREFIX } from "../../vocabulary/names";
import { didYouMean } from "../../vocabulary/editDistance";
import { shown } from "../../vocabulary/printable";

export interface PackSettings {
    /** Accounts the stack's resources live in, beside those their ARNs show. */
    ownAccounts: string[];
    /** Other accounts whose principals, access points and sources the stack may name. */
    trustedAccounts: string[];
    /** Principals of other accounts (IAM role/user ARNs) the stack may name; their account is not trusted wholesale. */
    trustedPrincipals: string[];
    /** Root of the launch catalog in Parameter Store (profiles and configurations live under it). */
    catalogRoot: string;
    /** Name prefix of the private planes' launch roles, the only roles a name pattern may cover for sts:AssumeRole. */
    launchRolePrefix: string;
}

export const DEFAULT_SETTINGS: PackSettings = {
    ownAccounts: [],
    trustedAccounts: [],
    trustedPrincipals: [],
    catalogRoot: CATALOG_ROOT,
    launchRolePrefix: LAUNCH_ROLE_PREFIX,
};

const ACCOUNT = { type: "string", pattern: ACCOUNT_ID_PATTERN.source } as const;

/** The JSON schema of {@link PackSettings}, with the defaults, for `configSchema`. */
export const SETTINGS_SCHEMA: PolicyConfigSchema = {
    properties: {
        ownAccounts: { type: "array", items: ACCOUNT, default: DEFAULT_SETTINGS.ownAccounts, description: "Accounts the stack lives in (12 digits), beside those its resources' ARNs show." },
        trustedAccounts: { type: "array", items: ACCOUNT, default: DEFAULT_SETTINGS.trustedAccounts, description: "Other accounts the stack may name in principals and account conditions." },
        trustedPrincipals: { type: "array", items: { type: "string", pattern: PRINCIPAL_ARN_PATTERN }, default: DEFAULT_SETTINGS.trustedPrincipals, description: "IAM principals of other accounts the stack may name (exact ARNs)." },
        catalogRoot: { type: "string", pattern: "^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", default: DEFAULT_SETTINGS.catalogRoot, description: "Parameter Store root of the launch catalog." },
        launchRolePrefix: { type: "string", pattern: "^[\\w+=,.@-]+$", default: DEFAULT_SETTINGS.launchRolePrefix, description: "Name prefix of the private planes' launch roles." },
    },
};

/** What is wrong with one setting's value (checked like the JSON schema would), or undefined. */
export function settingProblem(key: string, value: unknown): string | undefined {
    const spec = (SETTINGS_SCHEMA.properties as Record<string, { type: string; pattern?: string; items?: { pattern: string } }>)[key];
    if (!spec) return `is not a setting${didYouMean(key, Object.keys(SETTINGS_SCHEMA.properties)) || ` (settings: ${Object.keys(SETTINGS_SCHEMA.properties).join(", ")})`}`;
    if (spec.type === "array") {
        if (!Array.isArray(value)) return "must be a list of strings";
        const bad = value.find((v) => typeof v !== "string" || !new RegExp(spec.items!.pattern).test(v));
        return bad === undefined ? undefined : `has ${shown(bad)}, which does not match ${spec.items!.pattern}`;
    }
    return typeof value === "string" && new RegExp(spec.pattern!).test(value) ? undefined : `must be a string matching ${spec.pattern}`;
}

/** Settings from a rule's config (`args.getConfig()`), over the defaults. */
export function settingsFrom(config: unknown): PackSettings {
    // Rules ask once per resource: the same config object gives the same (frozen) settings.
    if (!config || typeof config !== "object") return DEFAULTS_FROZEN;
    let found = fromConfig.get(config);
    if (!found) {
        const given = config as Partial<PackSettings>;
        found = Object.freeze({ ...DEFAULT_SETTINGS, ...Object.fromEntries(Object.entries(given).filter(([k, v]) => k in DEFAULT_SETTINGS && v !== undefined)) });
        fromConfig.set(config, found);
    }
    return found;
}

const DEFAULTS_FROZEN: PackSettings = Object.freeze({ ...DEFAULT_SETTINGS });
const fromConfig = new WeakMap<object, PackSettings>();
