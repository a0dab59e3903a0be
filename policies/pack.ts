/**
 * The policy pack's one public face: everything outside `policies/` — the check harness
 * (engine/check/analyze.ts), the command line, the docs generator, the package's `./policies` export —
 * takes the pack from here, never from its rules or model files.
 *
 * - the rules: {@link POLICIES} (./rules, one file per rule group) and the pack's name;
 * - a policy-pack config: its type, its checks ({@link withEnforcement}) and each rule's settings;
 * - what a harness needs to run the rules as the engine does: their kinds, and
 *   {@link retainingDocuments} around one analysis;
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
export { CHECKED, NOT_CHECKED } from "./model/coverage";
export { MASKED_SECRET, UNKNOWN_SENTINELS, oneLine } from "./model/values";
