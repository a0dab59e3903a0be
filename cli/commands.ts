/**
 * The arguments and options of `dataplane check` and `dataplane launch` (their behaviour lives
 * in check.ts and launch.ts). Each option says what it does, its valid values and its default:
 * that is what `--help` prints.
 */
import { CommandSpec } from "./args";
import { checkCommand } from "./check";
import { launchCommand } from "./launch";

export const CHECK: CommandSpec = {
    name: "check",
    summary: "run the policy pack over a stack export or a preview, without the Pulumi CLI",
    arguments: [{ name: "file", description: "a `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file (UTF-8, or UTF-16 with a byte-order mark); - reads standard input" }],
    options: {
        json: { description: "print one JSON document (file, format, resources, summary, violations) instead of text; bad input too, as {error, exitCode}" },
        "policy-config": { value: "file", description: "a policy-pack config (JSON: rule name to enforcement level), as `pulumi preview --policy-pack-config` takes" },
    },
    details: "Exit status: 0 no mandatory violation, 1 a mandatory rule failed, 2 the file or the config is not readable.",
    run: (parsed, out) => checkCommand(parsed, out),
};

export const LAUNCH: CommandSpec = {
    name: "launch",
    summary: "launch a job (by default a PySpark smoke job) in the plane a control-plane message describes, and wait for it",
    arguments: [{ name: "entry-point-arguments...", description: "the entry point's arguments, after the --arg values (put them after -- when they start with -)" }],
    options: {
        message: { value: "file", description: "the control-plane message: a message, a stack's outputs (dataplane preview --json --show-secrets) or the control plane's registry (required)" },
        plane: { value: "org/project/stack", description: "the plane to use when --message is a registry of several planes" },
        "application-name": { value: "name", description: "the EMR Serverless application to use or create (1-64 of letters, digits, ._/#-); defaults to emr-dataplane-smoke" },
        "release-label": { value: "emr-x.y.z", description: "EMR release of a created application (e.g. emr-7.12.0); defaults to the launcher's pinned release" },
        "max-vcpu": { value: "n", description: "maximum vCPUs of a created application (1-4000); defaults to 4" },
        "max-memory-gb": { value: "n", description: "maximum memory in GB of a created application (2-16000); defaults to 16" },
        "idle-timeout-minutes": { value: "n", description: "minutes a created application stays idle before it stops itself (1-10080); defaults to 15" },
        "entry-point": { value: "file.py", description: "the PySpark file to run; defaults to the built-in smoke job" },
        conf: { value: "spark.key=value", repeat: true, description: "a Spark property for the job run (repeatable; wins over the launcher's small defaults)" },
        arg: { value: "value", repeat: true, description: "an entry-point argument (repeatable, in order; write --arg=--flag for a value starting with --, or put the arguments after --)" },
        "session-name": { value: "name", description: "session name of the assumed launch role, shown in CloudTrail (2-64 of letters, digits, +=,.@-_); defaults to dataplane-launch-<time>" },
        "timeout-minutes": { value: "n", description: "the job's execution timeout in minutes (1-1440); waiting stops 15 minutes after it; defaults to 30" },
        "poll-seconds": { value: "n", description: "seconds between status polls (1-300); defaults to 10" },
        "endpoint-url": { value: "url", description: "send every AWS call to this endpoint (a local emulator such as moto); defaults to AWS" },
        region: { value: "region", description: "AWS region of the calls; defaults to $AWS_REGION, else the message's region" },
        profile: { value: "name", description: "AWS shared-config profile for the credentials; defaults to the SDK's default chain" },
        json: { description: "print the outcome as one JSON document, with no progress lines" },
    },
    details: "Exit status: 0 the job succeeded, 1 it failed or an AWS call failed, 2 bad input (refused before any AWS call), 3 a bug.",
    run: (parsed, out, err) => launchCommand(parsed, out, err),
};
