/**
 * Rules on secrets EMR Serverless resolves (`EMR.secret@` references), the shape the EMR Serverless
 * User Guide's "Secrets Manager for data protection with EMR Serverless" requires and no wider:
 *
 * - a secret's resource policy admits the EMR Serverless service principal and nobody else, for
 *   `GetSecretValue`/`DescribeSecret` only, on behalf of this account's applications only
 *   (`aws:SourceArn` naming them with an ARN operator, `aws:SourceAccount` when the ARN leaves the
 *   account open);
 * - a key policy lets EMR Serverless `kms:Decrypt`/`kms:DescribeKey` only through Secrets Manager
 *   (`kms:ViaService = secretsmanager.<region>.amazonaws.com`);
 * - a secret a launcher or an application references is encrypted with a customer managed key and
 *   has a resource policy admitting EMR Serverless ("You must create your secret with the
 *   customer-managed KMS key for EMR Serverless to read the secret value").
 */
import { arnPattern } from "../../vocabulary/arn";
import { DNS_SUFFIXES, REGION_SHAPE } from "../../vocabulary/partitions";
import { SERVICE } from "../../vocabulary/names";
import { escapeRegExp } from "../../vocabulary/patterns";
import { ParsedStatement, admitsAnyone, admitsEmrServerless, allows, coversAction, hasWildcard, readSites, requiredEntries } from "../model/documents";
import { Finding, documentRule, stackRule } from "../model/rule";
import { StackModel, StackResource } from "../model/stackModel";
import { knownString } from "../model/values";
import { othersThanEmrServerless as others, sourceConditionProblems } from "./trust";

const SECRET_TYPES = ["aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretPolicy:SecretPolicy"];
const SECRET_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];
const KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"];
/** An EMR Serverless application ARN as `aws:SourceArn` names it: the account literal, the region and the id literal or `*`. */
const APPLICATION_SOURCE = arnPattern("emr-serverless", "/applications/([A-Za-z0-9]+|\\*)", { region: "any" });
/** `secretsmanager.<region>.<DNS suffix>` ("Secret encryption and decryption in AWS Secrets Manager"). */
const SECRETS_MANAGER_VIA = new RegExp(`^secretsmanager\\.(?:${REGION_SHAPE})\\.(?:${DNS_SUFFIXES.map(escapeRegExp).join("|")})$`);

/** Actions a statement allows beyond `allowed` (NotAction counts as everything else). */
function actionsBeyond(s: ParsedStatement, allowed: readonly string[]): string[] {
    if (s.notActions) return [`NotAction ${JSON.stringify(s.notActions)}`];
    return (s.actions ?? []).filter((a) => !allowed.some((x) => x.toLowerCase() === a.toLowerCase()));
}

export const secretPolicyEmrServerlessOnly = documentRule({
    name: "secret-policy-emr-serverless-only",
    remediation: "Admit only {\"Service\": \"emr-serverless.amazonaws.com\"} to secretsmanager:GetSecretValue and DescribeSecret, with " +
        "{\"StringEquals\": {\"aws:SourceAccount\": \"<account>\"}, \"ArnLike\": {\"aws:SourceArn\": \"arn:aws:emr-serverless:<region>:<account>:/applications/<id>\"}} (JobSecret does).",
    description: `A secret's resource policy admits ${SERVICE.emrServerless} alone, which resolves \`EMR.secret@\` references for job runs, ` +
        "to `secretsmanager:GetSecretValue` and `DescribeSecret` only, and only on behalf of this account's applications: `aws:SourceArn` " +
        "naming EMR Serverless applications of a literal account with an ARN operator (`StringEquals` with a `*` matches only a literal " +
        "asterisk: the example on AWS's page never matches), and `aws:SourceAccount` naming the same account. No other principal, no " +
        "`*`, no `IfExists` source condition (\"Secrets Manager for data protection with EMR Serverless\").",
    kinds: ["resource"],
    check: (document, _site, subject) => {
        if (!SECRET_TYPES.includes(subject.type)) return [];
        const out: string[] = [];
        for (const s of allows(document)) {
            if (admitsAnyone(s)) {
                out.push(`${s.label}: admits every principal; admit ${SERVICE.emrServerless} only, for this account's applications`);
                continue;
            }
            const foreign = others(s);
            if (foreign.length) out.push(`${s.label}: admits ${foreign.join(", ")}; a secret EMR Serverless resolves admits ${SERVICE.emrServerless} only (job code that reads a secret itself gets an identity grant, secret-reads-scoped)`);
            if (!admitsEmrServerless(s)) continue;
            const extra = actionsBeyond(s, SECRET_ACTIONS);
            if (extra.length) out.push(`${s.label}: lets EMR Serverless ${extra.join(", ")}; it needs ${SECRET_ACTIONS.join(" and ")} only`);
            out.push(...sourceConditionProblems(s, "EMR Serverless", "this account's applications", "arn:aws:emr-serverless:<region>:<account>:/applications/<id>"));
            for (const c of requiredEntries(s, "aws:SourceArn")) {
                const notApplications = c.values.filter((v) => !APPLICATION_SOURCE.test(v));
                if (notApplications.length) out.push(`${s.label}: aws:SourceArn ${JSON.stringify(notApplications)} is not an EMR Serverless application of a named account (arn:aws:emr-serverless:<region>:<account>:/applications/<id>)`);
                if (/^(ForAnyValue:)?(StringEquals|ArnEquals)/.test(c.operator) && c.values.some((v) => hasWildcard(v))) {
                    out.push(`${s.label}: ${c.operator} matches aws:SourceArn ${JSON.stringify(c.values.filter((v) => hasWildcard(v)))} literally, so EMR Serverless is never admitted; use ArnLike for a pattern, or the exact application ARN`);
                }
            }
        }
        return out;
    },
});

