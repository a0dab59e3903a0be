/**
 * What a launch takes and gives back (see launch.ts): its options, the progress it reports and its
 * result. Types only, shared by the launch's steps (launch.ts, clients.ts) and its callers.
 */
import type { ControlPlaneMessage } from "../message";
import type { AwsSettings } from "./aws";
import type { SentRequest } from "./iamRequests";
import type { EntryPoint } from "./smokeJob";

export interface LaunchOptions {
    /** The plane's validated control-plane message. */
    message: ControlPlaneMessage;
    aws?: AwsSettings;
    /** Name of the EMR Serverless application to use or create. Defaults to `emr-dataplane-smoke`. */
    applicationName?: string;
    /** EMR release label of a created application. Defaults to {@link DEFAULT_RELEASE_LABEL}. */
    releaseLabel?: string;
    /** Maximum capacity of a created application: vCPUs and memory (GB). Defaults to 4 vCPU and 16 GB. */
    maxVcpu?: number;
    maxMemoryGb?: number;
    /** Minutes a created application stays idle before it stops itself. Defaults to 15. */
    idleTimeoutMinutes?: number;
    /** The program to run. Defaults to the smoke job. */
    entryPoint?: EntryPoint;
    /** Arguments passed to the entry point, in order (e.g. `["--input_uri", "s3://…"]`). Defaults to none. */
    entryPointArguments?: string[];
    /**
     * Spark properties for the job run (`--conf key=value` each), after the launcher's small
     * defaults, so they win over them. Defaults to none.
     */
    sparkProperties?: Record<string, string>;
    /** Session name for the assumed launch role (shows in CloudTrail). Defaults to `dataplane-launch-<time>`. */
    sessionName?: string;
    /** The job's execution timeout, in minutes; waiting stops 15 minutes after it. Defaults to 30. */
    executionTimeoutMinutes?: number;
    /** Seconds between status polls. Defaults to 10. */
    pollSeconds?: number;
    /** Progress reports (one line each). */
    onProgress?: (event: ProgressEvent) => void;
    /** Waits between polls; tests replace it. Defaults to a timer. */
    sleep?: (ms: number) => Promise<void>;
    /** The clock. Defaults to `Date.now`. */
    now?: () => number;
    /** Sees every AWS request the launcher sends (and its answer); tests record them. Defaults to none. */
    onRequest?: (request: SentRequest) => void;
}

export type ProgressEvent =
    | { step: "credentials" | "application" | "stage" | "start"; message: string }
    | { step: "wait"; jobRunId: string; state: string; elapsedSeconds: number };

export interface LaunchResult {
    /** The role whose session launched the job (private plane), else undefined. */
    assumedRoleArn?: string;
    applicationId: string;
    applicationCreated: boolean;
    entryPointUri: string;
    jobRunId: string;
    /** The terminal state: SUCCESS, FAILED or CANCELLED. */
    state: string;
    stateDetails?: string;
    /** Where EMR Serverless writes this job run's logs. */
    logUri: string;
}
