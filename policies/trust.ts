/**
 * Rules on role trust policies: a role EMR Serverless assumes is trusted by EMR Serverless alone,
 * for this account's applications only (confused-deputy protection); a role an IAM principal
 * assumes requires an ExternalId.
 */
import { SERVICE } from "./vocabulary/names";
import { ParsedDocument, ParsedStatement, accountOf, allows, admitsAnyone, admitsEmrServerless, coversAction, isWildcardOnly, principalList, requiredValues } from "./documents";
import { documentRule } from "./rule";

/** Principals of an Allow statement other than the EMR Serverless service. */
function othersThanEmrServerless(s: ParsedStatement): string[] {
    return principalList(s.principal).filter((p) => p.toLowerCase() !== `service:${SERVICE.emrServerless}`)
        .concat(s.notPrincipal ? [`NotPrincipal ${JSON.stringify(principalList(s.notPrincipal))}`] : []);
}

/** What a trust document admitting EMR Serverless gets wrong (empty when it is right). */
export function emrServerlessTrustProblems(document: ParsedDocument): string[] {
    const out: string[] = [];
    const statements = allows(document);
    if (!statements.some(admitsEmrServerless)) return out;
    for (const s of statements) {
        const others = othersThanEmrServerless(s);
        if (others.length) out.push(`${s.label}: a role EMR Serverless assumes is also trusted by ${others.join(", ")}; trust ${SERVICE.emrServerless} only (one role per purpose)`);
        if (!admitsEmrServerless(s)) continue;
        const accounts = requiredValues(s, "aws:SourceAccount");
        const sources = requiredValues(s, "aws:SourceArn");
        if (!accounts || accounts.some(isWildcardOnly)) {
            out.push(`${s.label}: EMR Serverless is trusted without an aws:SourceAccount condition, so applications of any account could use the role; add {"StringEquals": {"aws:SourceAccount": "<this account>"}}`);
        }
        if (!sources || sources.some(isWildcardOnly)) {
            out.push(`${s.label}: EMR Serverless is trusted without an aws:SourceArn condition; add {"ArnLike": {"aws:SourceArn": "arn:aws:emr-serverless:<region>:<account>:/applications/*"}}`);
        } else if (accounts) {
            const foreign = sources.filter((arn) => { const a = accountOf(arn); return a !== undefined && !isWildcardOnly(a) && !accounts.includes(a); });
            if (foreign.length) out.push(`${s.label}: aws:SourceArn ${JSON.stringify(foreign)} names another account than aws:SourceAccount ${JSON.stringify(accounts)}; both must name this account`);
        }
    }
    return out;
}

export const runtimeRoleTrust = documentRule({
    name: "runtime-role-trust",
    remediation: "Trust emr-serverless.amazonaws.com alone with {\"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}, \"ArnLike\": {\"aws:SourceArn\": \"arn:aws:emr-serverless:<region>:<account>:/applications/*\"}}.",
    description: `A role trusted by ${SERVICE.emrServerless} (a job runtime role) is trusted by it alone, and only with ` +
        "`aws:SourceAccount` and `aws:SourceArn` conditions naming this account's applications (confused-deputy protection; the " +
        "source document's trust had no conditions).",
    kinds: ["trust"],
    check: (document) => emrServerlessTrustProblems(document),
});

export const crossAccountTrustExternalId = documentRule({
    name: "cross-account-trust-external-id",
    remediation: "Name the vendor's principal ARN and add {\"StringEquals\": {\"sts:ExternalId\": \"<per-customer id>\"}}.",
    description: "A trust policy that lets IAM principals (an account, role or user) assume the role requires `sts:ExternalId` " +
        "(StringEquals, not a wildcard), and never admits `*`. Every IAM-principal trust in a data plane is cross-account (the " +
        "vendor's control plane); the role's own account is not known before it exists, so the rule does not try to tell " +
        "same-account trust apart — lower its level for a stack that needs one.",
    kinds: ["trust"],
    check: (document) => {
        const out: string[] = [];
        for (const s of allows(document).filter((x) => coversAction(x, "sts:AssumeRole"))) {
            if (admitsAnyone(s)) {
                out.push(`${s.label}: admits every AWS principal (${s.notPrincipal ? "NotPrincipal" : "\"*\""}); name the vendor's principal ARN and require sts:ExternalId`);
                continue;
            }
            if (!s.principal || s.principal.aws.length === 0) continue;
            const ids = requiredValues(s, "sts:ExternalId");
            if (!ids || ids.length === 0) {
                out.push(`${s.label}: ${s.principal.aws.join(", ")} may assume the role without an ExternalId; add {"StringEquals": {"sts:ExternalId": "<per-customer id>"}}`);
            } else if (ids.some((v) => /[*?]/.test(v))) {
                out.push(`${s.label}: sts:ExternalId is matched against a wildcard pattern (value not shown: it is a secret); require the exact per-customer ExternalId with StringEquals`);
            }
        }
        return out;
    },
});
