/**
 * `dataplane init` (declared in ../commands/init.ts): writes a new data-plane project into a
 * folder — the files stacks/dataplane/scaffold.ts makes — and says what to run next.
 */
import * as fs from "fs";
import * as path from "path";
import { PACKAGE_ROOT } from "../../engine/paths";
import { PlaneKind } from "../../stacks/dataplane/configSchema";
import { scaffoldPlane } from "../../stacks/dataplane/scaffold";
import { isUserError } from "../../vocabulary/userError";
import { Parsed, Printer, UsageError } from "../args";
import { KIND, REGION, STACK_NAME } from "../commands/init";

/** An npm package name from a folder's name (lowercase, URL-safe). */
function packageNameOf(dir: string): string {
    const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "");
    return name || "emr-dataplane-plane";
}

/** With --force, an existing package.json keeps everything and gains the scaffold's dependencies it lacks. */
function mergedPackageJson(existing: string, scaffold: string, file: string): string {
    let own: Record<string, any>;
    try {
        own = JSON.parse(existing);
    } catch (err) {
        throw new UsageError(`dataplane init: ${file} is not valid JSON (${(err as Error).message}): fix or remove it`);
    }
    const ours = JSON.parse(scaffold);
    for (const section of ["dependencies", "devDependencies"]) own[section] = { ...ours[section], ...own[section] };
    own.main ??= ours.main;
    return JSON.stringify(own, null, 2) + "\n";
}

export async function initCommand({ flags, positionals }: Parsed, out: Printer): Promise<number> {
    if (positionals.length !== 1) throw new UsageError(`dataplane init: ${positionals.length ? `one folder, got ${positionals.length}` : "a folder is required, e.g. dataplane init my-plane"} (see dataplane init --help)`);
    const dir = positionals[0];
    const kind = ((flags.kind as string | undefined) ?? KIND.default) as PlaneKind;
    const stack = (flags.stack as string | undefined) ?? STACK_NAME.default;
    const region = (flags.region as string | undefined) ?? REGION.default;
    const force = Boolean(flags.force);
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`dataplane init: ${dir} is a file, not a folder`);
    const present = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    if (present.length > 0 && !force) {
        throw new UsageError(`dataplane init: ${dir} is not empty (${present.slice(0, 3).join(", ")}${present.length > 3 ? ", …" : ""}): choose an empty folder, or add --force to write into it`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"));
    let files: Record<string, string>;
    try {
        files = await scaffoldPlane({ kind, stack, region, packageName: packageNameOf(dir), versions: { self: pkg.version, peers: pkg.peerDependencies } });
    } catch (err) {
        // The values the options gave, checked as the program will check them (aws:region against the SDK's list).
        if (isUserError(err)) throw new UsageError(`dataplane init: ${err.message.replace(/^aws:region:/, "--region:")}`);
        throw err;
    }
    fs.mkdirSync(dir, { recursive: true });
    const replaced: string[] = [];
    for (const [name, body] of Object.entries(files)) {
        const file = path.join(dir, name);
        let text = body;
        if (fs.existsSync(file)) {
            replaced.push(name);
            const existing = fs.readFileSync(file, "utf8");
            if (name === "package.json") text = mergedPackageJson(existing, body, file);
            if (name === ".gitignore") text = existing + body.split("\n").filter((l) => l && !existing.split(/\r?\n/).includes(l)).map((l) => `${l}\n`).join("");
        }
        fs.writeFileSync(file, text);
    }
    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    out(`Wrote a ${kind} data-plane project in ${dir}: ${Object.keys(files).join(", ")}`);
    if (replaced.length) out(`(--force: replaced ${replaced.join(", ")}; package.json keeps its own entries, .gitignore its lines)`);
    out("");
    out("Next:");
    out(`  npx dataplane preview --config ${stackFile}   # offline: the plan, its idle cost, the policy verdict`);
    out(`  edit ${stackFile}: the values marked "change me", and any commented-out key you need`);
    out(`  cd ${dir} && npm install && pulumi stack init ${stack}   # its own packages, the policy pack's included`);
    out(`  pulumi preview --policy-pack node_modules/emr-serverless-dataplane/dist/policy-pack --policy-pack-config Pulumi.${stack}.policy.json`);
    return 0;
}