export const secretKeyEmrServerlessViaSecretsManager = documentRule({
    name: "secret-key-emr-serverless-via-secrets-manager",
    remediation: "Give {\"Service\": \"emr-serverless.amazonaws.com\"} kms:Decrypt and kms:DescribeKey only, with {\"StringEquals\": {\"kms:ViaService\": \"secretsmanager.<region>.amazonaws.com\"}} (JobSecret's key does).",
    description: `A key policy that admits ${SERVICE.emrServerless} lets it \`kms:Decrypt\` and \`kms:DescribeKey\` only, only through ` +
        "Secrets Manager (`kms:ViaService` equal to `secretsmanager.<region>.amazonaws.com`), in a statement that admits no other " +
        "principal: what EMR Serverless needs to read a secret encrypted with the key, and nothing more.",
    kinds: ["key"],
    check: (document) => {
        const out: string[] = [];
        for (const s of allows(document).filter(admitsEmrServerless)) {
            const foreign = others(s);
            if (foreign.length) out.push(`${s.label}: admits ${foreign.join(", ")} beside EMR Serverless; give EMR Serverless a statement of its own`);
            const extra = actionsBeyond(s, KEY_ACTIONS);
            if (extra.length) out.push(`${s.label}: lets EMR Serverless ${extra.join(", ")}; it needs ${KEY_ACTIONS.join(" and ")} only`);
            const via = requiredEntries(s, "kms:ViaService");
            const values = via.flatMap((c) => c.values);
            if (values.length === 0) out.push(`${s.label}: lets EMR Serverless use the key directly; add {"StringEquals": {"kms:ViaService": "secretsmanager.<region>.amazonaws.com"}}`);
            else if (values.some((v) => !SECRETS_MANAGER_VIA.test(v)) || via.some((c) => !/^StringEquals(IgnoreCase)?$/.test(c.operator))) {
                out.push(`${s.label}: kms:ViaService ${JSON.stringify(values)} admits other ways than Secrets Manager; require exactly "secretsmanager.<region>.amazonaws.com" with StringEquals`);
            }
        }
        return out;
    },
});

/** `EMR.secret@<id>` references in what a stack starts job runs or applications with (definitions, runtime configurations). */
function referencedSecrets(model: StackModel): Map<string, StackResource[]> {
    const out = new Map<string, StackResource[]>();
    const scan = (r: StackResource, value: unknown) => {
        const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
        for (const m of text.matchAll(/EMR\.secret@([A-Za-z0-9:/_+=.@-]+)/g)) out.set(m[1], [...(out.get(m[1]) ?? []), r]);
    };
    for (const r of model.ofType("aws:sfn/stateMachine:StateMachine")) scan(r, knownString(r.props.definition));
    for (const r of model.ofType("aws:emrserverless/application:Application")) scan(r, r.props.runtimeConfigurations);
    return out;
}

export const launchSecretsResolvable = stackRule({
    name: "launch-secrets-resolvable",
    remediation: "Create the secret with a customer managed key and a resource policy admitting EMR Serverless (JobSecret), and pass its key as the configuration's secretsKmsKeyArn.",
    description: "A secret of this stack that a state machine definition or an EMR Serverless application references (`EMR.secret@…`) " +
        "can be resolved by EMR Serverless: it is encrypted with a customer managed key (`kmsKeyId` set, not an `alias/aws/…` AWS " +
        `managed key: with the AWS managed key aws/secretsmanager EMR Serverless cannot read it) and a resource policy admits ${SERVICE.emrServerless}.`,
    check: (model) => {
        const findings: Finding[] = [];
        const references = referencedSecrets(model);
        if (references.size === 0) return findings;
        const policies = model.ofType(...SECRET_TYPES).flatMap((r) => readSites(r.type, r.props).map((d) => ({ r, read: d.read })));
        for (const secret of model.ofType("aws:secretsmanager/secret:Secret")) {
            const ids = [knownString(secret.props.arn), knownString(secret.props.id), knownString(secret.props.name)].filter((x): x is string => Boolean(x));
            const users = ids.flatMap((id) => references.get(id) ?? []);
            if (users.length === 0) continue;
            const by = [...new Set(users.map((u) => u.name))].join(", ");
            const key = knownString(secret.props.kmsKeyId);
            if (secret.props.kmsKeyId === undefined || secret.props.kmsKeyId === null || key === "" || (key !== undefined && /(^|:)alias\/aws\//.test(key))) {
                findings.push({ urn: secret.urn, message: `secret ${ids[ids.length - 1]}, referenced by ${by}, is encrypted with the AWS managed key aws/secretsmanager; EMR Serverless reads only secrets encrypted with a customer managed key: set kmsKeyId (JobSecret creates one)` });
            }
            const own = policies.filter(({ r }) => r === secret || (r.type === SECRET_TYPES[1] && (ids.includes(knownString(r.props.secretArn) ?? "") || r.dependencies.includes(secret.urn))));
            const admits = own.some(({ read }) => read.status !== "ok" || allows(read.document).some((s) => admitsEmrServerless(s) && coversAction(s, "secretsmanager:GetSecretValue")));
            if (!admits) findings.push({ urn: secret.urn, message: `secret ${ids[ids.length - 1]}, referenced by ${by}, has no resource policy admitting ${SERVICE.emrServerless}, so the job run fails when it starts; add one (JobSecret does)` });
        }
        return findings;
    },
});

/** This file's rules, in the order the rule table lists them. */
export const SECRET_RULES = [secretPolicyEmrServerlessOnly, secretKeyEmrServerlessViaSecretsManager, launchSecretsResolvable];
