/**
 * Privilege escalation: actions that change permissions or identities — putting or attaching
 * role, user or group policies, new policy versions, updating a trust, creating access keys or
 * login profiles, adding users to groups, key policies and grants — granted on broad resources let
 * the holder make itself (or anyone) an administrator ("Actions, resources, and condition keys
 * for AWS Identity and Access Management": these are the Permissions management and Write
 * actions on role, user, group and policy resources). PassRole on broad resources is
 * iam-passrole-scoped's; the runtime role writing the launch catalog is checked here too.
 */
import { Scope, arn, formatArn, parseArn } from "../../vocabulary/arn";
import { ParsedStatement, allows, broadTargets, coversAction } from "../model/documents";
import { Finding, documentRule, stackRule } from "../model/rule";
import { DEFAULT_SETTINGS } from "../model/settings";
import { admitsEmrServerless } from "../model/documents";
import { hasWildcard, wildcardMatch } from "../model/wildcard";

/** Actions that change who may do what. */
export const ESCALATION_ACTIONS = [
    "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutGroupPolicy", "iam:AttachGroupPolicy",
    "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile", "iam:AddUserToGroup", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary", "kms:PutKeyPolicy", "kms:CreateGrant",
    "lambda:UpdateFunctionCode", "lambda:AddPermission", "states:UpdateStateMachine",
];

/**
 * Whether a resource pattern is broad: a wildcard in it, unless a policy variable pins the name to
 * the caller (`user/${aws:username}`: in another account, that account's own policies decide).
 */
function isBroad(resource: string): boolean {
    return hasWildcard(resource) && !CALLER_PINNED.test(resource);
}

const CALLER_PINNED = /\$\{aws:(username|userid)\}$/i;

export const noPrivilegeEscalation = documentRule({
    name: "no-privilege-escalation",
    description: "No Allow grants an action that changes permissions or identities — put/attach role, user or group policies, " +
        "new or default policy versions, UpdateAssumeRolePolicy, access keys, login profiles, group membership, permissions " +
        "boundaries, kms:PutKeyPolicy/CreateGrant, lambda:UpdateFunctionCode/AddPermission, states:UpdateStateMachine — on " +
        "`*`, a pattern or NotResource (however the action is spelt: `iam:Put*`, `iam:*`, NotAction). A pattern pinned to the " +
        "caller with `${aws:username}` is the caller's own and passes.",
    remediation: "Remove the action, or name the exact resource it may change (one role's ARN, one key's ARN); never let a role edit permissions on a pattern.",
    kinds: ["identity"],
    check: (document) => {
        const out: string[] = [];
        const allowed = allows(document);
        for (let i = 0; i < allowed.length; i++) {
            const s = allowed[i];
            // Broad resources first: most statements name exact ones, and then no action list is needed.
            const broad = broadTargets(s, isBroad);
            if (broad.length === 0) continue;
            const actions = ESCALATION_ACTIONS.filter((a) => coversAction(s, a));
            if (actions.length) out.push(`${s.label}: grants ${actions.slice(0, 4).join(", ")}${actions.length > 4 ? ` and ${actions.length - 4} more` : ""} on ${broad.join(", ")}, which lets the holder change permissions beyond its own; name the exact resource, or remove the action`);
        }
        return out;
    },
});

const CATALOG_WRITES = ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:DeleteParameters", "ssm:LabelParameterVersion", "ssm:AddTagsToResource"];

/** One place in no one's account: a catalog parameter and each SSM resource pattern are compared there, whatever their partition, region and account. */
const SAMPLE: Scope = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
function inSample(resource: string): string {
    const p = parseArn(resource);
    return p?.service === "ssm" ? formatArn({ ...p, partition: SAMPLE.partition, region: SAMPLE.region, account: SAMPLE.accountId }) : resource;
}

/**
 * The catalog writes a statement grants on the catalog parameter `catalogArn` (none when it grants
 * none there), per catalog and statement: a document held by every runtime role of a big stack (one
 * permissions policy for a thousand roles) is judged once, not once per role.
 */
function catalogWrites(s: ParsedStatement, catalogArn: string): readonly string[] {
    let byStatement = judgedWrites.get(catalogArn);
    if (!byStatement) judgedWrites.set(catalogArn, (byStatement = new WeakMap()));
    let found = byStatement.get(s);
    if (!found) {
        const writes = CATALOG_WRITES.filter((a) => coversAction(s, a));
        const onCatalog = writes.length > 0 && (s.notResources !== undefined || (s.resources ?? []).some((r) => wildcardMatch(inSample(r), catalogArn)));
        byStatement.set(s, (found = onCatalog ? writes : NO_WRITES));
    }
    return found;
}

const NO_WRITES: readonly string[] = [];
const judgedWrites = new Map<string, WeakMap<ParsedStatement, readonly string[]>>();

export const runtimeRoleNotCatalogWriter = stackRule({
    name: "runtime-role-not-catalog-writer",
    description: "No role EMR Serverless runs jobs as (trusted by emr-serverless.amazonaws.com) may write the launch catalog " +
        "(ssm:PutParameter, DeleteParameter(s), LabelParameterVersion, AddTagsToResource on a parameter under the catalog " +
        "root, by any pattern or NotResource): a job could otherwise rewrite a profile to swap the role the next launch passes.",
    remediation: "Remove Parameter Store writes from the runtime role; deploy the catalog with the stack (LaunchProfile, LaunchConfiguration).",
    settings: true,
    check: (model, settings) => {
        const findings: Finding[] = [];
        const root = settings.catalogRoot ?? DEFAULT_SETTINGS.catalogRoot;
        const catalogArn = arn.ssmParameter(SAMPLE, `${root}/profiles/zq/zq`);
        for (const role of model.roles().filter((r) => r.trust?.status === "ok" && allows(r.trust.document).some(admitsEmrServerless))) {
            const names = [role.name, role.arn, role.resource.name].filter((n): n is string => !!n);
            for (const doc of model.documentsHeldBy(names)) {
                if (doc.read.status !== "ok") continue;
                for (const s of allows(doc.read.document)) {
                    const writes = catalogWrites(s, catalogArn);
                    if (writes.length) findings.push({ urn: doc.resource.urn, message: `${doc.site.path}: ${s.label} lets runtime role ${role.name ?? role.resource.name} ${writes.join(", ")} on the launch catalog (${root}/…); a job could rewrite a launch profile — remove the write` });
                }
            }
        }
        return findings;
    },
});
