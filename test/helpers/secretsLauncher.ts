/**
 * Loads the secrets launcher Lambda's shipped source (SECRETS_LAUNCHER_SOURCE) in-process, as the
 * Lambda runtime would run `index.js`, with a given environment and the AWS SDK modules it
 * requires supplied by the test (fakes, or the real SDK pointed at moto).
 */
import { SECRETS_LAUNCHER_SOURCE } from "../../components/guardedLaunch";

export type Handler = (event: Record<string, unknown>) => Promise<Record<string, unknown>>;

export function loadSecretsLauncher(env: Record<string, string>, modules: Record<string, unknown>): Handler {
    const module = { exports: {} as { handler?: Handler } };
    const load = (name: string): unknown => {
        if (name in modules) return modules[name];
        if (name === "crypto") return require("crypto");
        throw new Error(`the secrets launcher requires ${name}, which the Lambda runtime may not provide`);
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function("require", "module", "exports", "process", SECRETS_LAUNCHER_SOURCE)(load, module, module.exports, { env });
    if (typeof module.exports.handler !== "function") throw new Error("the secrets launcher exports no handler");
    return module.exports.handler;
}
