import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { emrServerlessSecretPolicy, emrServerlessSecretsKeyStatement, secretsKeyPolicy, toJson } from "./iam";
import { arn, arnPattern, parseArn } from "../vocabulary/arn";
import { lookupScope } from "./scope";
import * as v from "./validation";

export interface JobSecretArgs {
    /** The secret's name: 1-512 of letters, digits and `/_+=.@-` (Secrets Manager's rule). Required. */
    secretName: string;
    /** The secret's description. Defaults to one naming EMR Serverless. */
    description?: string;
    /**
     * The KMS key the secret is encrypted with: `"create"` (a new customer managed key with rotation,
     * whose policy lets EMR Serverless decrypt through Secrets Manager) or the ARN of an existing
     * customer managed key, whose policy must hold the statement `keyPolicyStatement` shows (this
     * component cannot edit another key's policy). An AWS managed key (`alias/aws/secretsmanager`, its
     * ARN) is refused: EMR Serverless reads only secrets encrypted with a customer managed key.
     * Defaults to `"create"`.
     */
    kmsKey?: pulumi.Input<string>;
    /**
     * The EMR Serverless applications whose job runs may have the secret resolved: exact application
     * ARNs (`arn:aws:emr-serverless:<region>:<account>:/applications/<id>`) of this account, or the
     * pattern `…:/applications/*`. Defaults to every application of this account in this region.
     */
    applicationArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Days Secrets Manager keeps a deleted secret recoverable, 7-30. Defaults to `30`. */
    recoveryWindowInDays?: number;
    /** Tags for the secret and the key. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * A Secrets Manager secret that EMR Serverless resolves for job runs (`EMR.secret@<secret>` in their
 * configuration), as the EMR Serverless User Guide's "Secrets Manager for data protection with EMR
 * Serverless" requires: encrypted with a customer managed KMS key that EMR Serverless may decrypt
 * with through Secrets Manager, and a resource policy that admits EMR Serverless only on behalf of
 * the named applications of this account. Created empty: set its value out of band
 * (`aws secretsmanager put-secret-value`), so it never passes through Pulumi state.
 */
export class JobSecret extends pulumi.ComponentResource {
    /** The secret's ARN: what a `LaunchConfiguration`'s `secrets` takes. */
    public readonly secretArn: pulumi.Output<string>;
    /** The secret's name. */
    public readonly secretName: string;
    /** The customer managed key's ARN (created, or the one given): a `LaunchConfiguration`'s `secretsKmsKeyArn`. */
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** The secret's resource policy (JSON). */
    public readonly resourcePolicy: pulumi.Output<string>;
    /** The key-policy statement EMR Serverless needs (JSON), for the owner of a key given as `kmsKey` to add. */
    public readonly keyPolicyStatement: pulumi.Output<string>;

