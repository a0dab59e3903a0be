/**
 * The control-plane message: the data plane's stack output `controlPlaneMessage`, its JSON
 * Schema (`control-plane-message.schema.json`, shipped with the package) and a validator used
 * by the producer (the data-plane program), the consumers (the control-plane program and the
 * launcher) and the tests.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import schema from "./control-plane-message.schema.json";
import { UserError } from "../vocabulary/userError";

export { schema as controlPlaneMessageSchema };

export interface ControlPlaneMessage {
    resourceBucket: string;
    subnetIds: string[];
    securityGroups: string[];
    region: string;
    jobRuntimeRoleArn: string;
    /** Private plane only. */
    jobLaunchArn?: string;
    /** Private plane only; a secret. */
    externalId?: string;
    /** The plane's own EMR Serverless application, when it owns one (additive: older messages have none). */
    applicationId?: string;
    /** A shared plane's tenants, each with the execution IAM policy its job runs must be started with (additive). */
    tenants?: MessageTenant[];
}

/** One tenant of a shared plane, as the message lists it. */
export interface MessageTenant {
    id: string;
    /** StartJobRun's `executionIamPolicy` for the tenant's job runs: minified inline policy, or managed policy ARNs. */
    executionIamPolicy: { policy?: string; policyArns?: string[] };
}

/**
 * The keys each kind of plane's message carries, in the order the source document lists them, then the
 * additive ones: `applicationId` when the plane owns its application (the default; not in launcher mode).
 */
export const MESSAGE_KEYS = {
    shared: ["resourceBucket", "subnetIds", "securityGroups", "region", "jobRuntimeRoleArn", "applicationId", "tenants"],
    private: ["resourceBucket", "subnetIds", "securityGroups", "region", "jobRuntimeRoleArn", "jobLaunchArn", "externalId", "applicationId"],
} as const;

// Compiled ahead of time from the schema (tools/messageValidator.ts, `npm run docs`): no schema
// compilation, and no Ajv, when a process starts.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const validate = require("./validateMessage.generated") as ValidateFunction<ControlPlaneMessage>;

/** One line per problem, each naming the field (`subnetIds[1]`, `externalId`, …). */
export function messageProblems(value: unknown): string[] {
    if (validate(value)) return [];
    return (validate.errors ?? []).map(describe);
}

export class InvalidMessageError extends UserError {
    constructor(public readonly source: string, public readonly problems: string[]) {
        super(`${source}: invalid control-plane message: ${problems.join("; ")}`);
        this.name = "InvalidMessageError";
    }
}

/** Returns the value typed as a message, or throws an {@link InvalidMessageError} naming `source` and every bad field. */
export function parseMessage(value: unknown, source = "controlPlaneMessage"): ControlPlaneMessage {
    const problems = messageProblems(value);
    if (problems.length > 0) throw new InvalidMessageError(source, problems);
    return value as ControlPlaneMessage;
}

function describe(e: ErrorObject): string {
    const path = e.instancePath.replace(/^\//, "").replace(/\/(\d+)/g, "[$1]").replace(/\//g, ".");
    switch (e.keyword) {
        case "required":
            return `${(e.params as { missingProperty: string }).missingProperty}: is required`;
        case "additionalProperties":
            return `${(e.params as { additionalProperty: string }).additionalProperty}: is not a field of the message`;
        case "dependencies":
            return `${(e.params as { missingProperty: string }).missingProperty}: is required when ${(e.params as { property: string }).property} is set (private plane)`;
        case "pattern":
            // Never echo the ExternalId: it is a secret.
            if (path === "externalId") return `${path}: is not a valid ${fieldLabel(path)} (value hidden)`;
            // A policy is long: say how long, not what it is.
            if (path.endsWith(".executionIamPolicy.policy")) return `${path}: is not a valid ${fieldLabel(path)} (${String(valueAt(e)).length} characters)`;
            return `${path}: ${JSON.stringify(valueAt(e))} is not a valid ${fieldLabel(path)}`;
        default:
            return `${path || "(message)"}: ${e.message}`;
    }
}

function valueAt(e: ErrorObject): unknown {
    return (e as ErrorObject & { data?: unknown }).data ?? e.params;
}

function fieldLabel(path: string): string {
    const field = path.replace(/\[\d+\]/g, "");
    const labels: Record<string, string> = {
        resourceBucket: "S3 bucket name", subnetIds: "subnet id", securityGroups: "security group id", region: "AWS region",
        jobRuntimeRoleArn: "IAM role ARN", jobLaunchArn: "IAM role ARN", externalId: "ExternalId (2-1224 of [\\w+=,.@:/-])",
        applicationId: "EMR Serverless application id",
        "tenants.id": "tenant id", "tenants.executionIamPolicy.policy": "execution IAM policy (1-2,048 of U+0020-U+00FF)",
        "tenants.executionIamPolicy.policyArns": "IAM policy ARN",
    };
    return labels[field] ?? "value";
}
