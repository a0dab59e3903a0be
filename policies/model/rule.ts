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
import { StackArgs, StackModel, stackModelOfArgs } from "./stackModel";
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
    /** What the rule checks and why; the rule table (docs/reference/policies.md) shows it. */
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
    // to thousands of roles — is judged once. A verdict is kept as the messages once they are known.
    // Keyed by kind and settings first, then by document: a big stack holds thousands of documents, and
    // a map per document and rule would be most of the memory an analysis keeps (and the collector copies).
    const results = new Map<DocumentKind, Map<string, WeakMap<ParsedDocument, Verdict>>>();
    // The verdicts of the kind and settings asked last: a stack asks of one kind, with one settings object, nearly always.
    let last: { kind?: DocumentKind; settings?: PackSettings; byDocument?: WeakMap<ParsedDocument, Verdict> } = {};
    const verdictsOf = (kind: DocumentKind, settings: PackSettings): WeakMap<ParsedDocument, Verdict> => {
        if (last.byDocument && kind === last.kind && (!spec.settings || settings === last.settings)) return last.byDocument;
        let bySettings = results.get(kind);
        if (!bySettings) results.set(kind, (bySettings = new Map()));
        const key = spec.settings ? settingsKey(settings) : "";
        let byDocument = bySettings.get(key);
        if (!byDocument) bySettings.set(key, (byDocument = new WeakMap()));
        last = { kind, settings, byDocument };
        return byDocument;
    };
    const checked = (document: ParsedDocument, site: DocumentSite, subject: Subject, settings: PackSettings): Verdict => {
        const byDocument = verdictsOf(site.kind, settings);
        let found = byDocument.get(document);
        if (found === undefined) {
            const verdict = spec.check(document, site, subject, settings);
            found = isPromise(verdict) ? keptWhenKnown(byDocument, document, verdict) : verdict;
            byDocument.set(document, found);
        }
        return found;
    };
    const rule: DocumentRuleParts = { spec, checked };
    return {
        ...header(spec),
        kinds: spec.kinds,
        check: spec.check,
        checkProps: spec.checkProps,
        propsTypes: spec.propsTypes,
        unreadable: spec.unreadable,
        // Not async: most verdicts are known (or computed without waiting), and a 10,000-resource stack
        // asks the document rules some 100,000 times; it returns a promise only when a check has to wait.
        validateResource: (args, reportViolation) => {
            const props = plainProps(args.props);
            // The arguments are the subject (their type, name and URN); nothing is allocated unless a verdict has to wait.
            return validateFrom(rule, props, reportViolation, args, settingsOf(spec, args), readSites(args.type, props), 0);
        },
    };
}

type Verdict = string[] | Promise<string[]>;

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
    return typeof (value as { then?: unknown } | undefined)?.then === "function";
}

// The functions below that wait for a verdict are their own: a function holding a closure over its
// arguments allocates their context on every call, waiting or not, and the hot paths here run some
// 100,000 times in a 10,000-resource check (that context was a tenth of what its analysis allocated).

/** A verdict still to come, kept as the messages once they are known. */
function keptWhenKnown(byDocument: WeakMap<ParsedDocument, Verdict>, document: ParsedDocument, verdict: Promise<string[]>): Promise<string[]> {
    return verdict.then((messages) => (byDocument.set(document, messages), messages));
}

interface DocumentRuleParts {
    spec: RuleSpec & { kinds: DocumentKind[]; checkProps?: PropsCheck; propsTypes?: string[]; unreadable?: UnreadableCheck };
    checked: (document: ParsedDocument, site: DocumentSite, subject: Subject, settings: PackSettings) => Verdict;
}

type Report = (message: string, urn?: string) => void;

/**
 * A document rule's validation of one resource (`subject`, whose inputs are `props`) from its
 * `i`-th document on, reporting in document order; it goes on asynchronously from the first
 * verdict that is not known yet.
 */
