/**
 * The launcher's input: a control-plane message read from a JSON file and validated against the
 * shipped schema before any AWS call. Accepted shapes (secrets must be revealed):
 *
 * - the message itself: `pulumi stack output controlPlaneMessage --show-secrets --json`;
 * - a stack's outputs: `pulumi stack output --show-secrets --json` (`{ controlPlaneMessage }`);
 * - the offline preview: `dataplane preview --json --show-secrets` (`{ outputs: { controlPlaneMessage } }`);
 * - the control plane's registry (`{ planes: { <stack>: message } }`, also under `outputs`), with the plane's stack name.
 */
import { readJson, shownFile } from "../files/read";
import { accountOf } from "../vocabulary/arn";
import { ControlPlaneMessage, InvalidMessageError, parseMessage } from "../message";
import { UserError } from "../vocabulary/userError";

/** A message file that cannot be used (unreadable, not JSON, no message in it). */
export class MessageFileError extends UserError {
    constructor(public readonly file: string, problem: string) {
        super(`${file}: ${problem}`);
    }
}

const MASKED = "[secret]";

/** Reads `file` and returns the validated message (of the registry entry `plane`, when given). */
export function readMessageFile(file: string, plane?: string): ControlPlaneMessage {
    // The package's one reader (files/read.ts): encoding, size, nesting and keys written twice checked.
    const doc = readJson(file, { error: (shown, problem) => new MessageFileError(shown, problem), what: "JSON" });
    const { value, source } = locateMessage(shownFile(file), doc, plane);
    return checkMessage(value, source);
}

/** Finds the message in any of the accepted shapes; `source` names where it was found, for errors. */
export function locateMessage(file: string, doc: unknown, plane?: string): { value: unknown; source: string } {
    const root = obj(doc);
    if (!root) throw new MessageFileError(file, "must hold a JSON object: a control-plane message, a stack's outputs or a registry of planes");
    const outputs = obj(root.outputs) ?? root;
    const planes = obj(outputs.planes);
    if (planes) {
        if (plane === undefined) throw new MessageFileError(file, `is a registry of planes: choose one with --plane (${Object.keys(planes).join(", ")})`);
        if (!(plane in planes)) throw new MessageFileError(file, `has no plane ${plane} (planes: ${Object.keys(planes).join(", ")})`);
        return { value: planes[plane], source: `${file} (plane ${plane})` };
    }
    if (plane !== undefined) throw new MessageFileError(file, "--plane applies only to a registry of planes (the control plane's `planes` output)");
    if ("controlPlaneMessage" in outputs) return { value: outputs.controlPlaneMessage, source: file };
    return { value: root, source: file };
}

/**
 * Validates a message for launching: the schema, plus what the launch needs beyond it — an
 * ExternalId that is revealed, not masked, and a launch role in the plane's own account (EMR
 * Serverless refuses a runtime role from another account).
 */
export function checkMessage(value: unknown, source: string): ControlPlaneMessage {
    if (obj(value)?.externalId === MASKED) {
        throw new InvalidMessageError(source, ['externalId: is masked ("[secret]"): export the message with --show-secrets']);
    }
    const message = parseMessage(value, source);
    if (message.jobLaunchArn !== undefined) {
        const launchAccount = accountOf(message.jobLaunchArn);
        const planeAccount = accountOf(message.jobRuntimeRoleArn);
        if (launchAccount !== planeAccount) {
            throw new InvalidMessageError(source, [`jobLaunchArn: is in account ${launchAccount}, but the plane (jobRuntimeRoleArn) is in ${planeAccount}: the launch role must be the plane's own`]);
        }
    }
    return message;
}

function obj(v: unknown): Record<string, unknown> | undefined {
    return v && typeof v === "object" && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}
