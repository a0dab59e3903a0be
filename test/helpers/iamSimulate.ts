/**
 * IAM evaluation of our own policy documents with `@cloud-copilot/iam-simulate` (AGPL-3.0: a
 * test-only dependency). `decide` answers "may a principal holding these identity policies do
 * this?", and fails the test on a request the simulator finds invalid (an unknown action, a
 * resource of the wrong type for the action, a condition key the action does not support).
 */
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../components/iam";
import { accountOf } from "../../vocabulary/arn";
import * as path from "path";
import { keepCollators } from "./collators";

// The simulator's case-insensitive comparisons, with a collator kept per options (./collators.ts).
keepCollators();

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Request {
    action: string;
    resource: string;
    context?: Record<string, string | string[]>;
    /** The caller's ARN. Defaults to a role in the resource's account. */
    principal?: string;
    /** The resource's own policy (bucket, access point, key policy). Defaults to none. */
    resourcePolicy?: PolicyDocument;
    /** The account owning the resource, for ARNs that name none (S3 buckets). Defaults to the ARN's. */
    resourceAccount?: string;
    /**
     * A session policy (the job run's execution IAM policy): the caller may do only what both its
     * identity policies and this allow. Defaults to none.
     */
    sessionPolicy?: PolicyDocument;
    /** The principal's permissions boundary (a managed policy's document). Defaults to none. */
    boundary?: PolicyDocument;
    /**
     * `context` is one superset sent with every call of a sweep (a resource's tags with each of its
     * calls): keys an action does not support are dropped, as IAM does, instead of failing the test.
     * Defaults to false: a request's own context must hold only keys of its action.
     */
    contextIsSuperset?: boolean;
}

/**
 * Decisions already made in this process, by the request and the documents' text. The simulator is
 * a pure function of them, and sweeps ask it the same question many times (the onboarding
 * deployer's calls: about a third of its 1,500 requests repeat one already asked). See
 * {@link decisionsMade}.
 */
const decisions = new Map<string, Decision>();

/** How many answers {@link decide} has computed and how many it found already made (for the memo's own test). */
export const decisionsMade = { computed: 0, remembered: 0 };

export async function decide(policies: PolicyDocument[], request: Request): Promise<Decision> {
    const key = JSON.stringify([policies, request]);
    const known = decisions.get(key);
    if (known !== undefined) {
        decisionsMade.remembered++;
        return known;
    }
    const decision = await simulate(policies, request);
    decisionsMade.computed++;
    decisions.set(key, decision);
    return decision;
}

async function simulate(policies: PolicyDocument[], request: Request): Promise<Decision> {
    const account = request.resourceAccount ?? accountOf(request.resource) ?? "444455556666";
    const response = await runSimulation(simulation(policies, request, account) as Parameters<typeof runSimulation>[0], {});
    if (response.resultType === "error") throw new Error(`invalid simulation of ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
    const ignored = response.resultType === "single" ? (response.result as { ignoredContextKeys?: string[] }).ignoredContextKeys ?? [] : [];
    const variable = ignored.filter((k) => COLON_VARIABLE_KEY.test(k));
    if (ignored.length > variable.length && !request.contextIsSuperset) throw new Error(`the simulator ignored context keys ${JSON.stringify(ignored)} of ${request.action}: not condition keys of that action`);
    if (variable.length === 0) return response.overallResult as Decision;
    // The checked engine matches variable keys only in their `/` form (aws:PrincipalTag/<key>): it drops
    // `kms:EncryptionContext:<key>` ("Condition keys for AWS KMS"; the Service Authorization Reference
    // lists kms:EncryptionContext:${EncryptionContextKey} on Decrypt and GenerateDataKey). The request was
    // checked above (action, resource, other keys); the unchecked engine evaluates it with every key.
    // The unchecked engine loads a resource policy without the name the checked one gives it; a policy
    // in iam-policy's pre-validated form carries its own (iam-simulate 0.1.173, pinned).
    const sim = simulation(policies, request, account);
    const resourcePolicy = sim.resourcePolicy && { __validated: true, policyDocument: sim.resourcePolicy, metadata: { name: "resource-policy" }, errors: [] };
    // runUnsafeSimulation drops a session policy (it passes `sessionPolicy: undefined` to the core
    // engine): with one, the same core engine call is made here with the session policy kept, so a
    // tenant's execution policy still narrows the request.
    if (request.sessionPolicy) return uncheckedWithSession(sim, request.sessionPolicy);
    const unchecked = runUnsafeSimulation({ ...sim, resourcePolicy } as never, {});
    return unchecked as unknown as Decision;
}

/** What runUnsafeSimulation does (iam-simulate 0.1.173, pinned), with the session policy passed to the core engine. */
function uncheckedWithSession(sim: ReturnType<typeof simulation>, sessionPolicy: PolicyDocument): Decision {
    const dist = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
    const { loadPolicy } = require(require.resolve("@cloud-copilot/iam-policy", { paths: [dist] }));
    const { authorize } = require(path.join(dist, "core_engine/CoreSimulatorEngine.js"));
    const { AwsRequestImpl } = require(path.join(dist, "request/request.js"));
    const { RequestContextImpl } = require(path.join(dist, "requestContext.js"));
    const { DiscoveryContextKeyConstraints } = require(path.join(dist, "context_keys/discoveryContextKeyConstraints.js"));
    const r = sim.request;
    const result = authorize({
        request: new AwsRequestImpl(r.principal, r.resource, r.action, new RequestContextImpl(r.contextVariables)),
        sessionPolicy: loadPolicy(sessionPolicy, { name: "SessionPolicy" }),
        identityPolicies: sim.identityPolicies.map((p) => loadPolicy(p.policy, { name: p.name })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: sim.resourcePolicy ? loadPolicy(sim.resourcePolicy, { name: "resource-policy" }) : undefined,
        permissionBoundaries: sim.permissionBoundaryPolicies?.map((p) => loadPolicy(p.policy, { name: p.name })),
        vpcEndpointPolicies: undefined,
        simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
        serviceSettings: { s3: { blockPublicAccess: undefined } },
    });
    return result.result as Decision;
}

/** Variable condition keys whose variable follows a colon. */
const COLON_VARIABLE_KEY = /^kms:EncryptionContext:.+/i;

function simulation(policies: PolicyDocument[], request: Request, account: string) {
    return {
        identityPolicies: policies.map((policy, i) => ({ name: `policy-${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: request.resourcePolicy,
        ...(request.sessionPolicy ? { sessionPolicy: request.sessionPolicy } : {}),
        ...(request.boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: request.boundary }] } : {}),
        request: {
            action: request.action,
            principal: request.principal ?? `arn:aws:iam::${account}:role/caller`,
            resource: { resource: request.resource, accountId: account },
            contextVariables: request.context ?? {},
        },
    };
}
