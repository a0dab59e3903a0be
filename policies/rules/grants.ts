/**
 * Rules on what identity policies grant, and on what: PassRole, S3, KMS, STS and ENI creation
 * must each be scoped to what the plane needs (the rule table, docs/reference/policies.md). Actions are matched the way IAM evaluates
 * them (wildcards, NotAction), and only actions that have a resource type count as "scopable":
 * `s3:ListAllMyBuckets` or `kms:ListKeys` on `*` are fine, because `*` is all IAM accepts for them.
 */
import { SERVICE } from "../../vocabulary/names";
import { expandAction, expandedNow, resourceArnFormat, statementActions, statementActionsNow } from "../model/actions";
import { ParsedStatement, allows, broadTargets, coversAction, hasWildcard, isWildcardOnly, requiredEntries, requiredValues, wildcardMatch } from "../model/documents";
import { ResourceKind, coversEveryOf, servicesAdmitted } from "../model/meaning";
import { documentRule } from "../model/rule";

const S3_KINDS: readonly ResourceKind[] = ["bucket", "object", "accessPoint"];
const KEY_KINDS: readonly ResourceKind[] = ["key"];
const ROLE_KINDS: readonly ResourceKind[] = ["role"];
const IAM_KINDS: readonly ResourceKind[] = ["anyIam"];

/**
 * Whether a Resource pattern covers every resource of a kind, by what it matches (./meaning):
 * `*`, `arn:aws:s3:::*`, `arn:*:s3:::*` (buckets and objects), `arn:aws:iam::*:role*`, `arn:aws:kms:?????????:*:*` …
 * S3 (`typePrefix` ""): every bucket, every object of every bucket, or every access point; KMS
 * (`key/`): every key; IAM (`role/`): every role.
 */
export function coversEvery(resource: string, service: string, typePrefix: string): boolean {
    // An exact ARN names one resource: it covers no kind, and no name segment matches every name.
    if (!hasWildcard(resource)) return false;
    // Asked again of the same patterns by every rule and for every resource holding the document: answered once each.
    let byPattern = coveringAnswers.get(typePrefix)?.get(service);
    if (!byPattern) {
        let byService = coveringAnswers.get(typePrefix);
        if (!byService) coveringAnswers.set(typePrefix, (byService = new Map()));
        byService.set(service, (byPattern = new Map()));
    }
    let found = byPattern.get(resource);
    if (found === undefined) {
        found = coversEveryNow(resource, service, typePrefix);
        if (++coveringSize > 50_000) {
            for (const byService of coveringAnswers.values()) for (const answers of byService.values()) answers.clear();
            coveringSize = 1;
        }
        byPattern.set(resource, found);
    }
    return found;
}

/** {@link coversEvery}'s answers by type prefix, service and pattern (bounded, as coversEveryOf's are). */
const coveringAnswers = new Map<string, Map<string, Map<string, boolean>>>();
let coveringSize = 0;

function coversEveryNow(resource: string, service: string, typePrefix: string): boolean {
    const kinds = service === "s3" ? S3_KINDS : service === "kms" ? KEY_KINDS : typePrefix === "role/" ? ROLE_KINDS : IAM_KINDS;
    for (let i = 0; i < kinds.length; i++) if (coversEveryOf(resource, kinds[i])) return true;
    // A prefix in every bucket or access point (`arn:aws:s3:::*` + `/input/*`): the name segment matches any name.
    if (service !== "s3") return false;
    const parts = resource.split(":");
    const rest = parts.slice(5).join(":");
    const name = (parts[3] || parts[4]) && rest.startsWith("accesspoint/") ? rest.slice("accesspoint/".length).split("/")[0] : rest.split("/")[0];
    return parts[0] === "arn" && wildcardMatch(parts[2] ?? "", "s3") && name !== undefined && ["zq-bucket-1", "a.b-c9", "q"].every((n) => wildcardMatch(name, n));
}

/**
 * Which Resource patterns cover every resource of a kind, for {@link broadTargets} (the resources a statement
 * applies to that do; NotResource counts as covering): one function per service and type prefix, not a closure per statement.
 */
function coveringEvery(service: string, typePrefix: string): (resource: string) => boolean {
    return (resource) => coversEvery(resource, service, typePrefix);
}

