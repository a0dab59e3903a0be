/**
 * Launches a job in a data plane from its control-plane message, as the control plane does:
 *
 *  a. private plane: assume `jobLaunchArn` with the plane's ExternalId (shared plane: the caller's own credentials);
 *  b. stage the entry point under `s3://<resourceBucket>/staging/` (so an unreachable bucket stops the launch before anything is created);
 *  c. the EMR Serverless application: the plane's own (`applicationId` in the message), else find or
 *     create one (launcher mode: Spark, auto-start, auto-stop, the plane's network);
 *  (on a shared plane with tenants, the job is the tenant's: staged under `staging/tenants/<id>/`, logging
 *  under `logs/tenants/<id>/`, started with the tenant's execution IAM policy from the message)
 *  d. start a job run as `jobRuntimeRoleArn`, logging to `s3://<resourceBucket>/logs/`, with a client
 *     token that stays the same on every retry of the request (`idempotencyKey`), an execution timeout
 *     and, when asked, the retry policy (StartJobRun is built in ./startJobRun.ts, with the guarded launcher's);
 *  e. wait for a terminal state, reporting progress;
 *  f. return the job run id, its state and where its logs are.
 *
 * Every option, the message included, is validated (`validateLaunchOptions`) before the first AWS call.
 */
import {
    Application, CreateApplicationCommand, EMRServerlessClient, GetApplicationCommand, GetJobRunCommand,
    ListApplicationsCommand, StartJobRunCommand, StartJobRunCommandInput,
} from "@aws-sdk/client-emr-serverless";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { RESOURCE_BUCKET_PREFIXES } from "../components/bucketLayout";
import { LAUNCHER_TAGS } from "../components/iam/launchRole";
import { ControlPlaneMessage } from "../message";
import { randomUUID } from "crypto";
import { releaseFloorLabel, releaseSupports } from "../vocabulary/emrServerless";
import { ValidationError } from "../components/validation";
import { AwsCallError, awsCall } from "./aws";
import { launchClients, stamp } from "./clients";
import { DEFAULT_APPLICATION_NAME, DEFAULT_RELEASE_LABEL, LAUNCH_RANGES, LaunchOptions, LaunchResult, ProgressEvent, tenantOf, validateLaunchOptions } from "./options";
import { prefixesOf } from "../components/iam/tenant";
import { EntryPoint, SMOKE_ENTRY_POINT, stagingKey } from "./smokeJob";
import { startJobRunRequest } from "./startJobRun";

export const TERMINAL_JOB_STATES = ["SUCCESS", "FAILED", "CANCELLED"] as const;
/** Application states from which a job run can start (auto-start starts a stopped or created one). */
const READY_APPLICATION_STATES = ["CREATED", "STARTED", "STOPPED"];

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs steps a–f and returns the job run's outcome. Bad options reject with a ValidationError naming
 * the option, before any AWS call; AWS failures reject with an {@link AwsCallError}.
 */
