/**
 * Rules on the guarded-launch shapes (GuardedLauncher, LaunchProfile, LaunchConfiguration): what
 * closes the two threats of the EMR Launch design, read from the documents and definitions the
 * stack registers.
 *
 *   1. A caller launches a profile/configuration it is not authorized for: callers may start named
 *      state machines only, a state machine's role serves that state machine only, a launcher
 *      starts job runs on named applications only and reads exact catalog parameters.
 *   2. Editing profile metadata makes a launch use another role: a definition never takes a role
 *      from execution data, and everything a launcher starts job runs with — the definition's
 *      `ExecutionRoleArn`, every `iam:PassRole` of its role or of a Lambda it invokes — is its
 *      profile's runtime role, as deployed in the same stack.
 *
 * A secret read through an identity policy is read on exact secret ARNs by job runtime roles only
 * (job code that calls Secrets Manager itself; `EMR.secret@…` references are EMR Serverless's to
 * resolve: ./secrets.ts), and a state machine that launches through a secrets-reading Lambda cannot
 * launch by itself. The generic PassRole shapes (never `*`,
 * always iam:PassedToService, one exact ARN to EMR Serverless) are iam-passrole-scoped and
 * launch-passrole-is-runtime-role; the rules here add what only a launcher must hold.
 */
import { DEFAULT_SETTINGS } from "../model/settings";
import { arnPattern } from "../../vocabulary/arn";
import { LAUNCHER_SERVICE, SERVICE } from "../../vocabulary/names";
import { statementActions } from "../model/actions";
import { ParsedStatement, admitsService, allows, broadTargets, coversAction, hasWildcard, principalList, requiredValues, wildcardMatch } from "../model/documents";
import { LAUNCH_TYPES, documentsOf, launchersOf, readDefinition, roleLabel } from "../model/guardedLaunchModel";
import { patternAccount } from "../model/meaning";
import { Finding, documentRule, resourceRule, stackRule } from "../model/rule";
import { sourceConditionProblems } from "./trust";
import { RoleView, StackModel } from "../model/stackModel";

/** One state machine, or its own qualified forms: a version or alias (`:1`, `:prod`), or all of them (`:*`). */
const STATE_MACHINE_ARN = arnPattern("states", "stateMachine:[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+|:\\*)?");
/** A trust's aws:SourceArn for one state machine: itself, or its versions and aliases (`:*`). */
const STATE_MACHINE_SOURCE = arnPattern("states", "stateMachine:[A-Za-z0-9_-]+(:\\*)?");
/** One secret: its full ARN, or its name with `-??????` standing for the six random characters Secrets Manager appends to a secret's ARN (Secrets Manager API reference, SecretId). */
const SECRET_ARN = arnPattern("secretsmanager", "secret:[A-Za-z0-9/_+=.@-]+-([A-Za-z0-9]{6}|\\?{6})");
const catalogParameterArns = new Map<string, RegExp>();
/** Exact parameter ARNs under the launch catalog's root (a setting). */
function catalogParameterArn(root: string): RegExp {
    let re = catalogParameterArns.get(root);
    if (!re) catalogParameterArns.set(root, (re = arnPattern("ssm", `parameter${root.replace(/[.]/g, "\\.")}/[A-Za-z0-9/_.-]+`)));
    return re;
}
const CATALOG_ROOT = DEFAULT_SETTINGS.catalogRoot;
const APPLICATION_ARN = arnPattern("emr-serverless", "/applications/[A-Za-z0-9]+");
/**
 * Job runs of one named application (`…/applications/<id>/jobruns/*` or one run): StartJobRun is
 * authorized on the application ("Actions, resources, and condition keys for Amazon EMR
 * Serverless"), so naming its job runs in the same statement grants StartJobRun on nothing more.
 */
const APPLICATION_JOB_RUNS = arnPattern("emr-serverless", "/applications/[A-Za-z0-9]+/jobruns/(\\*|[A-Za-z0-9]+)");
const PARAMETER_READS = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath"];