const everyRole = coveringEvery("iam", "role/");

export const iamPassRoleScoped = documentRule({
    name: "iam-passrole-scoped",
    remediation: "Name the role(s) to pass by ARN and add {\"StringEquals\": {\"iam:PassedToService\": \"emr-serverless.amazonaws.com\"}}.",
    description: "iam:PassRole (however granted: `iam:PassRole`, `iam:Pass*`, `iam:*`, NotAction) is never on `*` or on every role " +
        "(`arn:aws:iam::<account>:role/*`), and always requires `iam:PassedToService` (StringEquals/StringLike, not a wildcard). " +
        "Name the runtime role's ARN and the service it is passed to (`emr-serverless.amazonaws.com`).",
    kinds: ["identity"],
    check: (document) => {
        const out: string[] = [];
        for (const s of allows(document).filter((x) => coversAction(x, "iam:PassRole"))) {
            const broad = broadTargets(s, everyRole);
            if (broad.length) out.push(`${s.label}: iam:PassRole on ${broad.join(", ")} lets the holder pass any role; name the role(s) to pass by ARN`);
            const entries = requiredEntries(s, "iam:PassedToService");
            if (entries.length === 0) out.push(`${s.label}: iam:PassRole without a Condition on iam:PassedToService lets the role be passed to any service; add {"StringEquals": {"iam:PassedToService": "${SERVICE.emrServerless}"}}`);
            // Judged by what the values admit: `*`, `*.amazonaws.com` or `*serverless*` under StringLike admit several services.
            const admitted = new Set(entries.flatMap((c) => servicesAdmitted(c.operator, c.values)));
            const values = JSON.stringify(entries.flatMap((c) => c.values));
            if ([...admitted].some((x) => x.startsWith("zz-"))) out.push(`${s.label}: iam:PassedToService ${values} admits any service; name the service with StringEquals`);
            else if (admitted.size > 1) out.push(`${s.label}: iam:PassedToService ${values} admits several services (${[...admitted].join(", ")}); name the one service with StringEquals`);
        }
        return out;
    },
});

/** What a "grants scoped" rule judges, for one service. */
interface ScopedGrants {
    /** The service whose actions count, and the service in its resources' ARNs (sts:AssumeRole acts on iam roles). */
    service: string; resourceService: string; typePrefix: string;
    noun: string; fix: string;
    /** Only these actions of the service count (default: every action with a resource type). */
    only?: string[];
    /** Actions a statement may grant on every resource of the kind when it pins them to fixed tags (see {@link tagPinned}). */
    tagPinned?: (s: ParsedStatement, action: string) => boolean;
}

/** A "grants scoped" rule for one service: no scopable action of it on every resource of its kind. */
function scopedGrantsRule(spec: ScopedGrants & { name: string; description: string; remediation: string; settings?: boolean }) {
    const judged = { ...spec, broad: coveringEvery(spec.resourceService, spec.typePrefix) };
    return documentRule({
        name: spec.name,
        description: spec.description,
        remediation: spec.remediation,
        settings: spec.settings,
        kinds: ["identity"],
        // Known at once when the actions of every statement on every resource of the kind are (after a big
        // stack's first documents, nearly always); else once they are.
        check: (document) => {
            const allowed = allows(document);
            return scopedGrantsNow(judged, allowed) ?? scopedGrantsLater(judged, allowed);
        },
    });
}

/**
 * The scoped-grants verdict on a document's Allow statements (`allowed`), or undefined when the
 * actions a statement on every resource of the kind grants are not known yet.
 */
function scopedGrantsNow(spec: ScopedGrants & { broad: (resource: string) => boolean }, allowed: readonly ParsedStatement[]): string[] | undefined {
    const out: string[] = [];
    // Indexed loops (../model/statements.ts): judged once per distinct document, this code mostly runs cold.
    for (let i = 0; i < allowed.length; i++) {
        const s = allowed[i];
        const broad = broadTargets(s, spec.broad);
        if (broad.length === 0) continue;
        const actions = statementActionsNow(s, spec.service);
        if (!actions) return undefined;
        const granted = actions.filter((a) => a.scoped && (!spec.only || spec.only.includes(a.name)) && !spec.tagPinned?.(s, a.name));
        if (granted.length === 0) continue;
        const names = granted.slice(0, 4).map((a) => a.name).join(", ") + (granted.length > 4 ? ` and ${granted.length - 4} more` : "");
        out.push(`${s.label}: grants ${names} on ${broad.join(", ")}, which is every ${spec.noun}; ${spec.fix}`);
    }
    return out;
}

