/**
 * Rules on role trust policies: a role EMR Serverless assumes is trusted by EMR Serverless alone,
 * for this account's applications only (confused-deputy protection); a role an IAM principal
 * assumes requires an ExternalId.
 */
import { ACCOUNT_ID_PATTERN } from "../../vocabulary/arn";
import { SERVICE } from "../../vocabulary/names";
import { ParsedDocument, ParsedStatement, allows, admitsAnyone, admitsEmrServerless, coversAction, hasWildcard, principalList, requiredEntries, requiredValues } from "../model/documents";
import { isLikeOperator, patternAccount, serviceName } from "../model/meaning";
import { documentRule } from "../model/rule";

/** Principals of an Allow statement other than the EMR Serverless service. */
export function othersThanEmrServerless(s: ParsedStatement): string[] {
    return principalList(s.principal).filter((p) => !(p.startsWith("Service:") && serviceName(p.slice("Service:".length)) === serviceName(SERVICE.emrServerless)))
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
        out.push(...sourceConditionProblems(s, "EMR Serverless", "this account's applications", "arn:aws:emr-serverless:<region>:<account>:/applications/*"));
    }
    return out;
}

/**
 * What a service trust's confused-deputy conditions get wrong, judged by what they admit: an
 * `aws:SourceAccount` that admits more than literal accounts (`*`, `44445555666?` under StringLike),
 * an `aws:SourceArn` missing, or admitting any account, or naming another account than
 * `aws:SourceAccount`. A SourceArn pinned to literal accounts needs no SourceAccount: it is stricter.
 */
export function sourceConditionProblems(s: ParsedStatement, who: string, noun: string, example: string): string[] {
    const out: string[] = [];
    const accountEntries = requiredEntries(s, "aws:SourceAccount");
    const sources = requiredValues(s, "aws:SourceArn");
    const accounts = accountEntries.flatMap((c) => c.values);
    const loose = accountEntries.flatMap((c) => c.values.filter((v) => !ACCOUNT_ID_PATTERN.test(v) || (isLikeOperator(c.operator) && hasWildcard(v))));
    const sourceAccounts = (sources ?? []).map(patternAccount);
    if (loose.length) out.push(`${s.label}: aws:SourceAccount ${JSON.stringify(loose)} admits accounts other than a named one; require the exact 12-digit account with StringEquals`);
    if (accounts.length === 0 && !(sources && sources.length && sourceAccounts.every((a) => a !== undefined && a !== "*"))) {
        out.push(`${s.label}: ${who} is trusted without an aws:SourceAccount condition, so resources of any account could use the role; add {"StringEquals": {"aws:SourceAccount": "<this account>"}}`);
    }
    if (!sources || sources.length === 0) {
        out.push(`${s.label}: ${who} is trusted without an aws:SourceArn condition naming ${noun}; add {"ArnLike": {"aws:SourceArn": "${example}"}}`);
        return out;
    }
    const anyAccount = (sources ?? []).filter((_, i) => sourceAccounts[i] === "*");
    if (anyAccount.length) out.push(`${s.label}: aws:SourceArn ${JSON.stringify(anyAccount)} admits every account; name this account in it (${example})`);
    const foreign = (sources ?? []).filter((_, i) => { const a = sourceAccounts[i]; return a !== undefined && a !== "*" && accounts.length > 0 && !accounts.includes(a); });
    if (foreign.length) out.push(`${s.label}: aws:SourceArn ${JSON.stringify(foreign)} names another account than aws:SourceAccount ${accounts.map((a) => JSON.stringify(a)).join(", ")}; both must name this account`);
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
            } else if (ids.some((v) => hasWildcard(v))) {
                out.push(`${s.label}: sts:ExternalId is matched against a wildcard pattern (value not shown: it is a secret); require the exact per-customer ExternalId with StringEquals`);
            }
        }
        return out;
    },
});
