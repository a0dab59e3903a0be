/**
 * The onboarding stack's IAM, built from a plane's calls (./plane.ts, from the table): the
 * deployer's permissions split into managed policies by service (each under IAM's 6,144-character
 * managed-policy quota, "IAM and AWS STS quotas"), its guard (what it may never do), its trust, and
 * the permissions boundary every role it creates must carry.
 *
 * The boundary follows AWS's delegation pattern (IAM User Guide, "Permissions boundaries for IAM
 * entities", delegating responsibility to others): role writes only with `iam:PermissionsBoundary`
 * equal to the boundary, never `iam:DeleteRolePermissionsBoundary`, never an edit of the boundary
 * policy or of the deployer's own role and policies.
 */
import type { PolicyDocument, Statement as PolicyStatement } from "../../components/iam/document";
import { SERVICE } from "../../vocabulary/names";
import type { RegisteredResource } from "../recorded";
import { revealOrMask } from "../offline/run";
import { Call, PlaneFacts, arnOf, callsOf } from "./plane";
import { BOUNDARY_GATED, Kind, TAGGED_KINDS } from "./table";

/** IAM's size quota of one managed policy, white space not counted ("IAM and AWS STS quotas"). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** Names of the onboarding stack's IAM resources: outside the plane's name prefix, so no grant of the plane's matches them. */
export interface OnboardingNames {
    deployerRole: string;
    boundaryPolicy: string;
    /** Prefix of the deployer's managed policies (`<prefix>-ec2`, `<prefix>-guard`…). */
    deployerPolicyPrefix: string;
}

export function onboardingNames(customerId: string): OnboardingNames {
    return {
        deployerRole: `dataplane-deployer-${customerId}`,
        boundaryPolicy: `dataplane-boundary-${customerId}`,
        deployerPolicyPrefix: `dataplane-deployer-${customerId}`,
    };
}

export interface NamedPolicy {
    /** The managed policy's name (the CloudFormation logical id is derived from it). */
    name: string;
    document: PolicyDocument;
}

export interface OnboardingIam {
    names: OnboardingNames;
    deployerRoleArn: string;
    boundaryArn: string;
    /** The deployer's permissions, by service, then its guard (deny statements) last. */
    deployerPolicies: NamedPolicy[];
    boundary: NamedPolicy;
    /** The trust policy with the ExternalId a placeholder: the template and the program put theirs in. */
    trust: (externalId: string) => PolicyDocument;
}

/** The size IAM counts: the document's JSON without white space outside strings. */
export function policySize(document: PolicyDocument): number {
    return JSON.stringify(document).length;
}

function policyArn(facts: PlaneFacts, name: string): string {
    return `arn:${facts.scope.partition}:iam::${facts.scope.accountId}:policy/${name}`;
}

/** The ARN pattern a statement names for every resource of a kind the plane may touch. */
function patternsOf(facts: PlaneFacts, kind: Kind): string[] {
    switch (kind) {
        case "bucket": return facts.bucketPatterns.map((p) => `arn:${facts.scope.partition}:s3:::${p}`);
        case "role": return facts.roleNames.map((n) => arnOf(facts.scope, "role", n));
        case "log-group": return facts.logGroupNames.map((n) => arnOf(facts.scope, "log-group", n));
        case "service-linked-role": return [arnOf(facts.scope, kind, "*")];
        case "*": return ["*"];
        default: return [arnOf(facts.scope, kind, "*")];
    }
}

