/**
 * The `dataplane` command. Exit status: 0 fine, 1 mandatory policy violations, 2 bad input
 * (usage, config, files, a missing optional peer dependency), 3 an internal error (a bug: please report it).
 *
 * This module and the command declarations (commands/) load only the command line's grammar:
 * `--help` and `--version` need no optional peer and none of the engine; a command loads its
 * implementation (run/) when it runs, after its optional peers were found.
 */
// First: before anything loads @pulumi/pulumi, defer the closure serializer it would load (offline runs never use it).
import "../engine/offline/lazyClosure";
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_ROOT } from "../engine/paths";
import { isUserError } from "../vocabulary/userError";
import { errorLine } from "../vocabulary/printable";
import { CommandSpec, HelpShown, Printer, dispatch } from "./args";
import { CHECK } from "./commands/check";
import { FLEET } from "./commands/fleet";
import { INIT } from "./commands/init";
import { LAUNCH } from "./commands/launch";
import { ONBOARD } from "./commands/onboard";
import { PREVIEW } from "./commands/preview";
import { asMissingPeer } from "./peers";

export const EXIT = { ok: 0, violations: 1, badInput: 2, internal: 3 } as const;

export const COMMANDS: CommandSpec[] = [INIT, PREVIEW, CHECK, LAUNCH, FLEET, ONBOARD];

/** The package's version, for `--version`. */
export function version(): string {
    return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version;
}

/** The process's standard output as the commands print to it: lines, and bytes for a big document (./jsonReport.ts). */
function standardOutput(): Printer {
    const print: Printer = (l) => process.stdout.write(l + "\n");
    print.bytes = (chunk) => process.stdout.write(chunk);
    return print;
}

export async function main(argv: string[], out?: (line: string) => void, err?: (line: string) => void): Promise<number> {
    // A person at a terminal only when we print to the real, interactive standard error.
    const interactive = err === undefined && Boolean(process.stderr.isTTY);
    out ??= standardOutput();
    err ??= (l) => process.stderr.write(l + "\n");
    try {
        return await dispatch("dataplane", version(), "EMR Serverless data planes: offline previews, policy checks, fleets and job launches.",
            COMMANDS, argv, out, err, interactive);
    } catch (e) {
        if (e instanceof HelpShown) return e.exitCode;
        const peer = asMissingPeer("dataplane", e);
        if (peer) e = peer;
        // Every layer's "the input is wrong" extends UserError: one line, exit 2. Anything else is a bug.
        if (isUserError(e)) {
            // One line, without the raw control bytes a hostile file's names or keys could carry.
            err(`error: ${errorLine(e.message)}`);
            return EXIT.badInput;
        }
        err(`internal error: ${(e as Error)?.stack ?? String(e)}`);
        return EXIT.internal;
    }
}