const quoted = (values: string[]) => values.map((v) => JSON.stringify(v)).join(", ");
/** What a statement applies to that is not in `ok`: NotResource counts as everything. */
function resourcesNot(s: ParsedStatement, ok: (resource: string) => boolean): readonly string[] {
    return broadTargets(s, (r) => !ok(r));
}

// ---- threat 2: the role a launch runs as ----------------------------------------------------

export const stateMachineRoleNotFromInput = resourceRule({
    name: "state-machine-role-not-from-input",
    remediation: "Write every role ARN in the definition as a literal fixed at deploy time; remove RoleArn.$/ExecutionRoleArn.$ paths and JSONata role fields.",
    description: "A Step Functions state machine definition takes no IAM role from execution data: no `RoleArn.$`, " +
        "`ExecutionRoleArn.$` or other `…RoleArn.$` path and no JSONata expression in a role field, anywhere in the definition " +
        "(task parameters, `Credentials`). Whoever can start an execution or edit what it reads (a profile parameter) would " +
        "choose the role. Write the role as a literal ARN, fixed at deploy time. A definition not known until apply is skipped.",
    types: [LAUNCH_TYPES.stateMachine],
    check: (props) => {
        const read = readDefinition(props.definition);
        if (read.status === "invalid") return [`definition ${read.problem}: give an Amazon States Language definition`];
        if (read.status !== "ok") return [];
        return read.facts.dynamicRoles.map((path) =>
            `definition ${path} takes the role from execution data; write the role as a literal ARN fixed at deploy time (ExecutionRoleArn: "<the profile's runtime role ARN>")`);
    },
});

/** PassRole of a launcher's role that is not exactly its profile's runtime role, to EMR Serverless. */
function unpinnedPassRoles(model: StackModel, role: RoleView, whose: string, allowed: string[], must: string): Finding[] {
    const findings: Finding[] = [];
    for (const doc of documentsOf(model, role)) {
        for (const s of allows(doc.document).filter((x) => coversAction(x, "iam:PassRole"))) {
            const where = `${doc.site.path}: ${s.label} of ${roleLabel(role)} (${whose})`;
            const wrong = resourcesNot(s, (r) => allowed.includes(r));
            if (wrong.length) findings.push({ urn: doc.resource.urn, message: `${where} passes ${wrong.join(", ")}; it may pass ${must} and no other role` });
            const services = requiredValues(s, "iam:PassedToService");
            if (services?.some((v) => v.toLowerCase() !== SERVICE.emrServerless)) {
                findings.push({ urn: doc.resource.urn, message: `${where} passes to ${quoted(services)}; a launcher passes the runtime role to ${SERVICE.emrServerless} only` });
            }
        }
    }
    return findings;
}

export const launcherPassesProfileRole = stackRule({
    name: "launcher-passes-profile-role",
    remediation: "Build the launcher from its LaunchProfile (GuardedLauncher): its ExecutionRoleArn and every PassRole name the profile's runtime role.",
    description: "A launcher — a state machine that loads a launch profile (`/emr-dataplane/profiles/…`) whose parameter is in the " +
        "same stack — starts job runs as that profile's runtime role and no other: every `ExecutionRoleArn` in its definition, " +
        "and every iam:PassRole of its state machine role and of the " +
        "roles of the Lambda functions it invokes name exactly the runtime role in the profile's deployed value, passed to " +
        `${SERVICE.emrServerless} only. Editing the profile parameter then cannot change the role a launch passes. Build the ` +
        "launcher from its LaunchProfile (GuardedLauncher does).",
    settings: true,
    check: (model, settings) => {
        const findings: Finding[] = [];
        for (const l of launchersOf(model, settings.catalogRoot)) {
            if (l.profiles.length === 0) continue;
            const allowed = l.profiles.map((p) => p.runtimeRoleArn);
            const must = `the runtime role of its profile (${l.profiles.map((p) => `${p.parameter}: ${p.runtimeRoleArn}`).join("; ")})`;
            for (const e of l.facts.executionRoles.filter((x) => !allowed.includes(x.value))) {
                findings.push({ urn: l.stateMachine.urn, message: `${l.label}: definition ${e.path} is ${e.value}; it must be ${must}` });
            }
            if (l.role) findings.push(...unpinnedPassRoles(model, l.role, l.label, allowed, must));
            for (const f of l.functions) {
                if (f.role) findings.push(...unpinnedPassRoles(model, f.role, `${f.label}, invoked by ${l.label}`, allowed, must));
            }
        }
        return findings;
    },
});

