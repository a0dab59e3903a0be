/**
 * `dataplane preview --config <Pulumi.<stack>.yaml> [--json] [--show-secrets] [--world FILE] [--diagram FILE]`:
 * declared here (its options and help, and the optional peers it needs); it runs in ../run/preview.ts.
 */
import { CommandSpec } from "../args";
import type { PeerGroup } from "../peers";

/** The peers a plan's picture needs: SVG is drawn by Graphviz in WebAssembly; Mermaid and DOT are text. */
export function diagramPeers(diagram: unknown): PeerGroup[] {
    return typeof diagram === "string" && diagram.toLowerCase().endsWith(".svg") ? ["svg"] : [];
}

export const PREVIEW: CommandSpec = {
    name: "preview",
    summary: "preview a stack offline: the plan, its idle cost, the control-plane message and the policy verdict",
    options: {
        config: { value: "Pulumi.<stack>.yaml", required: true, description: "the stack config file; its project is the Pulumi.yaml beside it, else the data-plane project (required)" },
        json: { description: "print one JSON document (resources, outputs, idleCost, violations, and the pack settings they were judged with) instead of text; managedPolicyData when the AWS managed policies were judged by the documents the package ships" },
        "show-secrets": { description: "reveal secret values (the ExternalId) instead of printing [secret]" },
        world: { value: "file", default: "what the stack config implies", description: "a world file (YAML/JSON): the account's existing subnets, endpoints, buckets, roles and the stacks a StackReference reads" },
        diagram: { value: "file.mmd|file.svg|file.dot", description: "also draw the plane: Mermaid text (.mmd), SVG (.svg, Graphviz in WebAssembly: needs the optional @viz-js/viz) or Graphviz DOT (.dot)" },
    },
    details: "No AWS account and no Pulumi CLI are used: ids and ARNs come from a deterministic mock engine.\n" +
        "Exit status: 0 no mandatory violation, 1 a mandatory rule failed, 2 bad input (the message names the config key).",
    peers: ({ flags }) => ["pack", ...diagramPeers(flags.diagram)],
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    run: (parsed, out) => (require("../run/preview") as typeof import("../run/preview")).previewCommand(parsed, out),
};
