/**
 * `dataplane launch --message FILE [...]`: declared here (options, help, the optional peers it
 * needs); it runs in ../run/launch.ts. The ranges, rules and defaults are the launcher's own
 * (`launcher/options.ts`), so the command and `launch()` check the same numbers.
 */
import { LAUNCH_NAMES, LAUNCH_RANGES } from "../../launcher/options";
import { CommandSpec } from "../args";

export const LAUNCH: CommandSpec = {
    name: "launch",
    summary: "launch a job (by default a PySpark smoke job) in the plane a control-plane message describes, and wait for it",
    arguments: [{ name: "entry-point-arguments...", description: "the entry point's arguments, after the --arg values (put them after -- when they start with -)" }],
    options: {
        message: { value: "file", description: "the control-plane message: a message, a stack's outputs (dataplane preview --json --show-secrets) or the control plane's registry (required)" },
        plane: { value: "org/project/stack", description: "the plane to use when --message is a registry of several planes" },
        tenant: { value: "id", description: "the tenant whose job this is, on a shared plane with tenants (required there, refused elsewhere): the job runs with the tenant's execution IAM policy, staged and logging under its prefixes" },
        "idempotency-key": { value: "key", rule: LAUNCH_NAMES.idempotencyKey, description: "the launch's client token (StartJobRun's idempotency token, the same on every retry); launch again with the key a launch printed to retry it without starting a second run" },
        "job-attempts": { value: "n", range: LAUNCH_RANGES.jobAttempts, description: "attempts of a failed job run, rerun from the start by EMR Serverless (its retry policy; release 7.1.0 or later)" },
        "application-name": { value: "name", rule: LAUNCH_NAMES.applicationName, description: "launcher mode (a message without applicationId): the application to use or create" },
        "release-label": { value: "emr-x.y.z", rule: LAUNCH_NAMES.releaseLabel, description: "launcher mode: EMR release of a created application" },
        "max-vcpu": { value: "n", range: LAUNCH_RANGES.maxVcpu, description: "launcher mode: maximum vCPUs of a created application" },
        "max-memory-gb": { value: "n", range: LAUNCH_RANGES.maxMemoryGb, description: "launcher mode: maximum memory in GB of a created application" },
        "idle-timeout-minutes": { value: "n", range: LAUNCH_RANGES.idleTimeoutMinutes, description: "launcher mode: minutes a created application stays idle before it stops itself" },
        "entry-point": { value: "file.py", default: "the built-in smoke job", description: "the PySpark file to run" },
        conf: { value: "spark.key=value", repeat: true, description: "a Spark property for the job run (repeatable; wins over the launcher's small defaults)" },
        arg: { value: "value", repeat: true, description: "an entry-point argument (repeatable, in order; write --arg=--flag for a value starting with --, or put the arguments after --)" },
        "session-name": { value: "name", rule: LAUNCH_NAMES.sessionName, description: "session name of the assumed launch role, shown in CloudTrail" },
        "timeout-minutes": { value: "n", range: LAUNCH_RANGES.executionTimeoutMinutes, description: "the job's execution timeout in minutes; waiting stops 15 minutes after it" },
        "poll-seconds": { value: "n", range: LAUNCH_RANGES.pollSeconds, description: "seconds between status polls" },
        "endpoint-url": { value: "url", default: "AWS", description: "send every AWS call to this endpoint (a local emulator such as moto)" },
        region: { value: "region", default: "$AWS_REGION, else the message's region", description: "AWS region of the calls" },
        profile: { value: "name", default: "the SDK's default chain", description: "AWS shared-config profile for the credentials" },
        json: { description: "print the outcome as one JSON document, with no progress lines" },
    },
    details: "Exit status: 0 the job succeeded, 1 it failed or an AWS call failed, 2 bad input (refused before any AWS call), 3 a bug.",
    peers: () => ["launcher"],
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    run: (parsed, out, err) => (require("../run/launch") as typeof import("../run/launch")).launchCommand(parsed, out, err),
};
