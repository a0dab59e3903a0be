/**
 * AWS SDK v3 client settings and error reporting for the launcher. Endpoint, region, profile and
 * credentials follow the SDK's own conventions: what is not given explicitly comes from the
 * environment (`AWS_ENDPOINT_URL[_<SERVICE>]`, `AWS_REGION`, `AWS_PROFILE`, credentials chain).
 */
import { Readable } from "stream";
import type { SentRequest } from "./iamRequests";

/** Credentials as the SDK takes them (static keys, or an assumed role's session). */
export interface AwsCredentialIdentity {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
}

export interface AwsSettings {
    /** One endpoint for every service (`--endpoint-url`), e.g. a local test endpoint. Defaults to the SDK's resolution. */
    endpoint?: string;
    /** Region of the control plane's own calls (STS, `--region`). Defaults to `AWS_REGION`, else the plane's region. */
    region?: string;
    /** Shared-config profile for the starting credentials (`--profile`). Defaults to the SDK's resolution. */
    profile?: string;
    /** Starting credentials. Defaults to the SDK's default provider chain. */
    credentials?: AwsCredentialIdentity;
    /** Attempts per call (the SDK's retry strategy). Defaults to the SDK's (3). */
    maxAttempts?: number;
}

/** Credentials, or a function giving fresh ones (the SDK calls it again when they near expiry). */
export type CredentialsSource = AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>);

/** The part of an SDK v3 client's config the launcher sets. */
export interface ClientSettings {
    region?: string;
    endpoint?: string;
    credentials?: CredentialsSource;
    profile?: string;
    maxAttempts?: number;
}

/** SDK client config for `region`; explicit `credentials` (an assumed role) take precedence over the settings' credentials and profile. */
export function clientConfig(settings: AwsSettings, region: string | undefined, credentials?: CredentialsSource): ClientSettings {
    const config: ClientSettings = {};
    if (region) config.region = region;
    if (settings.endpoint) config.endpoint = settings.endpoint;
    const chosen = credentials ?? settings.credentials;
    if (chosen) config.credentials = chosen;
    else if (settings.profile) config.profile = settings.profile;
    if (settings.maxAttempts) config.maxAttempts = settings.maxAttempts;
    return config;
}

/** An AWS call that failed, in one line: which call, on which resource, the AWS error code. */
export class AwsCallError extends Error {
    constructor(
        /** `service:Operation`, e.g. `emr-serverless:StartJobRun`. */
        public readonly call: string,
        /** What it was called on, e.g. `application 00f… (role arn:…)`. */
        public readonly resource: string,
        /** The AWS error code (`AccessDenied`, `ValidationException`, …). */
        public readonly code: string,
        public readonly httpStatus: number | undefined,
        detail: string,
    ) {
        super(`${call} on ${resource} failed: ${code}${httpStatus ? ` (HTTP ${httpStatus})` : ""}${detail ? `: ${detail}` : ""}`);
        this.name = "AwsCallError";
    }
}

interface MiddlewareClient {
    middlewareStack: { add(middleware: (next: (args: any) => Promise<any>, context: any) => (args: any) => Promise<any>, options: Record<string, unknown>): void };
}

/**
 * Keeps the raw body of error answers (as `$response.bodyText` on the error), so that an error the
 * SDK cannot parse — an XML denial from a JSON API, as some endpoints send — still gives its code.
 * It runs just before the SDK's deserializer; error bodies are small.
 */
export function keepErrorBodies<C extends MiddlewareClient>(client: C): C {
    client.middlewareStack.add((next) => async (args) => {
        const out = await next(args);
        const res = out?.response;
        if (res && res.statusCode >= 400 && res.body && typeof res.body[Symbol.asyncIterator] === "function") {
            const chunks: Buffer[] = [];
            for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
            const body = Buffer.concat(chunks);
            res.bodyText = body.toString("utf8");
            res.body = Readable.from([body]);
        }
        return out;
    }, { step: "deserialize", priority: "low", name: "keepErrorBodies" });
    return client;
}

/** Runs one AWS call, turning any SDK error into an {@link AwsCallError}. */
export async function awsCall<T>(call: string, resource: string, send: () => Promise<T>): Promise<T> {
    try {
        return await send();
    } catch (err) {
        throw toAwsCallError(call, resource, err);
    }
}

export function toAwsCallError(call: string, resource: string, err: unknown): AwsCallError {
    const e = err as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $responseBodyText?: string;
        $response?: { body?: unknown; bodyText?: string }; code?: string };
    const status = e.$metadata?.httpStatusCode;
    // A service that answered in another protocol than the SDK expects (an XML error to a JSON API,
    // as some endpoints do): the code is in the body the SDK could not parse.
    const body = [e.$response?.bodyText, e.$responseBodyText, e.$response?.body].find((b): b is string => typeof b === "string") ?? "";
    const xmlCode = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
    const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
    const unparsed = e.name === "SyntaxError" || /Deserialization error/.test(e.message ?? "");
    const code = xmlCode ?? (unparsed ? "UnreadableErrorResponse" : e.Code ?? e.code ?? e.name ?? "Error");
    const detail = xmlMessage ?? (unparsed ? "the endpoint's answer could not be read" : firstLine(e.message ?? String(err)));
    return new AwsCallError(call, resource, code, status, detail);
}

function firstLine(text: string): string {
    return text.split("\n")[0].trim();
}

/**
 * Reports every command `client` sends (service, operation, input) and, when it succeeds, its
 * output — before any retry or signing, exactly as the launcher built it. Without a hook, the
 * client is returned as it is.
 */
export function recordRequests<C extends MiddlewareClient>(client: C, service: string, hook: ((r: SentRequest) => void) | undefined): C {
    if (!hook) return client;
    client.middlewareStack.add((next, context: any) => async (args: any) => {
        const sent: SentRequest = { service, operation: String(context?.commandName ?? "").replace(/Command$/, ""), input: args.input };
        hook(sent);
        const out = await next(args);
        sent.output = out?.output;
        return out;
    }, { step: "initialize", name: "recordRequests" });
    return client;
}
