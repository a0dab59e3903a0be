/**
 * What a launch takes and gives back (see launch.ts): its options — each range, rule and default
 * declared once here, checked by {@link validateLaunchOptions} before any AWS call and read by the
 * command line for its own checks and `--help` — the progress it reports and its result. No AWS
 * SDK here: the command line reads this file before it loads one.
 */
import * as v from "../components/validation";
import type { ControlPlaneMessage } from "../message";
import type { AwsSettings } from "./aws";
import type { SentRequest } from "./iamRequests";
// The message's reader and the tenants' paths are loaded when a launch is checked, not with the command
// line's grammar (cli/commands/launch.ts declares its options from this file on every command's start-up).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const messageFile = (): typeof import("./messageFile") => require("./messageFile");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const tenantPaths = (): typeof import("./tenantPaths") => require("./tenantPaths");
import type { EntryPoint } from "./smokeJob";
import { CLIENT_TOKEN_PATTERN, DEFAULT_EMR_RELEASE_LABEL, JOB_ATTEMPTS } from "../vocabulary/emrServerless";
import { TENANT_ID_PATTERN, TENANT_ID_RULE } from "../vocabulary/tenants";

export const DEFAULT_RELEASE_LABEL = DEFAULT_EMR_RELEASE_LABEL;
export const DEFAULT_APPLICATION_NAME = "emr-dataplane-smoke";

/** The whole-number options: range and default. */
export const LAUNCH_RANGES = {
    maxVcpu: { min: 1, max: 4000, default: 4 },
    maxMemoryGb: { min: 2, max: 16000, default: 16 },
    idleTimeoutMinutes: { min: 1, max: 10080, default: 15 },
    executionTimeoutMinutes: { min: 1, max: 1440, default: 30 },
    pollSeconds: { min: 1, max: 300, default: 10 },
    jobAttempts: JOB_ATTEMPTS,
} as const;

