/**
 * How a rule is written. Three shapes cover every rule in the pack:
 *
 * - {@link documentRule}: a check over each readable IAM document of some kinds (identity,
 *   trust, bucket, key, access point), wherever it lives;
 * - {@link resourceRule}: a check over the properties of resources of some types;
 * - {@link stackRule}: a check over the whole stack ({@link StackModel}).
 *
 * Each returns a `@pulumi/policy` policy (so the Pulumi CLI runs it unchanged) that also carries
 * its plain check function, for tests that need no engine. A check returns the violation
 * messages; each says what must hold and how to fix it.
 */
import type { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { DocumentKind, DocumentRead, DocumentSite, ParsedDocument, readSites, typesHolding } from "./documents";
import { StackModel, stackModelOf } from "./stackModel";
import { PackSettings, SETTINGS_SCHEMA, settingsFrom } from "./settings";
import { plainProps } from "./values";

/** The resource a check looks at: its type, name and URN. */
export interface Subject {
    type: string;
    name: string;
    urn: string;
}

interface RuleSpec {
    /** Kebab-case, unique in the pack. */
    name: string;
    /** What the rule checks and why; the README's rule table shows it. */
    description: string;
    /** Defaults to "mandatory". Users override it with a policy-pack config file. */
    enforcementLevel?: EnforcementLevel;
    /** How to fix a violation, in a sentence or two (the CLI shows it as the rule's remediation steps). */
    remediation: string;
    /** Whether the rule reads {@link PackSettings}: it then declares their `configSchema`. */
    settings?: boolean;
}

export type DocumentCheck = (document: ParsedDocument, site: DocumentSite, subject: Subject, settings: PackSettings) => string[] | Promise<string[]>;
export type PropsCheck = (props: Record<string, unknown>, subject: Subject, settings: PackSettings) => string[] | Promise<string[]>;
/** What to say about a document that could not be read (unknown, secret or not a document at all). */
export type UnreadableCheck = (read: Exclude<DocumentRead, { status: "ok" }>, site: DocumentSite) => string[];

export type DocumentRule = ResourceValidationPolicy & {
    kinds: DocumentKind[]; check: DocumentCheck; unreadable?: UnreadableCheck;
    /** Other properties to check, of resources of `propsTypes`. */
    checkProps?: PropsCheck; propsTypes?: string[];
};
export type ResourceRule = ResourceValidationPolicy & { types: string[]; check: PropsCheck };
export type StackCheck = (model: StackModel, settings: PackSettings) => Finding[] | Promise<Finding[]>;
export type StackRule = StackValidationPolicy & { check: StackCheck };
export type Rule = DocumentRule | ResourceRule | StackRule;

/** A stack rule's violation: a message, and the resource it is about. */
export interface Finding {
    message: string;
    urn?: string;
}

/** What every rule has: its name, description, level (mandatory unless said), remediation and, when it reads settings, their schema. */
function header(spec: RuleSpec) {
    return {
        name: spec.name, description: spec.description, enforcementLevel: spec.enforcementLevel ?? "mandatory" as EnforcementLevel,
        remediationSteps: spec.remediation, ...(spec.settings ? { configSchema: SETTINGS_SCHEMA } : {}),
    };
}

const settingsKeys = new WeakMap<PackSettings, string>();

/** Settings as a cache key (settingsFrom hands out one object per config, so this is computed once per config). */
function settingsKey(settings: PackSettings): string {
    let key = settingsKeys.get(settings);
    if (key === undefined) settingsKeys.set(settings, (key = JSON.stringify(settings)));
    return key;
}

/** The settings a rule runs with: its config's, when it declares them. */
function settingsOf(spec: RuleSpec, args: { getConfig: <T extends object>() => T }): PackSettings {
    return settingsFrom(spec.settings ? args.getConfig<Partial<PackSettings>>() : undefined);
}

/**
 * A rule over every readable document of `kinds`. Messages are prefixed with the property
 * the document sits in. `checkProps` optionally checks other properties of the same resources
 * (e.g. attached managed policies); `unreadable` speaks about documents that cannot be read
 * (every other rule skips them: one rule reports each such document, once).
 */
export function documentRule(spec: RuleSpec & { kinds: DocumentKind[]; check: DocumentCheck; checkProps?: PropsCheck; propsTypes?: string[]; unreadable?: UnreadableCheck }): DocumentRule {
    // A document check depends on the document, its kind and the settings only: one parsed document
    // (the same text, cached by readDocument) held by many resources — an AWS managed policy attached
    // to thousands of roles — is judged once.
    const results = new WeakMap<ParsedDocument, Map<string, Promise<string[]>>>();
    const checked: DocumentCheck = (document, site, subject, settings) => {
        let byKey = results.get(document);
        if (!byKey) results.set(document, (byKey = new Map()));
        const key = spec.settings ? `${site.kind}\n${settingsKey(settings)}` : site.kind;
        let found = byKey.get(key);
        if (!found) byKey.set(key, (found = Promise.resolve(spec.check(document, site, subject, settings))));
        return found;
    };
    return {
        ...header(spec),
        kinds: spec.kinds,
        check: spec.check,
        checkProps: spec.checkProps,
        propsTypes: spec.propsTypes,
        unreadable: spec.unreadable,
        validateResource: async (args, reportViolation) => {
            const props = plainProps(args.props);
            const subject = { type: args.type, name: args.name, urn: args.urn };
            const settings = settingsOf(spec, args);
            for (const { site, read } of readSites(args.type, props)) {
                if (!spec.kinds.includes(site.kind)) continue;
                if (read.status !== "ok") {
                    for (const message of spec.unreadable?.(read, site) ?? []) reportViolation(`${site.path} ${message}`, args.urn);
                    continue;
                }
                for (const message of await checked(read.document, site, subject, settings)) reportViolation(`${site.path}: ${message}`, args.urn);
            }
            if (spec.checkProps && spec.propsTypes?.includes(args.type)) for (const message of await spec.checkProps(props, subject, settings)) reportViolation(message, args.urn);
        },
    };
}

/** A rule over the properties (inputs) of resources of `types`. */
export function resourceRule(spec: RuleSpec & { types: string[]; check: PropsCheck }): ResourceRule {
    return {
        ...header(spec),
        types: spec.types,
        check: spec.check,
        validateResource: async (args, reportViolation) => {
            if (!spec.types.includes(args.type)) return;
            for (const message of await spec.check(plainProps(args.props), { type: args.type, name: args.name, urn: args.urn }, settingsOf(spec, args))) reportViolation(message, args.urn);
        },
    };
}

/** A rule over the whole stack: every resource with its outputs, parents and dependencies. */
export function stackRule(spec: RuleSpec & { check: StackCheck }): StackRule {
    return {
        ...header(spec),
        check: spec.check,
        validateStack: async (args, reportViolation) => {
            for (const finding of await spec.check(stackModelOf(args.resources), settingsOf(spec, args))) reportViolation(finding.message, finding.urn);
        },
    };
}

export function isStackRule(rule: Rule): rule is StackRule {
    return "validateStack" in rule;
}

/** The resource types a resource-level rule looks at (a stack rule looks at none, one by one). */
export function typesOf(rule: Rule): string[] {
    if (isStackRule(rule)) return [];
    if ("kinds" in rule) return [...typesHolding(rule.kinds), ...(rule.propsTypes ?? [])];
    return rule.types;
}
