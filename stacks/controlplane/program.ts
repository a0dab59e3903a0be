/**
 * The control-plane program: reads each data plane's `controlPlaneMessage` through a
 * `StackReference`, validates it against the message schema, and exports the registry of planes
 * keyed by stack name. Only the ExternalId is secret in the registry, as in the data plane's own
 * export (a StackReference marks a whole output secret when any part of it is).
 */
import * as pulumi from "@pulumi/pulumi";
import { ControlPlaneMessage, InvalidMessageError, parseMessage } from "../../message";
import { readControlPlaneConfig } from "./config";

/** The output a data-plane stack exports its message as. */
export const MESSAGE_OUTPUT = "controlPlaneMessage";

/**
 * One plane in the registry: the message's fields as outputs; `jobLaunchArn` and `externalId` resolve to
 * undefined for a shared plane, `applicationId` for a plane without its own application (launcher mode,
 * or a message from before the key), `tenants` for a plane without tenants.
 */
export type PlaneEntry = { [K in keyof ControlPlaneMessage]-?: pulumi.Output<ControlPlaneMessage[K]> };

/** The message of `stackName`, validated; fails naming the stack and every bad field. */
export function validatedMessage(stackName: string, value: unknown): ControlPlaneMessage {
    if (value === undefined || value === null) {
        throw new InvalidMessageError(`stack ${stackName}`, [`${MESSAGE_OUTPUT}: the stack has no such output (is it a data-plane stack, and deployed?)`]);
    }
    return parseMessage(value, `stack ${stackName}`);
}

/** Reads one data plane (a `StackReference` named after the stack) and validates its message. */
export function readPlane(stackName: string, opts?: pulumi.CustomResourceOptions): PlaneEntry {
    const ref = new pulumi.StackReference(stackName, { name: stackName }, opts);
    const message = pulumi.unsecret(ref.getOutput(MESSAGE_OUTPUT).apply((m) => validatedMessage(stackName, m)));
    const field = <K extends keyof ControlPlaneMessage>(key: K) => message.apply((m) => m[key]);
    return {
        resourceBucket: field("resourceBucket"),
        subnetIds: field("subnetIds"),
        securityGroups: field("securityGroups"),
        region: field("region"),
        jobRuntimeRoleArn: field("jobRuntimeRoleArn"),
        jobLaunchArn: field("jobLaunchArn"),
        // The plane's own application: the control plane launches into it (dataplane launch does).
        applicationId: field("applicationId"),
        // A shared plane's tenants and the execution policy each tenant's job runs are started with.
        tenants: field("tenants"),
        // Secret again, and only when present (a shared plane has none).
        externalId: message.apply((m) => (m.externalId === undefined ? undefined : pulumi.secret(m.externalId))) as pulumi.Output<string | undefined>,
    };
}

/** Reads every plane in `stackNames`: the registry keyed by stack name. */
export function readPlanes(stackNames: string[]): Record<string, PlaneEntry> {
    return Object.fromEntries(stackNames.map((name) => [name, readPlane(name)]));
}

/** The Pulumi program: config from the running stack, outputs `{ planes }`. */
export async function controlPlaneProgram(): Promise<{ planes: Record<string, PlaneEntry> }> {
    const config = readControlPlaneConfig(pulumi.runtime.allConfig());
    return { planes: readPlanes(config.dataPlanes) };
}