function requestTagCondition(facts: PlaneFacts): Record<string, Record<string, string | string[]>> {
    return {
        StringEquals: Object.fromEntries(Object.entries(facts.planeTags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
        "ForAllValues:StringEquals": { "aws:TagKeys": facts.tagKeys },
    };
}

function resourceTagCondition(facts: PlaneFacts): Record<string, Record<string, string>> {
    return { StringEquals: Object.fromEntries(Object.entries(facts.planeTags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])) };
}

const SID_WORD = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");

/** How a call is scoped: one statement per (kind, scope class). */
function classOf(call: Call): string {
    if (call.kind === "role") return BOUNDARY_GATED.includes(call.action) ? "WithBoundary" : "";
    if (call.createAction) return "TagOnCreate";
    if (call.requestTags) return "NewTagged";
    if (TAGGED_KINDS.includes(call.kind)) return "Tagged";
    return "";
}

function statementFor(facts: PlaneFacts, boundaryArn: string, kind: Kind, cls: string, actions: string[], createActions: string[], exact: string[]): PolicyStatement {
    const service = actions[0].split(":")[0];
    const statement: PolicyStatement = {
        Sid: SID_WORD(`${service} ${kind === "*" ? "any" : kind} ${cls}`),
        Effect: "Allow",
        Action: actions.sort(),
        Resource: kind === "exact" ? exact.sort() : patternsOf(facts, kind),
    };
    if (cls === "WithBoundary") statement.Condition = { ArnEquals: { "iam:PermissionsBoundary": boundaryArn } };
    else if (cls === "NewTagged") statement.Condition = requestTagCondition(facts);
    else if (cls === "TagOnCreate") {
        const c = requestTagCondition(facts);
        statement.Condition = { ...c, StringEquals: { ...c.StringEquals, "ec2:CreateAction": createActions.sort() } };
    } else if (cls === "Tagged") statement.Condition = resourceTagCondition(facts);
    else if (kind === "service-linked-role") statement.Condition = { StringEquals: { "iam:AWSServiceName": SERVICE.emrServerlessOps } };
    return statement;
}

/** The deployer's Allow statements, grouped by service: exactly the plane's calls, each scoped as tightly as its action allows. */
export function deployerStatements(facts: PlaneFacts, boundaryArn: string): Map<string, PolicyStatement[]> {
    const groups = new Map<string, { kind: Kind; cls: string; actions: Set<string>; createActions: Set<string>; exact: Set<string> }>();
    for (const call of callsOf(facts)) {
        const cls = classOf(call);
        const service = call.action.split(":")[0];
        // A look-up's exact resources: one statement per resource set, so no action reaches another's resource.
        const key = call.kind === "exact" ? `${service}|exact|${call.resource}` : `${service}|${call.kind}|${cls}`;
        const g = groups.get(key) ?? { kind: call.kind, cls, actions: new Set<string>(), createActions: new Set<string>(), exact: new Set<string>() };
        g.actions.add(call.action);
        if (call.createAction) g.createActions.add(call.createAction);
        if (call.kind === "exact") g.exact.add(call.resource);
        groups.set(key, g);
    }
    const byService = new Map<string, PolicyStatement[]>();
    for (const [key, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        const service = key.split("|")[0];
        const list = byService.get(service) ?? [];
        // Look-ups of several exact resources of one service: numbered, Sids stay unique.
        const cls = g.kind === "exact" ? `Lookup${list.filter((x) => String(x.Sid).includes("ExactLookup")).length + 1}` : g.cls;
        list.push(statementFor(facts, boundaryArn, g.kind, cls, [...g.actions], [...g.createActions], [...g.exact]));
        byService.set(service, list);
    }
    return byService;
}

/** What the deployer may never do, whatever else it is granted. */
export function guardStatements(facts: PlaneFacts, names: OnboardingNames, policyNames: string[]): PolicyStatement[] {
    const roleArn = arnOf(facts.scope, "role", names.deployerRole);
    return [
        { Sid: "NeverRemoveABoundary", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
        {
            Sid: "NeverEditItsOwnRole", Effect: "Deny",
            Action: ["iam:AttachRolePolicy", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
                "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"],
            Resource: roleArn,
        },
        {
            Sid: "NeverEditTheBoundaryOrItsPolicies", Effect: "Deny",
            Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
            Resource: [names.boundaryPolicy, ...policyNames].map((n) => policyArn(facts, n)),
        },
    ];
}

/** Splits statements into documents each within the managed-policy quota. */
function chunk(statements: PolicyStatement[]): PolicyDocument[] {
    const docs: PolicyDocument[] = [];
    let current: PolicyStatement[] = [];
    for (const s of statements) {
        const next = [...current, s];
        if (current.length > 0 && policySize({ Version: "2012-10-17", Statement: next }) > MANAGED_POLICY_MAX_CHARS) {
            docs.push({ Version: "2012-10-17", Statement: current });
            current = [s];
        } else current = next;
    }
    if (current.length > 0) docs.push({ Version: "2012-10-17", Statement: current });
    return docs;
}

/**
 * The boundary: what the plane's own roles need, read from the inline policies the plan gives them,
 * with the ids only known after deployment (the bucket's generated name, the key's and the
 * application's ids) widened to the plane's name pattern, or to the account's keys or applications
 * carrying the plane's tags. A boundary grants nothing itself: each role keeps its exact policy.
 */
export function boundaryDocument(facts: PlaneFacts, resources: RegisteredResource[]): PolicyDocument {
    const widen: Array<[string, string]> = [];
    const tagScoped = new Set<string>();
    for (const r of resources.filter((x) => x.custom)) {
        const outputs = revealOrMask(r.outputs, "[secret]") as Record<string, unknown>;
        if (r.type === "aws:s3/bucket:Bucket" && typeof r.inputs.bucketPrefix === "string" && typeof outputs.bucket === "string") widen.push([outputs.bucket, `${r.inputs.bucketPrefix}*`]);
        if (r.type === "aws:kms/key:Key" && typeof outputs.arn === "string") {
            widen.push([outputs.arn, arnOf(facts.scope, "key", "*")]);
            tagScoped.add(arnOf(facts.scope, "key", "*"));
        }
        if (r.type === "aws:emrserverless/application:Application" && r.id) widen.push([`/applications/${r.id}`, "/applications/*"]);
    }
    const statements: PolicyStatement[] = [];
    for (const r of resources.filter((x) => x.type === "aws:iam/rolePolicy:RolePolicy")) {
        const text = (revealOrMask(r.inputs, "[secret]") as Record<string, unknown>).policy;
        if (typeof text !== "string") continue;
        const doc = JSON.parse(text) as PolicyDocument;
        for (const s of Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) {
            let json = JSON.stringify(s);
            for (const [from, to] of widen) json = json.split(from).join(to);
            const widened = JSON.parse(json) as PolicyStatement;
            const resourcesOf = ([] as string[]).concat(widened.Resource ?? []);
            if (resourcesOf.some((x) => tagScoped.has(x))) {
                const cond = widened.Condition ?? {};
                widened.Condition = { ...cond, StringEquals: { ...(cond.StringEquals ?? {}), ...resourceTagCondition(facts).StringEquals } };
            }
            widened.Sid = SID_WORD(`${r.inputs.role ?? "role"} ${widened.Sid ?? statements.length}`);
            if (!statements.some((x) => JSON.stringify({ ...x, Sid: "" }) === JSON.stringify({ ...widened, Sid: "" }))) statements.push(widened);
        }
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The whole onboarding IAM of one plane. */
export function onboardingIam(facts: PlaneFacts, resources: RegisteredResource[], deployPrincipalArns: string[]): OnboardingIam {
    const names = onboardingNames(facts.customerId);
    const boundaryArn = policyArn(facts, names.boundaryPolicy);
    const deployerPolicies: NamedPolicy[] = [];
    for (const [service, statements] of deployerStatements(facts, boundaryArn)) {
        const docs = chunk(statements);
        docs.forEach((document, i) => deployerPolicies.push({ name: `${names.deployerPolicyPrefix}-${service}${docs.length > 1 ? `-${i + 1}` : ""}`, document }));
    }
    const guardName = `${names.deployerPolicyPrefix}-guard`;
    deployerPolicies.push({ name: guardName, document: { Version: "2012-10-17", Statement: guardStatements(facts, names, [...deployerPolicies.map((p) => p.name), guardName]) } });
    return {
        names,
        deployerRoleArn: arnOf(facts.scope, "role", names.deployerRole),
        boundaryArn,
        deployerPolicies,
        boundary: { name: names.boundaryPolicy, document: boundaryDocument(facts, resources) },
        trust: (externalId) => ({
            Version: "2012-10-17",
            Statement: [{
                Sid: "VendorDeploysWithExternalId", Effect: "Allow", Principal: { AWS: deployPrincipalArns.length === 1 ? deployPrincipalArns[0] : deployPrincipalArns },
                Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": externalId } },
            }],
        }),
    };
}
