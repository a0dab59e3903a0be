/**
 * `dataplane fleet preview|up`: declared here (options, help, the optional peers each needs); it
 * runs in ../run/fleet.ts.
 */
import { CommandSpec, OptionSpec, Parsed } from "../args";
import type { PeerGroup } from "../peers";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const run = () => require("../run/fleet") as typeof import("../run/fleet");

/**
 * `--concurrency`: its range, and its defaults — on the real path Pulumi CLI processes; offline one worker
 * thread per CPU up to `offline` (each thread holds a 192 MiB young generation: two threads previewed
 * 10,000 planes within 1 GiB, more are for `--concurrency` on a machine with the memory), and none below
 * `workerFrom` planes, where a thread's start-up costs more than it saves.
 */
export const CONCURRENCY = { min: 1, max: 64, real: 4, offline: 2, workerFrom: 100 } as const;

/** A Pulumi organization name, as the planes' stack names (org/project/stack) carry it. */
export const ORG = { pattern: /^[A-Za-z0-9_.-]+$/, must: "be a Pulumi organization name of letters, digits and _.-", default: "organization" };

const COMMON: Record<string, OptionSpec> = {
    template: { value: "Pulumi.<stack>.yaml", required: true, description: "the template stack file every customer's plane starts from (a data-plane stack; required)" },
    customers: { value: "file", required: true, description: "the customer list: CSV with a header, or a YAML/JSON list; columns customerId, accountId, region, and any config key of the project to override (required)" },
    json: { description: "print one JSON document: per plane customerId, stack, outputs (with controlPlaneMessage), violations and idle cost; managedPolicyData when the AWS managed policies were judged by the documents the package ships" },
    out: { value: "dir", description: "write each plane's document to DIR/planes/<stack>.json and a control-plane world and stack under DIR/controlplane/" },
    org: { value: "name", rule: ORG, description: "the Pulumi organization of the planes' stacks, in the world file's stack names (org/project/stack)" },
    concurrency: { value: "n", range: CONCURRENCY, default: `${CONCURRENCY.real} on the real path; offline one per CPU up to ${CONCURRENCY.offline} (this thread for fewer than ${CONCURRENCY.workerFrom} planes)`,
        description: "planes at once: on the real path Pulumi CLI processes, offline worker threads of this process" },
    "policy-pack": { value: "dir", default: "the package's built pack, dist/policy-pack/", description: "on the real path, the policy pack folder to enforce (pulumi --policy-pack)" },
    slice: { value: "i/n", description: "only slice i of n (the rows i, i+n, i+2n, … counting from 0), for one CI job of n; every job still validates the whole list" },
    "show-secrets": { description: "reveal secret outputs (ExternalIds) in --json and --out documents; the world file of a real fleet holds them only with this switch" },
};

/**
 * The pack's peers: offline, the pack runs in this process; on the real path the Pulumi CLI runs the
 * package's built pack from the project's node_modules — unless `--policy-pack` names another.
 */
function packPeers(real: boolean): (parsed: Parsed) => PeerGroup[] {
    return ({ flags }) => ((real || flags.real) && flags["policy-pack"] !== undefined ? [] : ["pack"]);
}

const DETAILS = "Exit status: 0 every plane passed, 1 a plane has a mandatory violation or failed, 2 a bad list (the row, the column and what is wrong; nothing is previewed).";

export const FLEET: CommandSpec = {
    name: "fleet",
    summary: "one customer list, one private plane per customer: preview and check them all, or deploy them",
    subcommands: [
        {
            name: "preview",
            summary: "preview and policy-check every customer's plane offline in one process (or with --real, through the Automation API)",
            options: { ...COMMON, real: { description: "preview through Pulumi's Automation API (needs the Pulumi CLI and credentials) instead of offline" } },
            details: DETAILS,
            peers: packPeers(false),
            run: (parsed, out, err) => run().fleetCommand(parsed, "preview", out, err),
        },
        {
            name: "up",
            summary: "deploy every customer's plane through the Automation API (needs the Pulumi CLI and credentials), then write the control plane's world",
            options: COMMON,
            details: DETAILS,
            peers: packPeers(true),
            run: (parsed, out, err) => run().fleetCommand(parsed, "up", out, err),
        },
    ],
};
