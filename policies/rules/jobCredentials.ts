/**
 * Plaintext credentials in a job's configuration: EMR Serverless shows a job run's configuration
 * to anyone who may GetJobRun or GetApplication, a state machine's definition to anyone who may
 * describe it, a launch configuration to anyone who may read the parameter. Credentials belong in
 * Secrets Manager, referenced as `EMR.secret@<secret ARN>` ("Secrets Manager for data protection
 * with EMR Serverless", EMR Serverless User Guide): the service resolves the reference when the job
 * runs. Where the configuration lives:
 *
 * - an application's runtime configuration (`runtimeConfigurations`: spark-defaults properties,
 *   `spark.executorEnv.*` and `spark.emr-serverless.driverEnv.*` environment variables, nested configurations);
 * - a launch configuration in Parameter Store (the JSON the guarded launcher reads: submit parameters, properties);
 * - a state machine's definition (StartJobRun's SparkSubmitParameters, ApplicationConfiguration properties, arguments).
 *
 * Lambda functions' environment variables are not job configuration and are left out (a plane registers
 * no function that holds credentials; the guarded launcher's read secrets from Secrets Manager).
 */
import { ConfigValue, plaintextCredentials, propertyValues, submitParameterValues } from "../model/credentials";
import { resourceRule } from "../model/rule";
import { asArray, isUnknown, knownString } from "../model/values";

type Props = Record<string, unknown>;

/** Maps of properties or environment variables, by their key's name in the documents that hold them. */
const PROPERTY_MAPS = /^(properties|sparkproperties|environment|environmentvariables|env|driverenv|executorenv)$/i;
const SUBMIT_PARAMETERS = /submitparameters$/i;

/** Every value of a job document (parsed JSON), keyed where it sits in a property map or a `--conf`. */
function jobValues(value: unknown, path: string, out: ConfigValue[] = []): ConfigValue[] {
    if (typeof value === "string") out.push({ path, value });
    else if (Array.isArray(value)) value.forEach((v, i) => jobValues(v, `${path}[${i}]`, out));
    else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value as Props)) {
            const at = path ? `${path}.${k}` : k;
            if (SUBMIT_PARAMETERS.test(k) && typeof v === "string") out.push(...submitParameterValues(v, at));
            else if (PROPERTY_MAPS.test(k) && v && typeof v === "object" && !Array.isArray(v)) {
                for (const entry of propertyValues(v, at)) {
                    if (entry.value && typeof entry.value === "object") jobValues(entry.value, entry.path, out);
                    else out.push(entry);
                }
            } else jobValues(v, at, out);
        }
    }
    return out;
}

/** An EMR Serverless application's runtime configuration: classifications with properties, and nested configurations. */
function runtimeConfigurationValues(list: unknown, path: string): ConfigValue[] {
    return asArray(list as Props[]).flatMap((c, i) => (c && typeof c === "object"
        ? [...propertyValues(c.properties, `${path}[${i}].properties`), ...runtimeConfigurationValues(c.configurations, `${path}[${i}].configurations`)] : []));
}

/** A JSON document given as text (or already an object); undefined when it is not JSON or not known. */
function parsed(value: unknown): unknown {
    if (value && typeof value === "object") return value;
    const text = knownString(value);
    if (text === undefined || isUnknown(value)) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** Whether a parameter's JSON is a job's configuration (a launch configuration, or anything carrying submit parameters or properties). */
function isJobDocument(doc: unknown): boolean {
    return Boolean(doc && typeof doc === "object" && !Array.isArray(doc) && JSON.stringify(Object.keys(doc as Props)).match(/"(job|submitParameters|sparkSubmitParameters|sparkProperties|properties|configurationOverrides|jobDriver)"/i));
}

const SOURCES: Record<string, (p: Props) => ConfigValue[]> = {
    "aws:emrserverless/application:Application": (p) => runtimeConfigurationValues(p.runtimeConfigurations, "runtimeConfigurations"),
    "aws-native:emrserverless:Application": (p) => runtimeConfigurationValues(p.runtimeConfiguration, "runtimeConfiguration"),
    "aws:ssm/parameter:Parameter": (p) => {
        const doc = parsed(p.value);
        return isJobDocument(doc) ? jobValues(doc, "value") : [];
    },
    "aws:sfn/stateMachine:StateMachine": (p) => jobValues(parsed(p.definition), "definition"),
    "aws-native:stepfunctions:StateMachine": (p) => [...jobValues(parsed(p.definitionString), "definitionString"), ...jobValues(parsed(p.definition), "definition")],
};

export const jobConfigNoPlaintextCredentials = resourceRule({
    name: "job-config-no-plaintext-credentials",
    description: "No credential is written in plain text where a job's configuration lives — an EMR Serverless application's runtime " +
        "configuration (spark-defaults, driver and executor environment, nested configurations), a launch configuration in Parameter " +
        "Store, a state machine's job parameters (spark-submit parameters, application configuration properties, arguments): a key that " +
        "names a credential (…password, …secret, …secret.key, …token, API and private keys; in any case or separator) holding a literal, " +
        "or a value shaped like one whatever its key (an AWS access key id AKIA…/ASIA…, a private key, a URL or connection string " +
        "with a password). Anyone who may read the job run, the definition or the parameter would read it. A reference " +
        "(`EMR.secret@<secret ARN>`, a secret ARN, a placeholder, a file path) passes.",
    remediation: "Store the credential in Secrets Manager and reference it in the job's configuration as EMR.secret@<secret ARN> (LaunchConfiguration's secrets do this).",
    types: Object.keys(SOURCES),
    check: (props, subject) => plaintextCredentials(SOURCES[subject.type]?.(props) ?? []),
});