/** Whether a role's identity documents allow `action`. */
function roleAllows(model: StackModel, role: RoleView, action: string): boolean {
    return documentsOf(model, role).some((d) => allows(d.document).some((s) => coversAction(s, action)));
}

export const secretsLaunchDelegated = stackRule({
    name: "secrets-launch-delegated",
    remediation: "Remove iam:PassRole and EMR Serverless actions from the state machine's role; let the secrets launcher start job runs.",
    description: "A state machine that launches through a secrets launcher (it invokes a Lambda function whose role reads " +
        "Secrets Manager secrets) has no iam:PassRole and no EMR Serverless action on its own role: the secrets launcher alone " +
        "starts job runs, so the state machine cannot launch around it. Remove them from the state machine's role.",
    settings: true,
    check: async (model, settings) => {
        const findings: Finding[] = [];
        for (const l of launchersOf(model, settings.catalogRoot)) {
            const launchers = l.functions.filter((f) => f.role && roleAllows(model, f.role, "secretsmanager:GetSecretValue"));
            if (!l.role || launchers.length === 0) continue;
            for (const doc of documentsOf(model, l.role)) {
                for (const s of allows(doc.document)) {
                    const granted = [...(coversAction(s, "iam:PassRole") ? ["iam:PassRole"] : []), ...(await statementActions(s, "emr-serverless")).map((a) => a.name)];
                    if (granted.length === 0) continue;
                    const names = granted.slice(0, 4).join(", ") + (granted.length > 4 ? ` and ${granted.length - 4} more` : "");
                    findings.push({
                        urn: doc.resource.urn,
                        message: `${doc.site.path}: ${s.label} lets ${l.label} (${roleLabel(l.role)}), which launches through its secrets launcher ${launchers.map((f) => f.label).join(", ")}, also ${names}; remove them: with secrets the launch is the secrets launcher's alone`,
                    });
                }
            }
        }
        return findings;
    },
});

// ---- threat 1: who may launch what ----------------------------------------------------------

export const startExecutionExactStateMachines = documentRule({
    name: "start-execution-exact-state-machines",
    remediation: "Grant states:StartExecution on the exact ARNs of the state machines the caller may start (GuardedLauncher's callerPolicy).",
    description: "states:StartExecution and states:StartSyncExecution (however granted) are allowed on exact state machine ARNs " +
        "(`arn:aws:states:<region>:<account>:stateMachine:<name>`, or one version or alias of it), never on `*`, a pattern " +
        "(`stateMachine:launch_*`) or NotResource: a caller may start the launchers it is authorized for, and no other. Grant " +
        "the launcher's caller policy (GuardedLauncher's `callerPolicy`).",
    kinds: ["identity"],
    check: (document) => allows(document)
        .filter((s) => coversAction(s, "states:StartExecution") || coversAction(s, "states:StartSyncExecution"))
        .flatMap((s) => {
            const wrong = resourcesNot(s, (r) => STATE_MACHINE_ARN.test(r) || !coversStateMachines(r));
            return wrong.length ? [`${s.label}: starts executions of ${wrong.join(", ")}, which is not one state machine; name each state machine by its exact ARN`] : [];
        }),
});

/** Whether a Resource pattern can match state machines (rather than only executions or activities). */
function coversStateMachines(resource: string): boolean {
    const parts = resource.split(":");
    if (parts.length < 6) return hasWildcard(resource);
    const rest = parts.slice(5).join(":");
    return rest.startsWith("stateMachine:") || wildcardMatch(rest, "stateMachine:any");
}

