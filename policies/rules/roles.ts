/**
 * Stack-level rules on the plane's two roles: the runtime role is trusted by EMR Serverless
 * alone, and the launch principal's PassRole resolves to exactly the runtime role(s) of the
 * same stack — however the launch permissions are held (inline, RolePolicy, or a managed
 * Policy attached to a role that may not even be in the stack).
 */
import { SERVICE } from "../../vocabulary/names";
import { ParsedDocument, ParsedStatement, admitsEmrServerless, allows, coversAction, hasWildcard, principalList, requiredValues, wildcardMatch } from "../model/documents";
import { Finding, stackRule } from "../model/rule";
import { RoleView, StackModel } from "../model/stackModel";

export const RUNTIME_ROLE_COMPONENT = "emr-dataplane:index:RuntimeRole";

/** ARNs the stack's identity documents pass with iam:PassRole to EMR Serverless. */
function passedToEmrServerless(model: StackModel): Set<string> {
    const out = new Set<string>();
    // A document held in many places (an AWS managed policy attached to every role) passes the same roles: read it once.
    const seen = new Set<ParsedDocument>();
    // Indexed loops (../model/statements.ts).
    const documents = model.identityDocuments();
    for (let i = 0; i < documents.length; i++) {
        const doc = documents[i];
        if (doc.read.status !== "ok" || seen.has(doc.read.document)) continue;
        seen.add(doc.read.document);
        const statements = doc.read.document.statements;
        for (let j = 0; j < statements.length; j++) {
            const s = statements[j];
            if (s.effect !== "Allow" || !coversAction(s, "iam:PassRole")) continue;
            const services = requiredValues(s, "iam:PassedToService") ?? [];
            if (services.some((v) => v.toLowerCase() === SERVICE.emrServerless)) {
                for (const r of s.resources ?? []) out.add(r);
            }
        }
    }
    return out;
}

/** The stack's runtime roles: under a RuntimeRole component, or trusted by EMR Serverless. */
function runtimeRoles(model: StackModel): RoleView[] {
    return model.roles().filter((r) => model.within(r.resource, RUNTIME_ROLE_COMPONENT)
        || (r.trust?.status === "ok" && allows(r.trust.document).some(admitsEmrServerless)));
}

function roleLabel(r: RoleView): string {
    return `role ${r.name ?? r.resource.name}`;
}

export const runtimeRoleTrustedOnlyByEmrServerless = stackRule({
    name: "runtime-role-trusted-only-by-emr-serverless",
    remediation: "Trust emr-serverless.amazonaws.com only in the runtime role, with aws:SourceAccount and aws:SourceArn; give other principals a role of their own.",
    description: `The stack's runtime role — a role under a RuntimeRole component, or any role the stack passes to EMR Serverless — ` +
        `is trusted by ${SERVICE.emrServerless} and nothing else (runtime-role-trust checks its conditions).`,
    check: (model) => {
        const findings: Finding[] = [];
        const passed = passedToEmrServerless(model);
        for (const role of model.roles()) {
            const isRuntime = model.within(role.resource, RUNTIME_ROLE_COMPONENT) || (role.arn !== undefined && passed.has(role.arn));
            if (!isRuntime || role.trust?.status !== "ok") continue;
            const trusted = allows(role.trust.document);
            if (!trusted.some(admitsEmrServerless)) {
                const who = trusted.flatMap((s) => principalList(s.principal));
                findings.push({
                    urn: role.resource.urn,
                    message: `${roleLabel(role)} is ${passed.has(role.arn ?? "") ? "passed to EMR Serverless" : "the runtime role"} but its trust admits ${who.length ? who.join(", ") : "no one"}; trust ${SERVICE.emrServerless} only, with aws:SourceAccount and aws:SourceArn`,
                });
            }
        }
        return findings;
    },
});

/**
 * Whether a PassRole statement can pass roles to EMR Serverless: its iam:PassedToService admits
 * it, or is missing (iam-passrole-scoped reports that). PassRole to other services — a Step
 * Functions state machine's own role to `states.amazonaws.com` — is not the launcher's.
 */
function passesToEmrServerless(s: ParsedStatement): boolean {
    const services = requiredValues(s, "iam:PassedToService");
    return !services || services.some((v) => wildcardMatch(v, SERVICE.emrServerless, true));
}

export const launchPassRoleIsRuntimeRole = stackRule({
    name: "launch-passrole-is-runtime-role",
    remediation: "Make every iam:PassRole to EMR Serverless name the runtime role's exact ARN.",
    description: "Every iam:PassRole to EMR Serverless the stack grants (inline, RolePolicy, or a managed Policy wherever it is " +
        "attached) names exactly one role by its ARN — not a pattern — and, when the stack has its own runtime role (under a " +
        "RuntimeRole component, or trusted by EMR Serverless), that role: so the launcher starts jobs as the runtime role and as " +
        "nothing else. A stack without one (a launcher stack given the plane's runtime role ARN) must still name it exactly.",
    check: (model) => {
        const findings: Finding[] = [];
        const runtimeArns = new Set(runtimeRoles(model).map((r) => r.arn).filter((a): a is string => !!a));
        for (const doc of model.identityDocuments()) {
            if (doc.read.status !== "ok") continue;
            const holder = doc.holders.length ? ` (held by ${doc.holders.join(", ")})` : "";
            for (const s of allows(doc.read.document).filter((x) => coversAction(x, "iam:PassRole") && passesToEmrServerless(x))) {
                const targets = s.notResources ? [`NotResource ${JSON.stringify(s.notResources)}`]
                    : (s.resources ?? []).filter((r) => hasWildcard(r) || (runtimeArns.size > 0 && !runtimeArns.has(r)));
                for (const target of targets) {
                    const why = runtimeArns.size ? `which is not a runtime role of this stack (runtime roles: ${[...runtimeArns].join(", ")})` : "which is not one role's ARN";
                    findings.push({
                        urn: doc.resource.urn,
                        message: `${doc.site.path}: ${s.label}${holder} passes ${target}, ${why}; PassRole must name exactly the runtime role's ARN`,
                    });
                }
            }
        }
        return findings;
    },
});