function validateFrom(rule: DocumentRuleParts, props: Record<string, unknown>, report: Report, subject: Subject, settings: PackSettings,
    sites: readonly { site: DocumentSite; read: DocumentRead }[], i: number): void | Promise<void> {
    const { spec, checked } = rule;
    const urn = subject.urn;
    for (; i < sites.length; i++) {
        const { site, read } = sites[i];
        if (!spec.kinds.includes(site.kind)) continue;
        if (read.status !== "ok") {
            if (spec.unreadable) for (const message of spec.unreadable(read, site)) report(`${site.path} ${message}`, urn);
            continue;
        }
        const verdict = checked(read.document, site, subject, settings);
        if (isPromise(verdict)) return validateAfter(verdict, rule, props, report, subject, settings, sites, i, urn);
        for (let m = 0; m < verdict.length; m++) report(`${site.path}: ${verdict[m]}`, urn);
    }
    if (spec.checkProps && spec.propsTypes?.includes(subject.type)) {
        const messages = spec.checkProps(props, subject, settings);
        if (isPromise(messages)) return reportWhenKnown(messages, report, urn);
        for (const message of messages) report(message, urn);
    }
}

/** {@link validateFrom} once the verdict on the `i`-th document is known: its messages, then the documents after it. */
function validateAfter(verdict: Promise<string[]>, rule: DocumentRuleParts, props: Record<string, unknown>, report: Report, subject: Subject, settings: PackSettings,
    sites: readonly { site: DocumentSite; read: DocumentRead }[], i: number, urn: string): Promise<void> {
    return verdict.then((messages) => {
        for (const message of messages) report(`${sites[i].site.path}: ${message}`, urn);
        return validateFrom(rule, props, report, subject, settings, sites, i + 1);
    });
}

/** Reports messages still to come about `urn`. */
function reportWhenKnown(messages: Promise<string[]>, report: Report, urn: string): Promise<void> {
    return messages.then((list) => list.forEach((message) => report(message, urn)));
}

/** A rule over the properties (inputs) of resources of `types`. */
export function resourceRule(spec: RuleSpec & { types: string[]; check: PropsCheck }): ResourceRule {
    return {
        ...header(spec),
        types: spec.types,
        check: spec.check,
        // Like a document rule's: a promise only when the check returns one.
        validateResource: (args, reportViolation) => {
            if (!spec.types.includes(args.type)) return;
            const urn = args.urn;
            const messages = spec.check(plainProps(args.props), { type: args.type, name: args.name, urn }, settingsOf(spec, args));
            if (isPromise(messages)) return reportWhenKnown(messages, reportViolation, urn);
            for (const message of messages) reportViolation(message, urn);
            return undefined;
        },
    };
}

/** A rule over the whole stack: every resource with its outputs, parents and dependencies. */
export function stackRule(spec: RuleSpec & { check: StackCheck }): StackRule {
    return {
        ...header(spec),
        check: spec.check,
        validateStack: async (args, reportViolation) => {
            for (const finding of await spec.check(stackModelOfArgs(args as StackArgs), settingsOf(spec, args))) reportViolation(finding.message, finding.urn);
        },
    };
}

export function isStackRule(rule: Rule): rule is StackRule {
    return "validateStack" in rule;
}

/** The resource types a resource-level rule looks at (a stack rule looks at none, one by one). */
export function typesOf(rule: Rule): readonly string[] {
    // Asked for every rule and resource type of every analysis (a fleet runs one a plane): a rule's
    // types never change, so they are worked out once per rule object.
    let types = typesByRule.get(rule);
    if (!types) typesByRule.set(rule, (types = Object.freeze(typesOfRule(rule))));
    return types;
}

const typesByRule = new WeakMap<Rule, readonly string[]>();

function typesOfRule(rule: Rule): string[] {
    if (isStackRule(rule)) return [];
    if ("kinds" in rule) return [...typesHolding(rule.kinds), ...(rule.propsTypes ?? [])];
    return [...rule.types];
}