export const stateMachineRoleTrust = documentRule({
    name: "state-machine-role-trust",
    remediation: "Add aws:SourceAccount = this account and aws:SourceArn = the state machine's own ARN (and its :* versions) to the Step Functions trust.",
    description: `A role trusted by ${LAUNCHER_SERVICE.stepFunctions} (a state machine's role) is trusted only with ` +
        "`aws:SourceAccount` (this account) and `aws:SourceArn` naming its own state machine (`…:stateMachine:<name>`, and " +
        "`…:stateMachine:<name>:*` for its versions and aliases) — never `*` or a pattern over several state machines — so no " +
        "other state machine, in this account or another, can act with a launcher's permissions (confused-deputy protection).",
    kinds: ["trust"],
    check: (document) => {
        const out: string[] = [];
        for (const s of allows(document).filter((x) => admitsService(x, LAUNCHER_SERVICE.stepFunctions))) {
            const sources = requiredValues(s, "aws:SourceArn");
            out.push(...sourceConditionProblems(s, "Step Functions", "the state machine", "arn:aws:states:<region>:<account>:stateMachine:<name>"));
            const broad = (sources ?? []).filter((v) => !STATE_MACHINE_SOURCE.test(v) && patternAccount(v) !== "*");
            if (broad.length) out.push(`${s.label}: aws:SourceArn ${quoted(broad)} is not one state machine; name the state machine that uses this role`);
        }
        return out;
    },
});

/** Roles a service assumes on a launcher's behalf: trusted by Step Functions or Lambda. */
function isLauncherRole(role: RoleView): boolean {
    if (role.trust?.status !== "ok") return false;
    return allows(role.trust.document).some((s) => admitsService(s, LAUNCHER_SERVICE.stepFunctions, LAUNCHER_SERVICE.lambda));
}

export const launcherStartJobRunOneApplication = stackRule({
    name: "launcher-start-job-run-one-application",
    remediation: "Name the launcher's own application (arn:aws:emr-serverless:<region>:<account>:/applications/<id>) in the StartJobRun statement.",
    description: "A launcher role — a role trusted by Step Functions or Lambda — that may emr-serverless:StartJobRun names its " +
        "application(s) by exact ARN (`…:/applications/<id>`) in that statement, never `/applications/*`, `*`, a pattern or " +
        "NotResource: a launcher launches on its own application (its configuration's release and capacity) only. The data " +
        "plane's LaunchRole, assumed by the control plane, keeps `/applications/*` (it creates the applications it launches on) and is not a launcher role.",
    check: (model) => {
        const findings: Finding[] = [];
        for (const role of model.roles().filter(isLauncherRole)) {
            for (const doc of documentsOf(model, role)) {
                for (const s of allows(doc.document).filter((x) => coversAction(x, "emr-serverless:StartJobRun"))) {
                    const wrong = resourcesNot(s, (r) => APPLICATION_ARN.test(r) || APPLICATION_JOB_RUNS.test(r));
                    if (wrong.length) findings.push({ urn: doc.resource.urn, message: `${doc.site.path}: ${s.label} lets ${roleLabel(role)} start job runs on ${wrong.join(", ")}; name the launcher's own application (arn:aws:emr-serverless:<region>:<account>:/applications/<id>) in a statement of its own` });
                }
            }
        }
        return findings;
    },
});

export const ssmParameterReadsExact = documentRule({
    name: "ssm-parameter-reads-exact",
    remediation: "Grant ssm:GetParameter on each catalog parameter's exact ARN; remove ssm:GetParametersByPath and patterns.",
    description: "Parameter Store reads (ssm:GetParameter, GetParameters, GetParameterHistory; however granted) are allowed on " +
        `exact parameter ARNs of the launch catalog (\`arn:aws:ssm:<region>:<account>:parameter${CATALOG_ROOT}/…\`), never \`*\`, a ` +
        "pattern or NotResource, and ssm:GetParametersByPath (a whole path) not at all: a launcher reads its own profile and " +
        "configuration, not the other definitions of the catalog.",
    kinds: ["identity"],
    settings: true,
    check: (document, _site, _subject, settings) => {
        const out: string[] = [];
        for (const s of allows(document)) {
            const reads = PARAMETER_READS.filter((a) => coversAction(s, a));
            if (reads.length === 0) continue;
            if (reads.includes("ssm:GetParametersByPath")) out.push(`${s.label}: grants ssm:GetParametersByPath, which reads every parameter under a path; grant ssm:GetParameter on each parameter's ARN`);
            const wrong = resourcesNot(s, (r) => catalogParameterArn(settings.catalogRoot).test(r));
            if (wrong.length) out.push(`${s.label}: grants ${reads.join(", ")} on ${wrong.join(", ")}; name each catalog parameter by its exact ARN (arn:aws:ssm:<region>:<account>:parameter${settings.catalogRoot}/profiles/<namespace>/<name>)`);
        }
        return out;
    },
});

