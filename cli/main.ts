/**
 * The `dataplane` command. Exit status: 0 fine, 1 mandatory policy violations, 2 bad input
 * (usage, config, files), 3 an internal error (a bug: please report it).
 */
import { isValidationError } from "../components/validation";
import { StackConfigError } from "../engine/stackConfig";
import { PolicyConfigError } from "../policies/policies";
import { StackFileError } from "../engine/stackFiles";
import { InvalidMessageError } from "../message";
import { MessageFileError } from "../launcher/messageFile";
import { UsageError } from "./args";
import { LAUNCH_USAGE, launchCommand } from "./launch";
import { CHECK_USAGE, checkCommand } from "./check";
import { PREVIEW_USAGE, previewCommand } from "./preview";

export const EXIT = { ok: 0, violations: 1, badInput: 2, internal: 3 } as const;

const COMMANDS: Record<string, { usage: string; run: (argv: string[], out: (line: string) => void, err: (line: string) => void) => Promise<number> }> = {
    preview: { usage: PREVIEW_USAGE, run: previewCommand },
    launch: { usage: LAUNCH_USAGE, run: launchCommand },
    check: { usage: CHECK_USAGE, run: checkCommand },
};

export const USAGE = ["usage: dataplane <command> [options]", "", "commands:", ...Object.values(COMMANDS).map((c) => `  ${c.usage.replace(/^usage: /, "")}`)].join("\n");

/** True for errors that mean "the input is wrong" (exit 2), as opposed to a bug. */
export function isBadInput(err: unknown): boolean {
    return isValidationError(err) || err instanceof UsageError || err instanceof StackConfigError || err instanceof InvalidMessageError ||
        err instanceof MessageFileError || err instanceof StackFileError || err instanceof PolicyConfigError ||
        (err instanceof Error && err.name === "OfflineLookupError");
}

export async function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + "\n"),
    err: (line: string) => void = (l) => process.stderr.write(l + "\n")): Promise<number> {
    const [command, ...rest] = argv;
    if (!command || command === "--help" || command === "-h" || command === "help") {
        out(USAGE);
        return command ? EXIT.ok : EXIT.badInput;
    }
    const entry = COMMANDS[command];
    if (!entry) {
        err(`dataplane: unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return EXIT.badInput;
    }
    try {
        return await entry.run(rest, out, err);
    } catch (e) {
        if (isBadInput(e)) {
            err(`error: ${(e as Error).message}`);
            return EXIT.badInput;
        }
        err(`internal error: ${(e as Error)?.stack ?? String(e)}`);
        return EXIT.internal;
    }
}
