/**
 * Accounts: every account a policy names — in a Principal, or in an `aws:SourceAccount`,
 * `aws:SourceArn`, `aws:SourceOwner`, `aws:PrincipalAccount`, `s3:DataAccessPointAccount` or
 * `kms:CallerAccount` condition — is the stack's own, or trusted by the pack's settings; any other
 * is foreign and flagged, however self-consistent the statement is (a trust whose SourceAccount and
 * SourceArn both name the same foreign account is still another account's door into this one).
 *
 * The stack's own accounts are those in the ARNs of the resources it manages, plus `ownAccounts`;
 * trusted are `trustedAccounts` (every principal of them) and `trustedPrincipals` (exactly those).
 */
import { DocumentKind, ParsedDocument, ParsedStatement, allows, hasWildcard, readSites, requiredEntries, requiredValues } from "../model/documents";
import { isLikeOperator, patternAccount } from "../model/meaning";
import { Finding, stackRule } from "../model/rule";
import { PackSettings } from "../model/settings";
import { StackModel } from "../model/stackModel";
import { knownString } from "../model/values";
import { ACCOUNT_ID_PATTERN, accountOf } from "../../vocabulary/arn";

/** Condition keys whose values are accounts, and those whose values are ARNs (their account segment counts). */
const ACCOUNT_KEYS = ["aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount", "aws:ResourceAccount", "s3:DataAccessPointAccount", "kms:CallerAccount"];
const ARN_KEYS = ["aws:SourceArn", "aws:PrincipalArn"];
const PRINCIPAL_KINDS: DocumentKind[] = ["trust", "bucket", "key", "accessPoint", "resource"];
const NONE: readonly string[] = [];

const ownCache = new WeakMap<StackModel, Set<string>>();

/** The accounts of the ARNs of the stack's AWS resources. */
function stackAccounts(model: StackModel): Set<string> {
    let found = ownCache.get(model);
    if (!found) {
        found = new Set();
        const resources = model.resources;
        for (let i = 0; i < resources.length; i++) {
            const r = resources[i];
            if (!r.type.startsWith("aws:")) continue;
            const account = accountOf(knownString(r.props.arn) ?? "");
            if (account && ACCOUNT_ID_PATTERN.test(account)) found.add(account);
        }
        ownCache.set(model, found);
    }
    return found;
}

const trustCache = new WeakMap<Set<string>, WeakMap<PackSettings, { trustedPrincipals: Set<string>; knownInConditions: Set<string> }>>();

/** The trusted principals, and the accounts known in conditions, built once per known set and settings (foreignIn runs per statement). */
function trustSets(known: Set<string>, settings: PackSettings) {
    let bySettings = trustCache.get(known);
    if (!bySettings) trustCache.set(known, (bySettings = new WeakMap()));
    let found = bySettings.get(settings);
    if (!found) {
        found = {
            trustedPrincipals: new Set(settings.trustedPrincipals),
            // In conditions, a trusted principal's account is known too (kms:CallerAccount beside that principal).
            knownInConditions: new Set([...known, ...settings.trustedPrincipals.map((p) => accountOf(p)).filter((a): a is string => !!a)]),
        };
        bySettings.set(settings, found);
    }
    return found;
}

/** The accounts and principals a statement names that are neither the stack's nor trusted, each said the way a message names it. */
export function foreignIn(s: ParsedStatement, kind: DocumentKind, known: Set<string>, settings: PackSettings, wildcardsOnly = false): string[] {
    if (wildcardsOnly) return foreignIn(s, kind, known, settings).filter((f) => f.includes("any account"));
    // Asked of every statement of a big stack: an identity statement without conditions names no account.
    const principals = PRINCIPAL_KINDS.includes(kind) ? s.principal?.aws ?? NONE : NONE;
    if (principals.length === 0 && s.conditions.length === 0) return [];
    const out: string[] = [];
    const { trustedPrincipals, knownInConditions } = trustSets(known, settings);
    // Indexed loops (../model/statements.ts): asked of every statement of every distinct document.
    for (let i = 0; i < principals.length; i++) {
        const p = principals[i];
        if (trustedPrincipals.has(p)) continue;
        const account = patternAccount(p);
        if (account === "*") out.push(`principal ${p} (any account)`);
        else if (account && !known.has(account)) out.push(`principal ${p} (account ${account})`);
    }
    for (let k = 0; k < ACCOUNT_KEYS.length; k++) {
        const key = ACCOUNT_KEYS[k];
        const entries = requiredEntries(s, key);
        for (let e = 0; e < entries.length; e++) {
            const c = entries[e];
            for (let i = 0; i < c.values.length; i++) {
                const v = c.values[i];
                if (isLikeOperator(c.operator) && hasWildcard(v)) out.push(`${key} ${JSON.stringify(v)} (any account matching it)`);
                else if (!knownInConditions.has(v)) out.push(`${key} ${JSON.stringify(v)}`);
            }
        }
    }
    for (let k = 0; k < ARN_KEYS.length; k++) {
        const key = ARN_KEYS[k];
        // The operator does not matter here: every value's account is judged, a pattern's too.
        const values = requiredValues(s, key) ?? NONE;
        for (let i = 0; i < values.length; i++) {
            const v = values[i];
            const account = patternAccount(v);
            if (account === "*") out.push(`${key} ${JSON.stringify(v)} (any account)`);
            else if (account && !knownInConditions.has(account)) out.push(`${key} ${JSON.stringify(v)} (account ${account})`);
        }
    }
    return out;
}

