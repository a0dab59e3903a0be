/**
 * Trust to a federated identity provider: an OIDC provider (GitHub Actions, an EKS cluster,
 * Cognito) or SAML issues tokens to many subjects, and the role's trust must say which. IAM User
 * Guide, "Create a role for OpenID Connect federation": the trust's conditions on the provider's
 * `aud` (the audience the token was issued for) and `sub` (the subject) decide who gets the role —
 * for GitHub, AWS recommends evaluating `token.actions.githubusercontent.com:sub`, or any repository
 * of any owner can assume it. SAML trusts check `SAML:aud`.
 */
import { ParsedStatement, allows, coversAction, requiredEntries } from "../model/documents";
import { documentRule } from "../model/rule";

/** The host part of an OIDC provider ARN (`arn:aws:iam::<account>:oidc-provider/<host>`), or the Cognito principal itself. */
function oidcHost(federated: string): string | undefined {
    const m = /:oidc-provider\/(.+)$/.exec(federated);
    return m ? m[1] : /^cognito-identity\.amazonaws\.com$/.test(federated) ? federated : undefined;
}

const anything = (v: string) => /^[*?]*\*[*?]*$/.test(v);

/** What keeps one federated statement from naming who may assume the role. */
function federatedProblems(s: ParsedStatement): string[] {
    const out: string[] = [];
    for (const federated of s.principal?.federated ?? []) {
        const host = oidcHost(federated);
        if (host) {
            if (!coversAction(s, "sts:AssumeRoleWithWebIdentity")) continue;
            const aud = requiredEntries(s, `${host}:aud`).flatMap((c) => c.values);
            const sub = requiredEntries(s, `${host}:sub`).flatMap((c) => c.values);
            if (aud.length === 0 || aud.some(anything)) out.push(`${s.label}: trusts ${federated} without a condition on ${host}:aud naming the audience; add {"StringEquals": {"${host}:aud": "<audience>"}}`);
            if (host === "cognito-identity.amazonaws.com") continue;
            if (sub.length === 0) out.push(`${s.label}: trusts ${federated} without a condition on ${host}:sub, so every subject the provider issues tokens to (for GitHub: every repository of every owner) may assume the role; name the subject`);
            else if (sub.some((v) => anything(v) || /^repo:[*?]/.test(v))) out.push(`${s.label}: ${host}:sub ${JSON.stringify(sub.find((v) => anything(v) || /^repo:[*?]/.test(v)))} admits any subject (any owner's repository); name the owner and repository (repo:<owner>/<repo>:…)`);
        } else if (/:saml-provider\//.test(federated) && coversAction(s, "sts:AssumeRoleWithSAML")) {
            const aud = requiredEntries(s, "SAML:aud").flatMap((c) => c.values);
            if (aud.length === 0 || aud.some(anything)) out.push(`${s.label}: trusts ${federated} without a condition on SAML:aud; add {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}`);
        }
    }
    return out;
}

export const federatedTrustBound = documentRule({
    name: "federated-trust-bound",
    description: "A trust that admits an OIDC identity provider (`Federated` `…:oidc-provider/<host>`: GitHub Actions, an EKS " +
        "cluster; or Cognito) for sts:AssumeRoleWithWebIdentity names the audience (`<host>:aud`, not a wildcard) and the subject " +
        "(`<host>:sub`, not a wildcard, for GitHub not `repo:*`): otherwise anyone the provider issues tokens to may assume the role. " +
        "A SAML provider's trust checks `SAML:aud`.",
    remediation: "Add {\"StringEquals\": {\"<host>:aud\": \"<audience>\"}, \"StringLike\": {\"<host>:sub\": \"repo:<owner>/<repo>:*\"}} (or the subject your provider issues).",
    kinds: ["trust"],
    check: (document) => allows(document).flatMap(federatedProblems),
});