/** {@link scopedGrantsNow} once the actions of every statement on every resource of the kind are known. */
async function scopedGrantsLater(spec: ScopedGrants & { broad: (resource: string) => boolean }, allowed: readonly ParsedStatement[]): Promise<string[]> {
    for (let i = 0; i < allowed.length; i++) if (broadTargets(allowed[i], spec.broad).length) await statementActions(allowed[i], spec.service);
    return scopedGrantsNow(spec, allowed)!;
}

export const s3GrantsScoped = scopedGrantsRule({
    name: "s3-grants-scoped",
    remediation: "Name the buckets and prefixes (arn:aws:s3:::<bucket>/logs/*) or the access point and prefix instead of every bucket.",
    service: "s3",
    resourceService: "s3",
    typePrefix: "",
    noun: "bucket or access point",
    description: "S3 actions that take a resource are granted on named buckets or access points, never on `*`, `arn:aws:s3:::*`, " +
        "`arn:aws:s3:::*/*` or `arn:aws:s3:<region>:<account>:accesspoint/*` (actions with no resource type, like " +
        "s3:ListAllMyBuckets, are allowed on `*`). Name the bucket(s) or access point and prefixes.",
    fix: "name the bucket and prefix (arn:aws:s3:::<bucket>/logs/*), or the access point and prefix (arn:aws:s3:<region>:<account>:accesspoint/<name>/object/input/*)",
});

/** Whether a statement requires condition keys with this prefix (`aws:ResourceTag/`) to fixed values: StringEquals, no wildcard. */
export function pinsTags(s: ParsedStatement, prefix: string): boolean {
    const lower = prefix.toLowerCase();
    const pins = s.conditions.filter((c) => c.key.startsWith(lower) && c.operator === "StringEquals");
    return pins.length > 0 && pins.every((c) => c.values.length > 0 && !c.values.some(hasWildcard));
}

/**
 * KMS keys have random ids: a deployer that creates them can only name them by their tags. A
 * statement on every key passes when it requires the keys' tags (`aws:ResourceTag/<key>`, fixed
 * values); `kms:TagResource` also when it requires the tags it adds (`aws:RequestTag/<key>`): "To add
 * tags when creating a KMS key, the caller must have kms:TagResource permission … [covering] all
 * KMS keys in the account and Region" (AWS KMS Developer Guide, "Managing KMS key tags with API operations").
 */
function kmsTagPinned(s: ParsedStatement, action: string): boolean {
    return pinsTags(s, "aws:ResourceTag/") || (action.toLowerCase() === "kms:tagresource" && pinsTags(s, "aws:RequestTag/"));
}

export const kmsGrantsScoped = scopedGrantsRule({
    name: "kms-grants-scoped",
    remediation: "Name the bucket key's ARN (arn:aws:kms:<region>:<account>:key/<id>) instead of every key.",
    service: "kms",
    resourceService: "kms",
    typePrefix: "key/",
    noun: "KMS key",
    description: "KMS actions that take a key are granted on named keys, never on `*` or `arn:aws:kms:*:*:key/*` (the source " +
        "document's pattern): the roles may use the resource bucket's own key only. Name the key's ARN. A grant on every key " +
        "passes when it requires the keys' tags to fixed values (`aws:ResourceTag/<key>` with StringEquals), and kms:TagResource " +
        "when it requires the tags it adds (`aws:RequestTag/<key>`): an onboarding deployer names keys it creates by their tags.",
    tagPinned: kmsTagPinned,
    fix: "name the bucket key's ARN",
});

export const stsAssumeRoleScoped = scopedGrantsRule({
    name: "sts-assume-role-scoped",
    remediation: "List the role ARNs to assume, or a launch-role name prefix (arn:aws:iam::*:role/emr-dataplane-launch*), instead of every role.",
    service: "sts",
    resourceService: "iam",
    typePrefix: "role/",
    noun: "role",
    only: ["sts:AssumeRole"],
    description: "sts:AssumeRole is granted on named roles or a role-name prefix (`arn:aws:iam::*:role/emr-dataplane-launch*`), never " +
        "on `*` or every role (`arn:aws:iam::*:role/*`).",
    fix: "list the role ARNs, or a name prefix like arn:aws:iam::*:role/<prefix>*",
});