export async function launch(opts: LaunchOptions): Promise<LaunchResult> {
    validateLaunchOptions(opts);
    const m = opts.message;
    const tenant = tenantOf(opts);
    const prefixes = tenant ? prefixesOf(tenant.id) : RESOURCE_BUCKET_PREFIXES;
    const report = opts.onProgress ?? (() => undefined);
    const now = opts.now ?? Date.now;
    const sleep = opts.sleep ?? defaultSleep;
    const pollMs = (opts.pollSeconds ?? LAUNCH_RANGES.pollSeconds.default) * 1000;

    // a. credentials
    const { emr, s3 } = await launchClients(opts, report, now);
    // b. staging, first: the upload is the check that the bucket is reachable and writable, before anything is created in EMR Serverless.
    const entry = opts.entryPoint ?? SMOKE_ENTRY_POINT;
    const entryPointUri = await stageEntryPoint(s3, m, entry, prefixes.staging, report);
    // c. application
    const { applicationId, applicationCreated, releaseLabel } = await readyApplication(emr, opts, report, sleep, pollMs);
    // d. job run: one client token for this launch, whatever the SDK retries.
    const attempts = opts.jobAttempts ?? LAUNCH_RANGES.jobAttempts.default;
    if (attempts > 1 && !releaseSupports(releaseLabel, "retryPolicy")) {
        throw new ValidationError("jobAttempts", `reruns need the retry policy of ${releaseFloorLabel("retryPolicy")} or later ("EMR Serverless Job resiliency"), but application ${applicationId} is ${releaseLabel}`);
    }
    const clientToken = opts.idempotencyKey ?? randomUUID();
    const logRoot = `s3://${m.resourceBucket}/${prefixes.logs}`;
    const jobRunId = await startJobRun(emr, opts, { applicationId, entry, entryPointUri, logRoot, now, clientToken, attempts, executionIamPolicy: tenant?.executionIamPolicy });
    const as = tenant ? `${m.jobRuntimeRoleArn}, narrowed to tenant ${tenant.id}'s execution policy` : m.jobRuntimeRoleArn;
    report({ step: "start", message: `started job run ${jobRunId} as ${as} (client token ${clientToken})` });

    // e. wait
    const final = await waitForJobRun(async () => {
        const got = await awsCall("emr-serverless:GetJobRun", `job run ${jobRunId} of application ${applicationId}`,
            () => emr.send(new GetJobRunCommand({ applicationId, jobRunId })));
        return { state: String(got.jobRun?.state), details: got.jobRun?.stateDetails };
    }, {
        jobRunId, pollMs, sleep, now, onProgress: report,
        timeoutMs: ((opts.executionTimeoutMinutes ?? LAUNCH_RANGES.executionTimeoutMinutes.default) + 15) * 60_000,
    });

    // f. outcome
    return {
        assumedRoleArn: m.jobLaunchArn,
        applicationId,
        applicationCreated,
        clientToken,
        entryPointUri,
        jobRunId,
        state: final.state,
        stateDetails: final.details || undefined,
        logUri: `${logRoot}applications/${applicationId}/jobs/${jobRunId}/`,
    };
}

/**
 * Uploads the entry point under the bucket's staging prefix (step b) and returns its `s3://` URI.
 * (HeadBucket would need s3:ListBucket on the whole bucket — "HeadBucket", Amazon S3 API
 * Reference — which the launch role does not have; the upload is the reachability check.)
 */
async function stageEntryPoint(s3: S3Client, m: ControlPlaneMessage, entry: EntryPoint, stagingPrefix: string, report: (e: ProgressEvent) => void): Promise<string> {
    const key = stagingKey(stagingPrefix, entry);
    const entryPointUri = `s3://${m.resourceBucket}/${key}`;
    await awsCall("s3:PutObject", entryPointUri, () => s3.send(new PutObjectCommand({
        Bucket: m.resourceBucket, Key: key, Body: entry.body, ContentType: "text/x-python",
    })));
    report({ step: "stage", message: `staged ${entry.fileName} at ${entryPointUri}` });
    return entryPointUri;
}

/** Starts the job run (step d): as the plane's runtime role, tagged as the launcher's, logging under `logRoot`. Returns its id. */
async function startJobRun(emr: EMRServerlessClient, opts: LaunchOptions, run: {
    applicationId: string; entry: EntryPoint; entryPointUri: string; logRoot: string; now: () => number; clientToken: string; attempts: number;
    executionIamPolicy?: { policy?: string; policyArns?: string[] };
}): Promise<string> {
    const m = opts.message;
    const request = startJobRunRequest({
        applicationId: run.applicationId,
        executionRoleArn: m.jobRuntimeRoleArn,
        name: `${run.entry.fileName.replace(/\.py$/, "")}-${stamp(run.now())}`,
        clientToken: run.clientToken,
        executionTimeoutMinutes: opts.executionTimeoutMinutes ?? LAUNCH_RANGES.executionTimeoutMinutes.default,
        jobDriver: { sparkSubmit: {
            entryPoint: run.entryPointUri,
            ...(opts.entryPointArguments?.length ? { entryPointArguments: [...opts.entryPointArguments] } : {}),
            sparkSubmitParameters: sparkSubmitParameters(opts.sparkProperties),
        } },
        logUri: run.logRoot,
        maxAttempts: run.attempts,
        executionIamPolicy: run.executionIamPolicy,
        tags: { ...LAUNCHER_TAGS },
    });
    const started = await awsCall("emr-serverless:StartJobRun", `application ${run.applicationId} (as ${m.jobRuntimeRoleArn})`,
        () => emr.send(new StartJobRunCommand(request as unknown as StartJobRunCommandInput)));
    return started.jobRunId!;
}

