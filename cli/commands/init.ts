/**
 * `dataplane init <dir> [--kind private|shared] [--stack NAME] [--region REGION] [--force]`:
 * declared here; it runs in ../run/init.ts. It needs no optional peer.
 */
import { REGION_PATTERN } from "../../vocabulary/partitions";
import { CommandSpec } from "../args";

/** A Pulumi stack name, as `pulumi stack init` takes it (without an organization or project). */
export const STACK_NAME = { pattern: /^[A-Za-z0-9_.-]{1,100}$/, must: "be 1-100 letters, digits and _.-", default: "dev" };
/** The plane kinds, as `planeKind` takes them. */
export const KIND = { pattern: /^(private|shared)$/, must: "be private or shared", default: "private" };
/** The shape of an AWS region (the project's own check, against the SDK's region list, runs before anything is written). */
export const REGION = { pattern: REGION_PATTERN, must: "be an AWS region such as eu-west-1", default: "us-east-1" };

export const INIT: CommandSpec = {
    name: "init",
    summary: "scaffold a data-plane project (Pulumi.yaml, program, stack file, policy-pack config), as pulumi new would",
    arguments: [{ name: "dir", description: "the folder to create the project in (created if missing; it must be empty unless --force)" }],
    options: {
        kind: { value: "private|shared", rule: KIND, description: "the plane: private (one customer's account) or shared (the vendor's)" },
        stack: { value: "name", rule: STACK_NAME, description: "the stack's name: the stack file is Pulumi.<name>.yaml" },
        region: { value: "region", rule: REGION, description: "the stack's aws:region" },
        force: { description: "write into a folder that is not empty, replacing files of the same names (package.json: its dependencies are merged; .gitignore: lines added)" },
    },
    details: "Then: dataplane preview --config <dir>/Pulumi.<stack>.yaml previews the new plane offline at once.\n" +
        "Exit status: 0 written, 2 bad input (nothing is written).",
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    run: (parsed, out) => (require("../run/init") as typeof import("../run/init")).initCommand(parsed, out),
};
