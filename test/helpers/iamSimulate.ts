/**
 * IAM evaluation of our own policy documents with `@cloud-copilot/iam-simulate` (AGPL-3.0: a
 * test-only dependency). `decide` answers "may a principal holding these identity policies do
 * this?", and fails the test on a request the simulator finds invalid (an unknown action, a
 * resource of the wrong type for the action, a condition key the action does not support).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../components/iam";
import { accountOf } from "../../vocabulary/arn";

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
}

export async function decide(policies: PolicyDocument[], request: Request): Promise<Decision> {
    const account = request.resourceAccount ?? accountOf(request.resource) ?? "444455556666";
    const response = await runSimulation({
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
    } as Parameters<typeof runSimulation>[0], {});
    if (response.resultType === "error") throw new Error(`invalid simulation of ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
    return response.overallResult as Decision;
}
