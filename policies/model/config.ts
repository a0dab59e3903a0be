/**
 * A policy-pack config (the file `pulumi preview --policy-pack-config` and `dataplane check
 * --policy-config` take): enforcement-level overrides and rule settings, checked against the rules.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { Rule } from "./rule";
import { DEFAULT_SETTINGS, PackSettings, settingProblem } from "./settings";
import { UserError } from "../../vocabulary/userError";
import { printable, shown } from "../../vocabulary/printable";
import { didYouMean } from "../../vocabulary/editDistance";

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
        if (!LEVELS.includes(l as EnforcementLevel)) throw new PolicyConfigError(`${source}: ${key} must be one of ${LEVELS.join(", ")} (or {"enforcementLevel": …}), got ${shown(value)}`);
        return l as EnforcementLevel;
    };
    for (const [key, value] of Object.entries(config)) {
        if (key === "all") continue;
        const rule = byName.get(key);
        if (!rule) throw new PolicyConfigError(`${source}: no rule named ${shown(key)}${didYouMean(key, [...byName.keys(), "all"]) || ` (rules: ${[...byName.keys()].join(", ")})`}`);
        if (!value || typeof value !== "object") continue;
        for (const [setting, v] of Object.entries(value)) {
            if (setting === "enforcementLevel") continue;
            if (!rule.configSchema) throw new PolicyConfigError(`${source}: ${key}.${printable(setting)}: rule ${key} takes no settings`);
            const problem = settingProblem(setting, v);
            if (problem) throw new PolicyConfigError(`${source}: ${key}.${printable(setting)} ${problem}`);
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