/** The name options: the pattern a value must match, the rule in words, and the default. */
export const LAUNCH_NAMES = {
    applicationName: { pattern: /^[A-Za-z0-9._\/#-]{1,64}$/, must: "be 1-64 of letters, digits and ._/#-", default: DEFAULT_APPLICATION_NAME },
    releaseLabel: { pattern: /^emr-\d+\.\d+\.\d+(-latest)?$/, must: "look like emr-7.12.0", default: DEFAULT_RELEASE_LABEL },
    sessionName: { pattern: /^[\w+=,.@-]{2,64}$/, must: "be 2-64 of letters, digits and +=,.@-_", default: "dataplane-launch-<time>" },
    idempotencyKey: { pattern: CLIENT_TOKEN_PATTERN, must: "be 1-64 of letters, digits and ._-", default: "a new random key per launch" },
} as const;

/** The options that shape an application the launcher creates: refused when the message names the plane's own. */
export const CREATED_APPLICATION_OPTIONS = ["applicationName", "releaseLabel", "maxVcpu", "maxMemoryGb", "idleTimeoutMinutes"] as const;

/** A Spark property of the job run: `spark.<name>`, and a value without whitespace (it would split the submit parameters). */
export const SPARK_PROPERTY = { name: /^spark\.[A-Za-z0-9._-]+$/, value: /^\S+$/ } as const;

export interface LaunchOptions {
    /** The plane's validated control-plane message. */
    message: ControlPlaneMessage;
    aws?: AwsSettings;
    /**
     * The tenant whose job this is, on a shared plane that declares tenants (the message's `tenants`):
     * the job run is started with the tenant's execution IAM policy, its entry point staged under
     * `staging/tenants/<id>/` and its logs written under `logs/tenants/<id>/`. Required on such a plane;
     * refused on a plane without tenants. Defaults to none.
     */
    tenant?: string;
    /**
     * The launch's idempotency key: StartJobRun's client token, the same on every retry of the request,
     * so a retried launch starts no second run. Give the same key to retry a launch whose outcome you do
     * not know. Rule: {@link LAUNCH_NAMES}. Defaults to a new random key per `launch()` call.
     */
    idempotencyKey?: string;
    /**
     * Attempts of a failed job run: EMR Serverless reruns it from the start up to this many times in all
     * (StartJobRun `retryPolicy.maxAttempts`; the application's release must be 7.1.0 or later). Range and
     * default ({@link LAUNCH_RANGES}): 1, no rerun.
     */
    jobAttempts?: number;
    /**
     * Launcher mode only (a message without `applicationId`): name of the EMR Serverless application
     * to use or create. Defaults to {@link DEFAULT_APPLICATION_NAME}. The next four options also shape a
     * created application; with the plane's own application they are refused.
     */
    applicationName?: string;
    /** EMR release label of a created application. Defaults to {@link DEFAULT_RELEASE_LABEL}. */
    releaseLabel?: string;
    /** Maximum capacity of a created application: vCPUs and memory (GB). Ranges and defaults: {@link LAUNCH_RANGES}. */
    maxVcpu?: number;
    maxMemoryGb?: number;
    /** Minutes a created application stays idle before it stops itself. Range and default: {@link LAUNCH_RANGES}. */
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
    /** Session name for the assumed launch role (shows in CloudTrail). Rule and default: {@link LAUNCH_NAMES}. */
    sessionName?: string;
    /** The job's execution timeout, in minutes; waiting stops 15 minutes after it. Range and default: {@link LAUNCH_RANGES}. */
    executionTimeoutMinutes?: number;
    /** Seconds between status polls. Range and default: {@link LAUNCH_RANGES}. */
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
    /** Whether the launcher created the application (launcher mode); false on the plane's own. */
    applicationCreated: boolean;
    /** The StartJobRun client token: the idempotency key to launch with again to retry this launch. */
    clientToken: string;
    entryPointUri: string;
    jobRunId: string;
    /** The terminal state: SUCCESS, FAILED or CANCELLED. */
    state: string;
    stateDetails?: string;
    /** Where EMR Serverless writes this job run's logs. */
    logUri: string;
}

/**
 * The message's entry for `opts.tenant`, or undefined on a plane without tenants. Throws a
 * ValidationError naming `tenant` when a plane with tenants is launched without one (no job runs with
 * the runtime role's whole permissions there), when the tenant is not the plane's, or when a plane
 * without tenants is given one.
 */
export function tenantOf(opts: Pick<LaunchOptions, "message" | "tenant">): NonNullable<ControlPlaneMessage["tenants"]>[number] | undefined {
    const tenants = opts.message.tenants ?? [];
    const ids = tenants.map((t) => t.id).join(", ");
    if (opts.tenant === undefined) {
        if (tenants.length > 0) throw new v.ValidationError("tenant", `is required: this shared plane runs every job as one of its tenants (${ids}), with that tenant's execution IAM policy; give --tenant <id>`);
        return undefined;
    }
    if (typeof opts.tenant !== "string" || !TENANT_ID_PATTERN.test(opts.tenant)) throw new v.ValidationError("tenant", `must be ${TENANT_ID_RULE}, got ${JSON.stringify(opts.tenant)}`);
    if (tenants.length === 0) throw new v.ValidationError("tenant", `the plane declares no tenants, so there is no tenant ${JSON.stringify(opts.tenant)}; launch without --tenant`);
    const entry = tenants.find((t) => t.id === opts.tenant);
    if (!entry) throw new v.ValidationError("tenant", `${JSON.stringify(opts.tenant)} is not a tenant of this plane (its tenants: ${ids})`);
    return entry;
}

/**
 * Checks everything a launch takes before any AWS call: the message (as {@link checkMessage} does),
 * every range and name, the entry point, its arguments and the Spark properties. Throws a
 * ValidationError naming the option (`maxVcpu`, `sparkProperties["spark x"]`, …).
 */
export function validateLaunchOptions(opts: LaunchOptions): void {
    messageFile().checkMessage(opts.message, "message");
    const tenant = tenantOf(opts);
    if (opts.message.applicationId !== undefined) {
        const given = CREATED_APPLICATION_OPTIONS.find((o) => opts[o] !== undefined);
        if (given) throw new v.ValidationError(given, `only applies when the launcher creates its application; the message names the plane's own application ${opts.message.applicationId}`);
    }
    for (const [field, range] of Object.entries(LAUNCH_RANGES)) {
        const value = opts[field as keyof typeof LAUNCH_RANGES];
        if (value !== undefined) v.integerInRange(field, value, range.min, range.max);
    }
    for (const [field, rule] of Object.entries(LAUNCH_NAMES)) {
        const value = opts[field as keyof typeof LAUNCH_NAMES];
        if (value !== undefined && (typeof value !== "string" || !rule.pattern.test(value))) {
            throw new v.ValidationError(field, `must ${rule.must}, got ${JSON.stringify(value)}`);
        }
    }
    const entry = opts.entryPoint;
    if (entry !== undefined && !/^[\w.-]+\.py$/.test(String(entry.fileName))) {
        throw new v.ValidationError("entryPoint.fileName", `must be a PySpark file name (letters, digits, ._-, ending .py), got ${JSON.stringify(entry.fileName)}`);
    }
    if (entry !== undefined && typeof entry.body !== "string") throw new v.ValidationError("entryPoint.body", "must be the program's text");
    (opts.entryPointArguments ?? []).forEach((a, i) => {
        if (typeof a !== "string" || !/\S/.test(a)) throw new v.ValidationError(`entryPointArguments[${i}]`, `must not be blank, got ${JSON.stringify(a)}`);
    });
    for (const [name, value] of Object.entries(opts.sparkProperties ?? {})) {
        const field = `sparkProperties[${JSON.stringify(name)}]`;
        if (!SPARK_PROPERTY.name.test(name)) throw new v.ValidationError(field, "must be named spark.<property>");
        if (typeof value !== "string" || !SPARK_PROPERTY.value.test(value)) throw new v.ValidationError(field, `must be a value without spaces, got ${JSON.stringify(value)}`);
    }
    // A tenant's job reads only its own prefixes of the plane's bucket (./tenantPaths.ts).
    if (tenant) tenantPaths().checkTenantPaths(opts, tenant.id);
}
