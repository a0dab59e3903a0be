/**
 * Documents that let EMR Serverless itself resolve `EMR.secret@` references, as the EMR Serverless
 * User Guide's "Secrets Manager for data protection with EMR Serverless" requires (section "Grant
 * access for EMR Serverless to retrieve the secret"; the page read whole):
 *
 * - the secret's resource policy allows `secretsmanager:GetSecretValue` and
 *   `secretsmanager:DescribeSecret` under an `aws:SourceArn` condition on the applications
 *   (`arn:aws:emr-serverless:<region>:<account>:/applications/<id>`; "To ensure that only a specific
 *   application can retrieve this secret, you can optionally specify the EMR Serverless application ID");
 * - "You must create your secret with the customer-managed KMS key for EMR Serverless to read the
 *   secret value", whose key policy lets `emr-serverless.amazonaws.com` `kms:Decrypt` and
 *   `kms:DescribeKey` under `kms:ViaService = secretsmanager.<region>.amazonaws.com`.
 *
 * Where this package differs from the page's example, and why:
 * - The page's secret statement has no `Principal`, which a resource policy needs; the key statement
 *   on the same page names `{"Service": ["emr-serverless.amazonaws.com"]}`, and that is the principal
 *   used here (an inference from the page, not its words).
 * - The page pairs `StringEquals` with `arn:aws:emr-serverless:*:<account>:/applications/*`; IAM's
 *   `StringEquals` is "Exact matching" ("IAM JSON policy elements: Condition operators"), so that
 *   value would match only an ARN with literal asterisks. `ArnLike` matches the wildcards as meant.
 * - `aws:SourceAccount` is added: it "is only available when the call to your resource is made
 *   directly by an AWS service principal" ("AWS global condition context keys"), which this call is;
 *   alongside `aws:SourceArn` it can only narrow.
 * - No grant to the job runtime role: the page grants nothing to it (the service resolves the
 *   reference "when it sends configuration data to workers"). Job code that calls Secrets Manager
 *   itself needs its own grant (secret-reads-scoped in the pack).
 */
import { PolicyDocument, SERVICE, Statement, policy } from "./document";
import { accountAdministersKeyStatement } from "./bucket";
import { dnsSuffixOf } from "../../vocabulary/arn";

/** What EMR Serverless needs on a secret it resolves. */
export const EMR_SERVERLESS_SECRET_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;
/** What EMR Serverless needs on the secret's customer managed key, through Secrets Manager. */
export const EMR_SERVERLESS_SECRET_KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"] as const;

/** The `kms:ViaService` value for Secrets Manager in a region ("Secret encryption and decryption in AWS Secrets Manager"). */
export function secretsManagerViaService(region: string): string {
    return `secretsmanager.${region}.${dnsSuffixOf(region)}`;
}

export interface SecretReadersInput {
    /** The secret's account: `aws:SourceAccount`. */
    accountId: string;
    /**
     * The EMR Serverless applications whose jobs may have the secret resolved: exact application
     * ARNs, or `arn:<partition>:emr-serverless:<region>:<account>:/applications/*` for every
     * application of the account in the region.
     */
    applicationArns: readonly string[];
}

/** The secret's resource policy: EMR Serverless, on behalf of the named applications of this account only. */
export function emrServerlessSecretPolicy(input: SecretReadersInput): PolicyDocument {
    return policy({
        Sid: "EmrServerlessResolvesJobSecrets",
        Effect: "Allow",
        Principal: { Service: SERVICE.emrServerless },
        Action: [...EMR_SERVERLESS_SECRET_ACTIONS],
        // In a secret's resource policy, "*" is the secret the policy is attached to.
        Resource: "*",
        Condition: {
            StringEquals: { "aws:SourceAccount": input.accountId },
            ArnLike: { "aws:SourceArn": input.applicationArns.length === 1 ? input.applicationArns[0] : [...input.applicationArns] },
        },
    });
}

/** Key-policy statement: EMR Serverless decrypts with the key, and only through Secrets Manager in the key's region. */
export function emrServerlessSecretsKeyStatement(region: string): Statement {
    return {
        Sid: "EmrServerlessDecryptsThroughSecretsManager",
        Effect: "Allow",
        Principal: { Service: SERVICE.emrServerless },
        Action: [...EMR_SERVERLESS_SECRET_KEY_ACTIONS],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": secretsManagerViaService(region) } },
    };
}

/** Key policy of a secrets key: the account administers it through IAM, and EMR Serverless decrypts through Secrets Manager. */
export function secretsKeyPolicy(partition: string, accountId: string, region: string): PolicyDocument {
    return policy(accountAdministersKeyStatement(partition, accountId), emrServerlessSecretsKeyStatement(region));
}