export const eniOnlyViaEmrServerless = documentRule({
    name: "eni-only-via-emr-serverless",
    remediation: "Add {\"StringEquals\": {\"aws:CalledViaLast\": \"ops.emr-serverless.amazonaws.com\"}} to the statement granting ec2:CreateNetworkInterface.",
    description: "ec2:CreateNetworkInterface is granted only through EMR Serverless: the statement requires " +
        `\`aws:CalledViaLast\` = \`${SERVICE.emrServerlessOps}\` (StringEquals), so the holder cannot create network interfaces directly.`,
    kinds: ["identity"],
    check: (document) => {
        const out: string[] = [];
        for (const s of allows(document).filter((x) => coversAction(x, "ec2:CreateNetworkInterface"))) {
            const via = requiredValues(s, "aws:CalledViaLast");
            if (!via || via.length === 0 || via.some((v) => v.toLowerCase() !== SERVICE.emrServerlessOps)) {
                out.push(`${s.label}: grants ec2:CreateNetworkInterface ${via ? `via ${JSON.stringify(via)}` : "directly"}; add {"StringEquals": {"aws:CalledViaLast": "${SERVICE.emrServerlessOps}"}}`);
            }
        }
        return out;
    },
});

/** Actions the dedicated rules above judge on their own terms. */
const DEDICATED = (action: string) => /^(s3|kms):/i.test(action) || ["sts:assumerole", "iam:passrole", "ec2:createnetworkinterface"].includes(action.toLowerCase());

export const resourceActionsNotOnStar = documentRule({
    name: "resource-actions-not-on-star",
    remediation: "Grant the action on the ARNs of the resources it needs (the service authorization reference names their format); keep * for actions with no resource type only.",
    description: "An action that has a resource type in the service authorization reference is granted on the resources it needs, " +
        "not on `*` (the source document granted every EMR Serverless action on `*`; ours scope them to the account's " +
        "applications and job runs). Actions with no resource type — emr-serverless:CreateApplication, ListApplications, " +
        "s3:ListAllMyBuckets — can only be granted on `*` and pass. S3, KMS, sts:AssumeRole, iam:PassRole and ENI creation " +
        "have their own rules.",
    kinds: ["identity"],
    check: (document) => {
        const allowed = allows(document);
        // Only an Allow on `*` or NotResource has anything to say (and to wait for): most name their resources, known at once.
        for (let i = 0; i < allowed.length; i++) if (onStar(allowed[i])) return actionsOnStar(allowed);
        return [];
    },
});

/** Whether a statement grants actions on `*` (or a wildcard-only pattern) or NotResource. */
function onStar(s: ParsedStatement): boolean {
    return Boolean(s.actions && (s.notResources || (s.resources ?? []).some(isWildcardOnly)));
}

/** resource-actions-not-on-star's verdict on a document's Allow statements (`allowed`), once one is on `*`. */
async function actionsOnStar(allowed: readonly ParsedStatement[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < allowed.length; i++) {
        const s = allowed[i];
        if (!onStar(s) || !s.actions) continue;
        const scoped = new Set<string>();
        for (let p = 0; p < s.actions.length; p++) {
            const pattern = s.actions[p];
            // Actions whose resource type is optional and that touch no permissions take `*` as a normal resource.
            const { actions } = expandedNow(pattern) ?? await expandAction(pattern);
            for (let k = 0; k < actions.length; k++) {
                const a = actions[k];
                if (a.scoped && !a.optionalOnly && !DEDICATED(a.name)) scoped.add(a.name);
            }
        }
        if (scoped.size === 0) continue;
        const names = [...scoped];
        const format = await resourceArnFormat(names[0]);
        out.push(`${s.label}: grants ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""} on ${s.notResources ? "NotResource" : "\"*\""}; ` +
            `name their resources${format ? ` (${names[0]} takes ${format})` : ""}`);
    }
    return out;
}
