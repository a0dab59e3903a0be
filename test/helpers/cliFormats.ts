/**
 * Writes resources in the two formats the Pulumi CLI writes (FACTS.md, from Pulumi's own source),
 * for `dataplane check` tests, fixtures and the benchmark:
 *
 * - `pulumi stack export` (deployment v3): a manifest, a secrets provider, the default aws
 *   provider, every resource as a ResourceV3; secrets as ciphertext, or as plaintext (what
 *   `--show-secrets` writes);
 * - ResourceV3 states for `pulumi preview --json` steps (secrets as `"[secret]"`).
 */
import { createHash } from "crypto";
import { RegisteredResource, SECRET_SIG, SECRET_SIG_KEY, isSecretValue } from "../../engine/offline/run";

export const TIME = "2026-03-02T10:15:42.123456789Z";
export const PROVIDER_ID = "4c0e4f3b-6f0e-4d34-9a57-0c2f7a1e9b1d";

export type SecretStyle = "ciphertext" | "plaintext" | "masked";

/** A secret as each format holds it: passphrase ciphertext, `--show-secrets` plaintext, or preview JSON's "[secret]". */
export function secrets(value: unknown, style: SecretStyle): unknown {
    if (isSecretValue(value)) {
        if (style === "masked") return "[secret]";
        if (style === "plaintext") return { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value.value) };
        const digest = (salt: string) => createHash("sha256").update(salt + JSON.stringify(value.value)).digest("base64");
        return { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: `v1:${digest("nonce").slice(0, 16)}:${digest("box")}` };
    }
    if (Array.isArray(value)) return value.map((v) => secrets(v, style));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secrets(v, style)]));
    return value;
}

/** The default aws provider's URN in a stack. */
export function providerUrn(stackUrn: string): string {
    const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(stackUrn) ?? [];
    return `urn:pulumi:${stack}::${project}::pulumi:providers:aws::default_7_48_0`;
}

/** A recorded resource as a ResourceV3 (what an export's resources and a preview step's states are). */
export function resourceV3(r: RegisteredResource, style: SecretStyle, provider?: string): Record<string, unknown> {
    const out: Record<string, unknown> = { urn: r.urn, custom: r.custom };
    if (r.custom) out.id = r.id ?? "";
    out.type = r.type;
    out.inputs = secrets(r.inputs, style);
    out.outputs = secrets(r.outputs, style);
    if (r.parent) out.parent = r.parent;
    if (r.custom && provider) out.provider = `${provider}::${PROVIDER_ID}`;
    if (r.retainOnDelete) out.retainOnDelete = true;
    if (r.dependencies.length) out.dependencies = r.dependencies;
    if (r.op === "read") out.external = true;
    out.created = TIME;
    out.modified = TIME;
    return out;
}

/** `pulumi stack export` of the resources (the stack resource first, as recorded). */
export function stackExport(resources: RegisteredResource[], style: "ciphertext" | "plaintext" = "ciphertext") {
    const [stack, ...rest] = resources;
    const provider = providerUrn(stack.urn);
    const region = "eu-west-1";
    return {
        version: 3,
        deployment: {
            manifest: { time: TIME, magic: "2a7c5bd7f1e8c5f4c1e0d1c4a0bd0e5c8e5b2b0a5a5d7f0f3f2b1e6c9d8a7b6c", version: "v3.219.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:4bHfzV4mW0c=:v1:Qx1w9pJ8Uo2pNn5H:8rKqT2c9yY3bqV1gJ3xk5tZf3XoJ1w==" } },
            resources: [
                resourceV3(stack, style),
                {
                    urn: provider, custom: true, id: PROVIDER_ID, type: "pulumi:providers:aws",
                    inputs: { __internal: {}, region, skipCredentialsValidation: "false", skipRegionValidation: "true", version: "7.48.0" },
                    outputs: { region, skipCredentialsValidation: "false", skipRegionValidation: "true", version: "7.48.0" },
                    parent: stack.urn, created: TIME, modified: TIME,
                },
                ...rest.map((r) => resourceV3(r, style, provider)),
            ],
        },
    };
}