/** One executor with one core: enough for a smoke job, and within the smallest worker size. */
export const SMALL_SPARK: Readonly<Record<string, string>> = {
    "spark.driver.cores": "1", "spark.driver.memory": "2g", "spark.executor.cores": "1", "spark.executor.memory": "2g",
    "spark.executor.instances": "1", "spark.dynamicAllocation.enabled": "false",
};

/** `--conf key=value` for the defaults and then the caller's properties (a later value replaces an earlier one). */
export function sparkSubmitParameters(properties: Record<string, string> = {}): string {
    return Object.entries({ ...SMALL_SPARK, ...properties }).map(([k, v]) => `--conf ${k}=${v}`).join(" ");
}

/**
 * The application job runs start on, once it can take them: the plane's own (the message's
 * `applicationId`: looked up, never created or changed), else found or created by name (launcher mode:
 * tagged as the launcher's, in the plane's network).
 */
async function readyApplication(emr: EMRServerlessClient, opts: LaunchOptions, report: (e: ProgressEvent) => void,
    sleep: (ms: number) => Promise<void>, pollMs: number): Promise<{ applicationId: string; applicationCreated: boolean; releaseLabel: string }> {
    const m = opts.message;
    let application: Application | undefined;
    let applicationCreated = false;
    if (m.applicationId !== undefined) {
        application = await getApplication(emr, m.applicationId);
        checkSpark(application);
        report({ step: "application", message: `using the plane's application ${application.name ?? ""} (${application.applicationId}), ${application.releaseLabel}, ${application.state}` });
    } else {
        const name = opts.applicationName ?? DEFAULT_APPLICATION_NAME;
        application = await findApplication(emr, name);
        applicationCreated = application === undefined;
        if (!application) {
            const created = await awsCall("emr-serverless:CreateApplication", `application ${name}`, () => emr.send(new CreateApplicationCommand({
                name,
                type: "SPARK",
                releaseLabel: opts.releaseLabel ?? DEFAULT_RELEASE_LABEL,
                maximumCapacity: { cpu: `${opts.maxVcpu ?? LAUNCH_RANGES.maxVcpu.default} vCPU`, memory: `${opts.maxMemoryGb ?? LAUNCH_RANGES.maxMemoryGb.default} GB` },
                autoStartConfiguration: { enabled: true },
                autoStopConfiguration: { enabled: true, idleTimeoutMinutes: opts.idleTimeoutMinutes ?? LAUNCH_RANGES.idleTimeoutMinutes.default },
                networkConfiguration: { subnetIds: [...m.subnetIds], securityGroupIds: [...m.securityGroups] },
                tags: { ...LAUNCHER_TAGS },
            })));
            application = await getApplication(emr, created.applicationId!);
            report({ step: "application", message: `created application ${name} (${application.applicationId}), ${application.releaseLabel}, in the plane's network` });
        } else {
            checkNetwork(application, m);
            report({ step: "application", message: `using application ${name} (${application.applicationId}), ${application.releaseLabel}, ${application.state}` });
        }
    }
    const applicationId = application.applicationId!;
    for (let waited = 0; !READY_APPLICATION_STATES.includes(String(application.state)); waited += pollMs) {
        if (application.state === "TERMINATED" || waited > 15 * 60_000) {
            throw new AwsCallError("emr-serverless:GetApplication", `application ${applicationId}`, `Application${application.state}`, undefined,
                `the application is ${application.state}${application.stateDetails ? ` (${application.stateDetails})` : ""}, not ready for job runs`);
        }
        await sleep(pollMs);
        application = await getApplication(emr, applicationId);
    }

    return { applicationId, applicationCreated, releaseLabel: String(application.releaseLabel) };
}

