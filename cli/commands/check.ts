/**
 * `dataplane check FILE [--json] [--policy-config FILE] [--account ID]`: declared here (its options, help and the
 * optional peers it needs); it runs in ../run/check.ts.
 */
import { ACCOUNT_ID_PATTERN } from "../../vocabulary/arn";
import { CommandSpec } from "../args";

export const CHECK: CommandSpec = {
    name: "check",
    summary: "run the policy pack over a stack export or a preview, without the Pulumi CLI",
    arguments: [{ name: "file", description: "a `pulumi stack export`, a `pulumi preview --json` or a `dataplane preview --json` file (UTF-8, or UTF-16 with a byte-order mark); - reads standard input" }],
    options: {
        json: { description: "print one JSON document (file, format, resources, summary, the pack settings used, violations; managedPolicyData when the AWS managed policies were judged by the documents the package ships) instead of text; bad input too, as {error, exitCode}" },
        "policy-config": { value: "file", default: "the settings a dataplane preview --json file records, else none",
            description: "a policy-pack config (JSON: rule name to enforcement level and settings), as `pulumi preview --policy-pack-config` takes" },
        account: { value: "id", repeat: true, rule: { pattern: ACCOUNT_ID_PATTERN, must: "be a 12-digit AWS account id" },
            description: "the stack's own AWS account (repeatable), when the file does not show it: a preview of a first deployment has no ARN yet; " +
                "the provider's allowedAccountIds, a <project>:accountId in the preview's config and ARNs in the outputs are read without it" },
    },
    details: "A dataplane preview --json file is judged with the pack settings the preview recorded in it, unless --policy-config is given;\n" +
        "the output says which settings were used. Exit status: 0 no mandatory violation, 1 a mandatory rule failed, 2 the file or the config is not readable.",
    peers: () => ["pack"],
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    run: (parsed, out) => (require("../run/check") as typeof import("../run/check")).checkCommand(parsed, out),
};
