/**
 * Rules for a shared plane with tenants: every job there runs with its tenant's execution IAM policy
 * (StartJobRun's `executionIamPolicy`, intersected with the runtime role — "Execution IAM policy", EMR
 * Serverless User Guide), so one tenant's job cannot reach another tenant's prefixes, roles or data.
 * A guarded launcher is how a job starts without the launcher's code in the loop: its StartJobRun task
 * must carry the policy itself, as a literal fixed at deploy time.
 *
 * A stack is a shared plane with tenants when it holds the plane's tenants (a `PlaneTenants`
 * component) or a launch profile that names a tenant (a launcher stack of such a plane).
 */
import { LAUNCH_TYPES, profileDocuments, readDefinition } from "../model/guardedLaunchModel";
import { knownString } from "../model/values";
import { Finding, stackRule } from "../model/rule";

/** The component that holds a shared plane's tenants. */
export const PLANE_TENANTS_TYPE = "emr-dataplane:index:PlaneTenants";

/** `ExecutionIamPolicy` as the definition writes it (PascalCase) or the API names it: its inline policy and ARNs. */
function policyOf(value: unknown): { policy?: unknown; policyArns?: unknown } | undefined {
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    const o = value as Record<string, unknown>;
    return { policy: o.Policy ?? o.policy, policyArns: o.PolicyArns ?? o.policyArns };
}

function carriesPolicy(value: unknown): boolean {
    const p = policyOf(value);
    if (!p) return false;
    const inline = typeof p.policy === "string" && p.policy.length > 0;
    const arns = Array.isArray(p.policyArns) && p.policyArns.length > 0 && p.policyArns.every((a) => typeof a === "string" && a.length > 0);
    return inline || arns;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const tenantLauncherExecutionPolicy = stackRule({
    name: "tenant-launcher-execution-policy",
    remediation: "Build the launcher from a LaunchProfile that names the tenant (its `tenant` with the policy from the plane's message): " +
        "GuardedLauncher then writes the tenant's ExecutionIamPolicy into the StartJobRun task as a literal.",
    description: "On a shared plane with tenants (a stack holding the plane's tenants, or a launch profile naming a tenant), every Step Functions " +
        "task that starts an EMR Serverless job run carries an `ExecutionIamPolicy` — a literal inline policy or policy ARNs, never taken from " +
        "execution data (`.$`, JSONata) — and a launcher whose profile names a tenant passes exactly that tenant's policy. Without it the job " +
        "runs with the shared runtime role's whole permissions: every tenant's prefixes, customer roles and data sources. A definition not " +
        "known until apply is skipped.",
    check: (model) => {
        const profiles = profileDocuments(model);
        const tenantProfiles = [...profiles.values()].filter((d) => d.tenant !== undefined);
        const tenants = model.ofType(PLANE_TENANTS_TYPE);
        if (tenants.length === 0 && tenantProfiles.length === 0) return [];
        const why = tenants.length > 0 ? "this shared plane has tenants" : `launch profile ${tenantProfiles[0].namespace}/${tenantProfiles[0].name} names tenant ${tenantProfiles[0].tenant.id}`;
        const findings: Finding[] = [];
        for (const machine of model.ofType(LAUNCH_TYPES.stateMachine)) {
            const read = readDefinition(machine.props.definition);
            if (read.status !== "ok") continue;
            const label = `state machine ${knownString(machine.props.name) ?? machine.name}`;
            const own = read.facts.profileParameters.map((p) => profiles.get(p)).find((d) => d?.tenant !== undefined);
            for (const start of read.facts.jobStarts) {
                const where = `${label}: ${start.path}`;
                if (start.fromData) {
                    findings.push({ urn: machine.urn, message: `${where} takes ExecutionIamPolicy from execution data; ${why}, so write the tenant's policy as a literal fixed at deploy time (a caller could drop or widen it)` });
                } else if (!carriesPolicy(start.executionIamPolicy)) {
                    findings.push({ urn: machine.urn, message: `${where} starts a job run without an ExecutionIamPolicy; ${why}, so every job must run with its tenant's execution policy (build the launcher from a LaunchProfile naming the tenant)` });
                } else if (own) {
                    const expected = own.tenant.executionIamPolicy;
                    const p = policyOf(start.executionIamPolicy)!;
                    if (!same(p.policy, expected.policy) || !same(p.policyArns, expected.policyArns)) {
                        findings.push({ urn: machine.urn, message: `${where} passes an ExecutionIamPolicy other than tenant ${own.tenant.id}'s, which its profile ${own.namespace}/${own.name} names; it must pass exactly that policy` });
                    }
                }
            }
        }
        return findings;
    },
});

export const TENANT_POLICIES = [tenantLauncherExecutionPolicy];
