/**
 * The policy pack's one public face: everything outside `policies/` — the check harness
 * (engine/check/analyze.ts), the command line, the docs generator, the package's `./policies` export —
 * takes the pack from here, never from its rules or model files.
 *
 * - the rules: {@link POLICIES} (./rules, one file per rule group) and the pack's name;
 * - a policy-pack config: its type, its checks ({@link withEnforcement}) and each rule's settings;
 * - what a harness needs to run the rules as the engine does: their kinds,
 *   {@link retainingDocuments} around one analysis, and the stack's model built once ({@link STACK_MODEL});
 * - the values the engine hands the rules in place of unknown and secret ones.
 *
 * Constructing the PolicyPack happens in ./index.ts only (it starts a gRPC server): nothing imports it.
 */
export { PACK_NAME, POLICIES } from "./rules";
export { isStackRule, typesOf } from "./model/rule";
export type { DocumentRule, Finding, ResourceRule, Rule, StackRule } from "./model/rule";
export { PolicyConfigError, ruleConfig, withEnforcement } from "./model/config";
export type { PolicyConfig } from "./model/config";
export { DEFAULT_SETTINGS, SETTINGS_SCHEMA } from "./model/settings";
export type { PackSettings } from "./model/settings";
export { retainingDocuments } from "./model/documents";
export { STACK_MODEL, StackModel, setStackModel, stackModelOfRecords } from "./model/stackModel";
export { ALSO_READ, CHECKED, CHECKED_NATIVE, NOT_CHECKED } from "./model/coverage";
export { MASKED_SECRET, UNKNOWN_SENTINELS, oneLine } from "./model/values";

import type { PolicyResource } from "@pulumi/policy";
import { accountChecksNotMade, foreignAccountsTrusted } from "./rules/accounts";
import { ruleConfig } from "./model/config";
import type { PolicyConfig } from "./model/config";
import { settingsFrom } from "./model/settings";
import { StackModel, stackModelOf } from "./model/stackModel";

/**
 * How many account checks foreign-accounts-trusted could not make on these resources (as a stack
 * rule sees them) with this config: no account of the stack is known, so literal accounts were
 * neither passed nor failed. Zero when one is known.
 */
export function accountChecksSkipped(resources: PolicyResource[] | StackModel, config?: PolicyConfig): number {
    return accountChecksNotMade(resources instanceof StackModel ? resources : stackModelOf(resources), settingsFrom(ruleConfig(foreignAccountsTrusted, config)));
}

/** The rule that reads the stack's own accounts (`ownAccounts`), for harnesses that learn them from elsewhere (a file, a flag). */
export const ACCOUNT_RULE = foreignAccountsTrusted.name;