    constructor(name: string, args: JobSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:JobSecret", name, {}, opts);
        const cfg = validateJobSecretArgs(args);
        const scope = lookupScope(this);
        const parent = { parent: this };
        this.secretName = cfg.secretName;

        this.keyPolicyStatement = scope.apply((s) => JSON.stringify(emrServerlessSecretsKeyStatement(s.region)));
        this.kmsKeyArn = cfg.kmsKey === "create"
            ? new aws.kms.Key(`${name}-key`, {
                description: `Encrypts the Secrets Manager secret ${cfg.secretName}, which EMR Serverless resolves for job runs (emr-serverless-dataplane)`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: scope.apply((s) => toJson(secretsKeyPolicy(s.partition, s.accountId, s.region))),
                tags: args.tags,
            }, parent).arn
            : customerManagedKey(cfg.kmsKey, "args.kmsKey", parent);
        const secret = new aws.secretsmanager.Secret(`${name}-secret`, {
            name: cfg.secretName,
            description: args.description ?? "Resolved by EMR Serverless for job runs (EMR.secret@ references); set its value out of band (emr-serverless-dataplane)",
            kmsKeyId: this.kmsKeyArn,
            recoveryWindowInDays: cfg.recoveryWindowInDays,
            tags: args.tags,
        }, parent);
        this.resourcePolicy = pulumi.all([scope, cfg.applicationArns ?? []]).apply(([s, arns]) => {
            const applications = cfg.applicationArns ? arns : [arn.emrApplications(s)];
            applications.forEach((a, i) => applicationArnOf(`args.applicationArns[${i}]`, a, s.accountId));
            return toJson(emrServerlessSecretPolicy({ accountId: s.accountId, applicationArns: applications }));
        });
        new aws.secretsmanager.SecretPolicy(`${name}-policy`, { secretArn: secret.arn, policy: this.resourcePolicy, blockPublicPolicy: true }, parent);
        this.secretArn = secret.arn;
        this.registerOutputs({ secretArn: this.secretArn, kmsKeyArn: this.kmsKeyArn, resourcePolicy: this.resourcePolicy, keyPolicyStatement: this.keyPolicyStatement });
    }
}

export interface JobSecretSettings {
    secretName: string;
    /** `"create"`, or a key ARN (checked as a customer managed key when known). */
    kmsKey: pulumi.Input<string>;
    /** The applications given; `undefined`: every application of the account in the region. */
    applicationArns?: pulumi.Output<string[]>;
    recoveryWindowInDays: number;
}

/** Validates and defaults {@link JobSecretArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateJobSecretArgs(args: Partial<JobSecretArgs>, field = (f: string) => `args.${f}`): JobSecretSettings {
    const secretName = v.requireString(field("secretName"), args.secretName);
    if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(secretName)) {
        throw new v.ValidationError(field("secretName"), `must be 1-512 letters, digits and /_+=.@- (a Secrets Manager secret name), got ${JSON.stringify(secretName)}`);
    }
    const kmsKey = args.kmsKey ?? "create";
    if (v.isKnown(kmsKey) && kmsKey !== "create") secretsKmsKeyArn(field("kmsKey"), kmsKey, `"create" or `);
    return {
        secretName,
        kmsKey,
        applicationArns: args.applicationArns === undefined ? undefined : v.checked(args.applicationArns, (list) =>
            v.stringList(field("applicationArns"), list, (f, a) => applicationArnOf(f, a), { min: 1 })),
        recoveryWindowInDays: v.integerInRange(field("recoveryWindowInDays"), args.recoveryWindowInDays ?? 30, 7, 30),
    };
}

/** Why an AWS managed key cannot serve, for the errors that refuse one. */
const CUSTOMER_KEY_NEEDED = "EMR Serverless reads a secret only when it is encrypted with a customer managed key (\"You must create your secret with the customer-managed " +
    "KMS key for EMR Serverless to read the secret value\", \"Secrets Manager for data protection with EMR Serverless\"), and an AWS managed key's policy cannot be changed to admit it";

/**
 * A customer managed key's ARN, for secrets EMR Serverless resolves. An AWS managed key (any alias
 * under `alias/aws/`, by name or ARN) is refused; so is any other alias (a key policy grants a key,
 * not an alias). `choices` prefixes the accepted forms in the message (`"create" or `).
 */
export function secretsKmsKeyArn(field: string, value: unknown, choices = ""): string {
    const key = v.requireString(field, value);
    const parsed = parseArn(key);
    const alias = key.startsWith("alias/") ? key : parsed?.service === "kms" && parsed.resource.startsWith("alias/") ? parsed.resource : undefined;
    if (alias?.startsWith("alias/aws/")) throw new v.ValidationError(field, `${JSON.stringify(key)} is an AWS managed key; ${CUSTOMER_KEY_NEEDED}: give ${choices}a customer managed key's ARN`);
    try {
        return v.kmsKeyArn(field, key);
    } catch {
        throw new v.ValidationError(field, `must be ${choices}a customer managed key's ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${JSON.stringify(key)}`);
    }
}

/**
 * The key as an Output. A key ARN given as a plain value is described (DescribeKey's `KeyManager`):
 * an AWS managed key's ARN (`key/<id>` like any other) is refused there, naming `field`. A key given
 * as an Output comes from another resource of the program (a JobSecret's key) and is checked for its
 * shape only; the pack's launch-secrets-resolvable judges the secrets the stack holds.
 */
export function customerManagedKey(key: pulumi.Input<string>, field: string, opts: pulumi.InvokeOptions): pulumi.Output<string> {
    const checked = v.checked(key, (k) => secretsKmsKeyArn(field, k));
    return v.isKnown(key) ? checked.apply((keyArn) => checkCustomerManagedKey(keyArn, field, opts)) : checked;
}

/** {@link customerManagedKey} for a plain ARN, awaited: a stack calls it before it registers anything. */
export async function checkCustomerManagedKey(keyArn: string, field: string, opts?: pulumi.InvokeOptions): Promise<string> {
    secretsKmsKeyArn(field, keyArn);
    const described = await aws.kms.getKey({ keyId: keyArn }, opts);
    if (described.keyManager === "AWS") throw new v.ValidationError(field, `${keyArn} is an AWS managed key; ${CUSTOMER_KEY_NEEDED}: give a customer managed key's ARN`);
    return keyArn;
}

const APPLICATION_ARN = arnPattern("emr-serverless", "/applications/([A-Za-z0-9]+|\\*)");

/** An EMR Serverless application ARN (or the pattern of all, `/applications/*`), of `accountId` when given. */
function applicationArnOf(field: string, value: unknown, accountId?: string): string {
    const text = v.requireString(field, value);
    const p = parseArn(text);
    if (!p || !APPLICATION_ARN.test(text)) {
        throw new v.ValidationError(field, `must be an EMR Serverless application ARN (arn:aws:emr-serverless:<region>:<account>:/applications/<id>, or /applications/* for all of the account's), got ${JSON.stringify(text)}`);
    }
    if (accountId !== undefined && p.account !== accountId) {
        throw new v.ValidationError(field, `names an application of account ${p.account}; the secret is in ${accountId}, and EMR Serverless resolves it only for applications of its own account (aws:SourceAccount)`);
    }
    return text;
}
