/**
 * Step a of a launch (see launch.ts): the credentials — a session on a private plane's launch role
 * with its ExternalId, renewed before it expires, or the caller's own on a shared plane — and the
 * EMR Serverless and S3 clients on them.
 */
import { EMRServerlessClient } from "@aws-sdk/client-emr-serverless";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { ControlPlaneMessage } from "../message";
import { AwsCredentialIdentity, AwsSettings, awsCall, clientConfig, keepErrorBodies, recordRequests } from "./aws";
import type { SentRequest } from "./iamRequests";
import type { LaunchOptions, ProgressEvent } from "./options";

/** A compact UTC time for names: `20260101T120000Z`. */
export const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

/** The EMR Serverless and S3 clients, on the launch credentials (step a), recording their requests. */
export async function launchClients(opts: LaunchOptions, report: (e: ProgressEvent) => void, now: () => number): Promise<{ emr: EMRServerlessClient; s3: S3Client }> {
    const settings = opts.aws ?? {};
    const credentials = await launchCredentials(settings, opts, report, now);
    const config = clientConfig(settings, opts.message.region, credentials);
    const emr = recordRequests(keepErrorBodies(new EMRServerlessClient(config)), "emr-serverless", opts.onRequest);
    // Path-style with a custom endpoint (a local endpoint has no per-bucket host names).
    const s3 = recordRequests(keepErrorBodies(new S3Client({ ...config, ...(settings.endpoint ? { forcePathStyle: true } : {}) })), "s3", opts.onRequest);
    return { emr, s3 };
}

/** Private plane: a session on the launch role, renewed before it expires; shared plane: undefined (the caller's own). */
async function launchCredentials(settings: AwsSettings, opts: LaunchOptions, report: (e: ProgressEvent) => void,
    now: () => number): Promise<(() => Promise<AwsCredentialIdentity>) | undefined> {
    const m = opts.message;
    if (m.jobLaunchArn === undefined) {
        report({ step: "credentials", message: "shared plane: launching with the control plane's own credentials" });
        return undefined;
    }
    const sessionName = opts.sessionName ?? `dataplane-launch-${stamp(now())}`;
    const assume = launchRoleSession(settings, m, sessionName, opts.onRequest);
    let current = await assume();
    report({ step: "credentials", message: `assumed ${m.jobLaunchArn} (session ${sessionName}) with the plane's ExternalId` });
    // Re-assumed when the session nears its end (a job can outlive an hour).
    return async () => (current.expiration && current.expiration.getTime() - now() < 5 * 60_000 ? (current = await assume()) : current);
}

/** An STS session on the plane's launch role with its ExternalId; returns fresh credentials on each call. */
function launchRoleSession(settings: AwsSettings, m: ControlPlaneMessage, sessionName: string, onRequest?: (r: SentRequest) => void): () => Promise<AwsCredentialIdentity> {
    const sts = recordRequests(keepErrorBodies(new STSClient(clientConfig(settings, settings.region ?? process.env.AWS_REGION ?? m.region))), "sts", onRequest);
    return async () => {
        const out = await awsCall("sts:AssumeRole", `${m.jobLaunchArn} (session ${sessionName})`, () => sts.send(new AssumeRoleCommand({
            RoleArn: m.jobLaunchArn, RoleSessionName: sessionName, ExternalId: m.externalId, DurationSeconds: 3600,
        })));
        const c = out.Credentials!;
        return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration };
    };
}
