/**
 * A small pure checker for the three resource-policy shapes of cross-account data sources, as the
 * policy pack must enforce them (see components/iam/accessPoints.ts):
 *
 * - access point policy: every Allow names IAM roles as principals (no `*`, no account root, no user);
 * - bucket policy: an Allow to `*` only as the delegation to the owner's access points, carrying
 *   `StringEquals` `s3:DataAccessPointAccount` = one literal account id, data actions only, on the
 *   bucket and its objects only;
 * - key policy: no Allow admits `*`.
 *
 * Returns the violations (empty when the document passes). Tests run it on what we generate and
 * on broken variants that must fail.
 */
import { PolicyDocument, Statement } from "../../components/iam";
import { asList } from "./offline";

export type ResourcePolicyKind = "accessPointPolicy" | "bucketPolicy" | "keyPolicy";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function awsPrincipals(s: Statement): string[] {
    if (s.Principal === "*") return ["*"];
    return asList(s.Principal?.AWS);
}

/** True when the statement's principal is anyone (`*` or `{"AWS": "*"}`) or a wildcard pattern. */
function admitsAnyone(s: Statement): boolean {
    return s.NotPrincipal !== undefined || awsPrincipals(s).some((p) => p.includes("*"));
}

function label(s: Statement, i: number): string {
    return `statement ${s.Sid ?? i}`;
}

function accessPointViolations(doc: PolicyDocument): string[] {
    const out: string[] = [];
    doc.Statement.forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        const principals = awsPrincipals(s);
        if (s.NotPrincipal !== undefined || principals.length === 0 || (s.Principal !== "*" && s.Principal && Object.keys(s.Principal).some((k) => k !== "AWS"))) {
            out.push(`${label(s, i)}: must name IAM roles as its principal (Principal.AWS)`);
            return;
        }
        for (const p of principals) {
            if (!ROLE_ARN.test(p)) out.push(`${label(s, i)}: principal ${JSON.stringify(p)} is not a named role`);
        }
    });
    return out;
}

const DELEGABLE = new Set(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:ListBucket"]);

function bucketViolations(doc: PolicyDocument): string[] {
    const out: string[] = [];
    doc.Statement.forEach((s, i) => {
        if (s.Effect !== "Allow" || !admitsAnyone(s)) return;
        const where = label(s, i);
        const principals = awsPrincipals(s);
        if (s.NotPrincipal !== undefined || principals.some((p) => p !== "*")) {
            out.push(`${where}: a wildcard principal other than "*" is never allowed`);
        }
        const conditions = s.Condition ?? {};
        const account = conditions.StringEquals?.["s3:DataAccessPointAccount"];
        if (account === undefined) {
            out.push(`${where}: an Allow to "*" must carry StringEquals s3:DataAccessPointAccount (delegation to the owner's access points)`);
        } else if (Array.isArray(account) || !/^\d{12}$/.test(account)) {
            out.push(`${where}: s3:DataAccessPointAccount must be one literal 12-digit account, got ${JSON.stringify(account)}`);
        }
        for (const [operator, keys] of Object.entries(conditions)) {
            if (operator !== "StringEquals" && "s3:DataAccessPointAccount" in keys) {
                out.push(`${where}: s3:DataAccessPointAccount must be matched with StringEquals, not ${operator}`);
            }
        }
        if (s.NotAction !== undefined) out.push(`${where}: NotAction is not allowed in the delegation`);
        for (const a of asList(s.Action)) {
            if (!DELEGABLE.has(a)) out.push(`${where}: action ${JSON.stringify(a)} is not a data action access points can grant`);
        }
        const resources = asList(s.Resource);
        const bucketArn = resources.find((r) => /^arn:aws[a-z-]*:s3:::[^/*]+$/.test(r));
        for (const r of resources) {
            if (!bucketArn || (r !== bucketArn && r !== `${bucketArn}/*`)) out.push(`${where}: resource ${JSON.stringify(r)} is not the bucket or its objects`);
        }
        if (s.NotResource !== undefined || resources.length === 0) out.push(`${where}: must name the bucket and its objects as resources`);
    });
    return out;
}

function keyViolations(doc: PolicyDocument): string[] {
    return doc.Statement.flatMap((s, i) => (s.Effect === "Allow" && admitsAnyone(s) ? [`${label(s, i)}: a key policy must not admit "*"`] : []));
}

export function resourcePolicyViolations(kind: ResourcePolicyKind, doc: PolicyDocument): string[] {
    switch (kind) {
        case "accessPointPolicy":
            return accessPointViolations(doc);
        case "bucketPolicy":
            return bucketViolations(doc);
        case "keyPolicy":
            return keyViolations(doc);
    }
}