// ---- secrets ----------------------------------------------------------------------------------

/**
 * Whether the holder is a job runtime role: a role of this stack trusted by EMR Serverless and by
 * nothing else, or the runtime role of a launch profile deployed in this stack (named by its ARN
 * in the profile's value; the role itself lives in the data plane's stack).
 */
function runtimeRoleHolder(model: StackModel, holder: string): boolean {
    const profileRoles = launchersOf(model).flatMap((l) => l.profiles.map((p) => p.runtimeRoleArn));
    if (profileRoles.some((arn) => arn === holder || arn.slice(arn.lastIndexOf("/") + 1) === holder)) return true;
    const role = model.roleWithArn(holder) ?? model.roles().find((r) => r.name === holder || r.resource.name === holder);
    if (role?.trust?.status !== "ok") return false;
    const statements = allows(role.trust.document);
    return statements.length > 0 && statements.every((s) => !s.notPrincipal && principalList(s.principal).every((p) => p.toLowerCase() === `service:${SERVICE.emrServerless}`));
}

export const secretReadsScoped = stackRule({
    name: "secret-reads-scoped",
    remediation: "Grant secretsmanager:GetSecretValue on each secret's full ARN, in the job runtime role's policy only, and only for job code that reads the secret itself.",
    description: "secretsmanager:GetSecretValue granted by an identity policy is allowed only on full secret ARNs (`arn:aws:secretsmanager:" +
        "<region>:<account>:secret:<name>-<6 characters>`), never `*`, a pattern or NotResource, and only to job runtime roles — " +
        `a role of this stack trusted by ${SERVICE.emrServerless} alone, or the runtime role of a launch profile of this stack ` +
        "(job code that calls Secrets Manager itself): no state machine, caller, user or unattached managed policy may read a launch " +
        "secret. `EMR.secret@` references need no identity grant: EMR Serverless resolves them itself (secret-policy-emr-serverless-only).",
    check: (model) => {
        const findings: Finding[] = [];
        for (const doc of model.identityDocuments()) {
            if (doc.read.status !== "ok") continue;
            for (const s of allows(doc.read.document).filter((x) => coversAction(x, "secretsmanager:GetSecretValue"))) {
                const where = `${doc.site.path}: ${s.label}`;
                const wrong = resourcesNot(s, (r) => SECRET_ARN.test(r));
                if (wrong.length) findings.push({ urn: doc.resource.urn, message: `${where} reads secrets ${wrong.join(", ")}, which is not one secret's full ARN; name each secret by its full ARN with its 6-character suffix` });
                const others = doc.holders.filter((h) => !runtimeRoleHolder(model, h));
                if (doc.holders.length === 0) findings.push({ urn: doc.resource.urn, message: `${where} reads secrets but is held by no role; put it in the job runtime role's policy` });
                else if (others.length) findings.push({ urn: doc.resource.urn, message: `${where} lets ${others.join(", ")} read secrets, which is not a job runtime role (trusted by ${SERVICE.emrServerless} alone, or a launch profile's runtime role); only the runtime role may read them` });
            }
        }
        return findings;
    },
});

/** This file's rules, in the order the rule table lists them. */
export const GUARDED_LAUNCH_POLICIES = [
    stateMachineRoleNotFromInput,
    launcherPassesProfileRole,
    secretsLaunchDelegated,
    startExecutionExactStateMachines,
    stateMachineRoleTrust,
    launcherStartJobRunOneApplication,
    ssmParameterReadsExact,
    secretReadsScoped,
];
