/**
 * Credentials written in plain text where a job's configuration lives — Spark properties, spark-submit
 * parameters, driver and executor environment variables, an application's runtime configuration, a
 * launch configuration, a state machine's job parameters — recognised by their shape: keys that
 * name a credential (a password, a secret key, a token) holding a literal value, and values that are
 * credentials whatever their key (an AWS access key id, a private key, a URL with a password in it).
 * A value EMR Serverless resolves from Secrets Manager (`EMR.secret@<secret ARN>`, "Secrets Manager
 * for data protection with EMR Serverless") is a reference, not a credential; so are secret ARNs and
 * placeholders. Values are never repeated in a message.
 */
import { MASKED_SECRET, isUnknown } from "./values";
import { parseArn } from "../../vocabulary/arn";

/** Services whose ARNs name where a secret is kept, not the secret. */
const SECRET_STORES = new Set(["secretsmanager", "ssm", "kms"]);

/** The annotation EMR Serverless resolves from Secrets Manager when a job runs. */
export const SECRET_REFERENCE = "EMR.secret@";

/** A key, or environment variable name, as lower-case words: `spark.hadoop.fs.s3a.secret.key` → secret key; `keyStorePassword` → key store password. */
function words(key: string): string[] {
    return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Word endings that name a credential, and how a message calls it. */
const CREDENTIAL_ENDINGS: [string[], string][] = [
    [["secret", "access", "key"], "a secret access key"],
    [["secret", "key"], "a secret key"],
    [["private", "key"], "a private key"],
    [["api", "key"], "an API key"],
    [["apikey"], "an API key"],
    [["access", "token"], "an access token"],
    [["session", "token"], "a session token"],
    [["auth", "token"], "an auth token"],
    [["token"], "a token"],
    [["password"], "a password"],
    [["passwd"], "a password"],
    [["pwd"], "a password"],
    [["passphrase"], "a passphrase"],
    [["secret"], "a secret"],
    [["credential"], "a credential"],
    [["credentials"], "credentials"],
];

/** What credential a key names (by its last words), or undefined. */
export function credentialKey(key: string): string | undefined {
    const w = words(key);
    for (const [ending, what] of CREDENTIAL_ENDINGS) {
        if (w.length >= ending.length && ending.every((e, i) => w[w.length - ending.length + i] === e)) return what;
    }
    return undefined;
}

/** Values that are credentials whatever their key, by shape. */
const CREDENTIAL_VALUES: [RegExp, string][] = [
    // "Understanding unique ID prefixes" (IAM User Guide): AKIA long-term, ASIA temporary access key ids.
    [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/, "an AWS access key id"],
    [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, "a private key"],
    [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "a URL with a password in it"],
    [/[?;&](?:password|pwd|secret|token)=[^&;\s]+/i, "a connection string with a password in it"],
];

/** What credential a value is by its shape, or undefined. */
export function credentialValue(value: string): string | undefined {
    return CREDENTIAL_VALUES.find(([re]) => re.test(value))?.[1];
}

/** Whether a value refers to a secret instead of holding one (EMR Serverless's reference, a secret ARN, a placeholder, a file), or is a flag. */
export function isReference(value: string): boolean {
    const v = value.trim();
    return v === "" || v.startsWith(SECRET_REFERENCE) || SECRET_STORES.has(parseArn(v)?.service ?? "") || /^\{\{resolve:/.test(v)
        || /^\$\{[^}]+\}$/.test(v) || /^(true|false|none|null)$/i.test(v)
        || /^(s3a?|file|hdfs):\/\/[^:@\s]*$/.test(v) || /^\/[\w./-]*$/.test(v);
}

/** Keys whose last word says they hold something else than the credential itself (a provider class, a file, a flag, a duration). */
const NOT_A_VALUE = new Set(["provider", "providers", "class", "enabled", "enable", "file", "path", "location", "uri", "url", "ttl", "interval", "timeout",
    "duration", "expiry", "renewal", "type", "name", "id", "arn", "length", "size", "mode", "algorithm", "format"]);

/** One value of a job's configuration: where it is, its key (a property or variable name) when it has one, and the value. */
export interface ConfigValue {
    path: string;
    key?: string;
    value: unknown;
}

/** The plaintext credentials among `values`, as messages (never repeating a value). */
export function plaintextCredentials(values: ConfigValue[]): string[] {
    const out: string[] = [];
    for (const { path, key, value } of values) {
        if (isUnknown(value)) continue;
        const text = typeof value === "string" ? value : undefined;
        const byKey = key !== undefined && !NOT_A_VALUE.has(words(key).pop() ?? "") ? credentialKey(key) : undefined;
        if (text === MASKED_SECRET) {
            // A Pulumi secret whose value the file hides: under a credential's key it is a credential in the job's configuration.
            if (byKey) out.push(`${path} holds ${byKey} (a secret value, hidden here) in plain job configuration; ${FIX}`);
            continue;
        }
        if (text === undefined) continue;
        const byValue = credentialValue(text);
        if (byValue && !text.startsWith(SECRET_REFERENCE)) out.push(`${path} holds ${byValue} in plain text (value not shown); ${FIX}`);
        else if (byKey && !isReference(text)) out.push(`${path} holds ${byKey} in plain text (value not shown); ${FIX}`);
    }
    return out;
}

const FIX = "keep it in Secrets Manager and give the job a reference instead, EMR.secret@<secret ARN> (EMR Serverless resolves it when the job runs; GetJobRun shows the reference, never the value)";

/**
 * The `--conf key=value` pairs of spark-submit parameters (`--conf k=v`, `--conf=k=v`, quoted or not),
 * and the other arguments, whose values are judged by shape only.
 */
export function submitParameterValues(text: string, path: string): ConfigValue[] {
    const tokens = [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    const out: ConfigValue[] = [];
    for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        const conf = t === "--conf" || t === "--hiveconf" ? tokens[++i] : /^--(conf|hiveconf)=/.test(t) ? t.replace(/^--(conf|hiveconf)=/, "") : undefined;
        if (conf !== undefined && conf.includes("=")) {
            const key = conf.slice(0, conf.indexOf("="));
            out.push({ path: `${path} (--conf ${key})`, key, value: conf.slice(conf.indexOf("=") + 1) });
        } else if (t !== undefined) {
            out.push({ path, value: t });
        }
    }
    return out;
}

/** A map of properties or environment variables: each entry keyed. */
export function propertyValues(map: unknown, path: string): ConfigValue[] {
    if (!map || typeof map !== "object" || Array.isArray(map)) return [];
    return Object.entries(map as Record<string, unknown>).map(([key, value]) => ({ path: `${path}[${JSON.stringify(key)}]`, key, value }));
}