export const foreignAccountsTrusted = stackRule({
    name: "foreign-accounts-trusted",
    description: "Every account an Allow names — a Principal of a trust, bucket, key or access point policy, or an account in " +
        "`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`, `aws:PrincipalAccount`, `s3:DataAccessPointAccount`, " +
        "`kms:CallerAccount` — is the stack's own (the accounts of its resources' ARNs, plus the `ownAccounts` setting) or " +
        "trusted by the pack's settings (`trustedAccounts`, or the exact ARN in `trustedPrincipals`); a wildcard account " +
        "admits every account and fails. A statement that is consistent with itself but names a foreign account still fails. " +
        "When no account of the stack is known (a preview of a new stack without the `ownAccounts` setting), only wildcard accounts are judged.",
    remediation: "Name only this stack's account, or trust the other account's principal explicitly in the pack config: " +
        "{\"foreign-accounts-trusted\": {\"trustedPrincipals\": [\"arn:aws:iam::<account>:role/<name>\"]}} (or trustedAccounts).",
    settings: true,
    check: (model, settings) => {
        const own = [...stackAccounts(model), ...settings.ownAccounts];
        const known = new Set([...own, ...settings.trustedAccounts]);
        // No account of the stack is known (a preview of a new stack, every ARN unknown, no ownAccounts
        // setting): only accounts that are wildcards can be judged; the others would be guesses.
        const wildcardsOnly = own.length === 0;
        const owns = own.join(", ") || "no account known";
        // A parsed document is shared by every resource holding the same text (one trust for thousands of
        // roles): its statements are judged once per kind, and a resource holding it only copies the result.
        const judged = new Map<string, WeakMap<ParsedDocument, { label: string; foreign: string }[]>>();
        const findings: Finding[] = [];
        const resources = model.resources;
        for (let i = 0; i < resources.length; i++) {
            const r = resources[i];
            const sites = readSites(r.type, r.props);
            for (let j = 0; j < sites.length; j++) {
                const { site, read } = sites[j];
                if (read.status !== "ok") continue;
                let byDocument = judged.get(site.kind);
                if (!byDocument) judged.set(site.kind, (byDocument = new WeakMap()));
                let named = byDocument.get(read.document);
                if (!named) {
                    named = [];
                    const allowed = allows(read.document);
                    for (let k = 0; k < allowed.length; k++) {
                        const s = allowed[k];
                        const foreign = foreignIn(s, site.kind, known, settings, wildcardsOnly).join(", ");
                        if (foreign) named.push({ label: s.label, foreign });
                    }
                    byDocument.set(read.document, named);
                }
                for (let k = 0; k < named.length; k++) {
                    const { label, foreign } = named[k];
                    findings.push({ urn: r.urn, message: `${site.path}: ${label} names ${foreign}, which this stack neither owns (${owns}) nor trusts; name this account, or add the principal to trustedPrincipals (or its account to trustedAccounts) in the pack config` });
                }
            }
        }
        return findings;
    },
});

/**
 * How many account names an analysis could not judge: with no account of the stack known (a
 * `pulumi preview --json` of a first deployment has no ARN yet, and no `ownAccounts` setting was
 * given), every literal account a statement names — a principal, a SourceAccount, a SourceArn's —
 * might be the stack's own or a foreign one. Zero when an account is known (then every one is judged).
 */
export function accountChecksNotMade(model: StackModel, settings: PackSettings): number {
    const own = [...stackAccounts(model), ...settings.ownAccounts];
    if (own.length > 0) return 0;
    const known = new Set(settings.trustedAccounts);
    let count = 0;
    for (const r of model.resources) {
        for (const { site, read } of readSites(r.type, r.props)) {
            if (read.status !== "ok") continue;
            for (const s of allows(read.document)) count += foreignIn(s, site.kind, known, settings).filter((f) => !f.includes("any account")).length;
        }
    }
    return count;
}