/** The newest live application named `name`, in full; undefined when there is none. */
async function findApplication(emr: EMRServerlessClient, name: string): Promise<Application | undefined> {
    const live = ["CREATING", "CREATED", "STARTING", "STARTED", "STOPPING", "STOPPED"] as const;
    let nextToken: string | undefined;
    const matches: { id: string; createdAt: number }[] = [];
    do {
        const page = await awsCall("emr-serverless:ListApplications", `applications named ${name}`,
            () => emr.send(new ListApplicationsCommand({ states: [...live], nextToken })));
        for (const a of page.applications ?? []) {
            if (a.name === name && a.id) matches.push({ id: a.id, createdAt: a.createdAt ? new Date(a.createdAt).getTime() : 0 });
        }
        nextToken = page.nextToken;
    } while (nextToken);
    if (matches.length === 0) return undefined;
    matches.sort((x, y) => y.createdAt - x.createdAt);
    return getApplication(emr, matches[0].id);
}

async function getApplication(emr: EMRServerlessClient, applicationId: string): Promise<Application> {
    const got = await awsCall("emr-serverless:GetApplication", `application ${applicationId}`,
        () => emr.send(new GetApplicationCommand({ applicationId })));
    return got.application!;
}

/** The plane's application must be a Spark application (the smoke job and `--entry-point` are PySpark). */
function checkSpark(app: Application): void {
    if (String(app.type).toUpperCase() !== "SPARK") {
        throw new AwsCallError("emr-serverless:GetApplication", `application ${app.name} (${app.applicationId})`, "ApplicationMismatch", undefined,
            `it is a ${app.type} application, not a Spark application: the message's applicationId must name the plane's Spark application`);
    }
}

/** An existing application must be Spark and use exactly the plane's network. */
function checkNetwork(app: Application, m: ControlPlaneMessage): void {
    const same = (a: string[] | undefined, b: string[]) => [...(a ?? [])].sort().join(",") === [...b].sort().join(",");
    const net = app.networkConfiguration;
    if (String(app.type).toUpperCase() !== "SPARK" || !same(net?.subnetIds, m.subnetIds) || !same(net?.securityGroupIds, m.securityGroups)) {
        throw new AwsCallError("emr-serverless:GetApplication", `application ${app.name} (${app.applicationId})`, "ApplicationMismatch", undefined,
            `it is a ${app.type} application on subnets [${net?.subnetIds?.join(", ") ?? ""}] and security groups [${net?.securityGroupIds?.join(", ") ?? ""}], ` +
            `not a Spark application in the plane's network: choose another --application-name`);
    }
}

/** Polls a job run until it reaches a terminal state, reporting every poll. Rejects after `timeoutMs`. */
export async function waitForJobRun(get: () => Promise<{ state: string; details?: string }>, opts: {
    jobRunId: string; pollMs: number; timeoutMs: number; sleep: (ms: number) => Promise<void>; now: () => number; onProgress: (e: ProgressEvent) => void;
}): Promise<{ state: string; details?: string }> {
    const start = opts.now();
    for (;;) {
        const status = await get();
        const elapsedSeconds = Math.round((opts.now() - start) / 1000);
        opts.onProgress({ step: "wait", jobRunId: opts.jobRunId, state: status.state, elapsedSeconds });
        if ((TERMINAL_JOB_STATES as readonly string[]).includes(status.state)) return status;
        if (opts.now() - start >= opts.timeoutMs) {
            throw new AwsCallError("emr-serverless:GetJobRun", `job run ${opts.jobRunId}`, "WaitTimeout", undefined,
                `still ${status.state} after ${elapsedSeconds} s; it goes on running (cancel it with aws emr-serverless cancel-job-run)`);
        }
        await opts.sleep(opts.pollMs);
    }
}
