/**
 * Passing and failing cases for the rules on secrets EMR Serverless resolves (policies/rules/secrets.ts),
 * registered into rules.spec.ts's case map: the example launcher stack (its JobSecret), and one
 * change each. The threat-by-threat variants are in ../guardedLaunch/threatsPolicyPack.spec.ts.
 */
import { RegisteredResource } from "../../engine/offline/run";
import { EXAMPLE_SCOPE, launcherExample } from "../helpers/guardedLaunch";
import { withChange } from "../helpers/policy";
import type { Case } from "./rules.spec";

const example: { resources: RegisteredResource[] } = { resources: [] };
before(async () => {
    example.resources = await launcherExample();
});

const EMR = "emr-serverless.amazonaws.com";
const APPLICATIONS = `arn:aws:emr-serverless:${EXAMPLE_SCOPE.region}:${EXAMPLE_SCOPE.accountId}:/applications/*`;
const theExample = { title: "the example's JobSecret (a customer managed key; the service for this account's applications)", resources: () => example.resources };

/** The example with the JSON document in `key` of resource `name` changed. */
const documentChanged = (name: string, change: (d: any) => void, key = "policy") => () => withChange(example.resources, name, (p) => {
    const d = JSON.parse(p[key]);
    change(d);
    p[key] = JSON.stringify(d);
});
const secretPolicy = (change: (s: any) => void) => documentChanged("metastore-password-policy", (d) => change(d.Statement[0]));
const keyStatement = (change: (s: any) => void) => documentChanged("metastore-password-key", (d) => change(d.Statement.find((s: any) => s.Sid === "EmrServerlessDecryptsThroughSecretsManager")));

export const SECRET_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "secret-policy-emr-serverless-only": {
        pass: [
            theExample,
            { title: "narrowed to one application by its exact ARN (StringEquals)", resources: secretPolicy((s) => { s.Condition = { StringEquals: { "aws:SourceAccount": EXAMPLE_SCOPE.accountId, "aws:SourceArn": APPLICATIONS.replace("*", "00f1abcd2345") } }; }) },
        ],
        fail: [
            { title: "another account's role admitted too", resources: secretPolicy((s) => { s.Principal = { Service: EMR, AWS: "arn:aws:iam::999988887777:root" }; }), expect: /admits AWS:arn:aws:iam::999988887777:root; a secret EMR Serverless resolves admits emr-serverless\.amazonaws\.com only/ },
            { title: "the service with no source condition", resources: secretPolicy((s) => { delete s.Condition; }), expect: /EMR Serverless is trusted without an aws:SourceAccount condition/ },
            { title: "the page's StringEquals with wildcards", resources: secretPolicy((s) => { s.Condition = { StringEquals: { "aws:SourceArn": `arn:aws:emr-serverless:*:${EXAMPLE_SCOPE.accountId}:/applications/*` } }; }), expect: /StringEquals matches aws:SourceArn .* literally, so EMR Serverless is never admitted/ },
        ],
    },
    "secret-key-emr-serverless-via-secrets-manager": {
        pass: [theExample],
        fail: [
            { title: "EMR Serverless may use the key directly", resources: keyStatement((s) => { delete s.Condition; }), expect: /lets EMR Serverless use the key directly/ },
            { title: "EMR Serverless may encrypt with it", resources: keyStatement((s) => { s.Action = ["kms:Decrypt", "kms:Encrypt"]; }), expect: /lets EMR Serverless kms:Encrypt; it needs kms:Decrypt and kms:DescribeKey only/ },
        ],
    },
    "launch-secrets-resolvable": {
        pass: [theExample],
        fail: [
            { title: "the referenced secret encrypted with the AWS managed key", resources: () => withChange(example.resources, "metastore-password-secret", (p) => { p.kmsKeyId = "alias/aws/secretsmanager"; }), expect: /is encrypted with the AWS managed key aws\/secretsmanager/ },
            { title: "the referenced secret with no resource policy", resources: () => structuredClone(example.resources.filter((r) => r.name !== "metastore-password-policy")), expect: /has no resource policy admitting emr-serverless\.amazonaws\.com/ },
        ],
    },
};
