/**
 * `dataplane launch --message FILE [...]` (declared in ../commands/launch.ts): launches a job (by
 * default a tiny PySpark smoke job) in the data plane a control-plane message describes, waits for
 * it and prints its outcome.
 * Exit status: 0 the job succeeded, 1 it failed or an AWS call failed (one line says which call,
 * on what, and the AWS error code), 2 bad input (refused before any AWS call), 3 a bug.
 */
import * as path from "path";
import { readText } from "../../files/read";
import { AwsCallError } from "../../launcher/aws";
import { LaunchResult, ProgressEvent, SPARK_PROPERTY } from "../../launcher/options";
import { readMessageFile } from "../../launcher/messageFile";
import { EntryPoint } from "../../launcher/smokeJob";
import { Parsed, UsageError } from "../args";

/** The job's own inputs: entry-point arguments (`--arg`…, then everything after `--`) and Spark properties (`--conf`…). */
export function jobInputs(conf: string[] = [], args: string[] = [], afterDashes: string[] = []): { entryPointArguments: string[]; sparkProperties: Record<string, string> } {
    const sparkProperties: Record<string, string> = {};
    for (const c of conf) {
        const [name, value] = [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)];
        if (!c.includes("=") || !SPARK_PROPERTY.name.test(name) || !SPARK_PROPERTY.value.test(value)) {
            throw new UsageError(`dataplane launch: --conf must be spark.<property>=<value> without spaces, got ${JSON.stringify(c)}`);
        }
        sparkProperties[name] = value;
    }
    const entryPointArguments = [...args, ...afterDashes];
    const blank = entryPointArguments.find((a) => !/\S/.test(a));
    if (blank !== undefined) throw new UsageError(`dataplane launch: an entry-point argument must not be blank, got ${JSON.stringify(blank)}`);
    return { entryPointArguments, sparkProperties };
}

function entryPointFrom(file: string): EntryPoint {
    if (!file.endsWith(".py")) throw new UsageError(`dataplane launch: --entry-point must be a PySpark file (.py), got ${file}`);
    // The package's one reader (files/read.ts): a bounded size, UTF-8 or UTF-16 with a byte-order mark.
    return { fileName: path.basename(file), body: readText(file, { error: (shown, problem) => new UsageError(`dataplane launch: --entry-point ${shown} ${problem}`) }) };
}

/** Progress as lines: every step, and the job run's state whenever it changes or a minute has passed. */
function progressPrinter(out: (line: string) => void): (e: ProgressEvent) => void {
    let lastState: string | undefined;
    let lastPrinted = -Infinity;
    return (e) => {
        if (e.step !== "wait") return out(`[${e.step}] ${e.message}`);
        if (e.state === lastState && e.elapsedSeconds - lastPrinted < 60) return;
        lastState = e.state;
        lastPrinted = e.elapsedSeconds;
        out(`[wait] job run ${e.jobRunId}: ${e.state} after ${e.elapsedSeconds} s`);
    };
}

/** Runs the command (options checked against {@link LAUNCH} already). Every operand (after `--` when it starts with `-`) is an entry-point argument. */
export async function launchCommand({ flags, positionals }: Parsed, out: (line: string) => void, err: (line: string) => void = out): Promise<number> {
    const f = flags as Record<string, string | undefined>;
    const n = flags as Record<string, number | undefined>;
    const job = jobInputs(flags.conf as string[] | undefined, flags.arg as string[] | undefined, positionals);
    if (!f.message) throw new UsageError(`dataplane launch: --message is required`);
    const options = {
        maxVcpu: n["max-vcpu"],
        maxMemoryGb: n["max-memory-gb"],
        idleTimeoutMinutes: n["idle-timeout-minutes"],
        executionTimeoutMinutes: n["timeout-minutes"],
        jobAttempts: n["job-attempts"],
        pollSeconds: n["poll-seconds"],
        entryPoint: f["entry-point"] ? entryPointFrom(f["entry-point"]) : undefined,
        ...job,
    };
    // Everything above and the message are checked before the first AWS call.
    const message = readMessageFile(f.message, f.plane);

    // The SDK's own, documented switch for its Node.js version notice (it is not ours to print).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    // Loaded here, not at the top: the AWS SDK clients would slow every other command down.
    // (require, not import(): the command also runs from sources under tsx's CommonJS hook.)
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { launch } = require("../../launcher/launch") as typeof import("../../launcher/launch");
    const print = flags.json ? () => undefined : progressPrinter(out);
    let result: LaunchResult;
    try {
        result = await launch({
            message,
            aws: { endpoint: f["endpoint-url"], region: f.region, profile: f.profile },
            applicationName: f["application-name"],
            releaseLabel: f["release-label"],
            sessionName: f["session-name"],
            idempotencyKey: f["idempotency-key"],
            tenant: f.tenant,
            ...options,
            onProgress: print,
        });
    } catch (e) {
        if (e instanceof AwsCallError) {
            err(`error: ${e.message}`);
            return 1;
        }
        throw e;
    }
    if (flags.json) {
        out(JSON.stringify(result, null, 2));
    } else {
        out(`job run ${result.jobRunId}: ${result.state}${result.stateDetails ? ` (${result.stateDetails})` : ""}`);
        out(`application ${result.applicationId}${result.applicationCreated ? " (created)" : ""}, entry point ${result.entryPointUri}, client token ${result.clientToken}`);
        out(`logs: ${result.logUri}`);
    }
    return result.state === "SUCCESS" ? 0 : 1;
}
