/**
 * `dataplane onboard (--config FILE | --template FILE --customers FILE) --deploy-principal ARN --out DIR`:
 * declared here (options and help); it runs in ../run/onboard.ts.
 */
import { PRINCIPAL_ARN_PATTERN } from "../../vocabulary/arn";
import { CommandSpec } from "../args";

/** The vendor's deploy principal: an IAM role or user ARN (or an account root), as the vocabulary spells principals. */
export const DEPLOY_PRINCIPAL = { pattern: new RegExp(PRINCIPAL_ARN_PATTERN), must: "be an IAM principal ARN (arn:aws:iam::<account>:role/<name>, :user/<name> or :root)" };

/** Where the vendor hosts a customer's template: an https URL (CloudFormation reads it from S3), `{customer}` replaced per customer. */
export const TEMPLATE_URL = { pattern: /^https:\/\/[^\s]{1,1000}$/, must: "be an https URL of at most 1024 characters (the template in S3, in the stack's region; {customer} is replaced)" };

export const ONBOARD: CommandSpec = {
    name: "onboard",
    summary: "write what a customer deploys so the vendor can deploy their private plane without admin rights: a CloudFormation template, its quick-create link and a Pulumi program",
    options: {
        config: { value: "Pulumi.<stack>.yaml", description: "one customer's private-plane stack file (or --template with --customers)" },
        template: { value: "Pulumi.<stack>.yaml", description: "a fleet's template stack file, with --customers" },
        customers: { value: "file", description: "a fleet's customer list (as dataplane fleet takes it): every customer is onboarded" },
        "deploy-principal": { value: "arn", repeat: true, rule: DEPLOY_PRINCIPAL, description: "the vendor's principal that deploys the planes (repeatable; required): the deployer role trusts it, with the customer's ExternalId" },
        out: { value: "dir", required: true, description: "write <dir>/<customer>/ (cloudformation.json, pulumi/, deployer.json, the kept ExternalId) and, for a fleet, <dir>/fleet-columns.csv (required)" },
        "template-url": { value: "url", rule: TEMPLATE_URL, description: "where you will host each customer's template: also write its quick-create link (quick-create-link.txt)" },
        format: { value: "json|yaml", rule: { pattern: /^(json|yaml)$/, must: "be json or yaml", default: "json" }, description: "the CloudFormation template's format" },
        json: { description: "print one JSON document (per customer: files, deployer role, boundary, policy verdict) instead of text" },
    },
    details: "The plane is run offline (no AWS account, no Pulumi CLI) with the onboarding boundary on its roles; the deployer's\n" +
        "permissions are derived from the resource types it registers and checked by the policy pack.\n" +
        "Exit status: 0 written and the pack passed, 1 a mandatory policy violation, 2 bad input.",
    peers: () => ["pack"],
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    run: (parsed, out) => (require("../run/onboard") as typeof import("../run/onboard")).onboardCommand(parsed, out),
};
