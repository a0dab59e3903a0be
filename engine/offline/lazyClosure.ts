/**
 * Start-up: `@pulumi/pulumi` loads its closure serializer (the TypeScript compiler and npm's
 * arborist, about two thirds of the SDK's load time) eagerly, though only `serializeFunction`
 * and `computeCodePaths` — never called by an offline preview — use it. There is no upstream
 * switch (pulumi/pulumi#10185 made the TypeScript import lazy elsewhere; closure serialization
 * is still loaded by `runtime/index.js`). Installed before the SDK first loads, this puts
 * stand-ins for those two modules in the module cache: each function loads the real module on
 * its first call and forwards to it, so nothing changes but when the cost is paid.
 *
 * Only the `dataplane` command installs it (first thing in cli/main.ts); the components never do.
 * It also installs ./lazyNamespaces.ts, the same idea for the namespaces both SDKs load eagerly.
 */
import Module from "module";
import { installLazyNamespaces } from "./lazyNamespaces";

const LAZY: Record<string, string[]> = {
    "@pulumi/pulumi/runtime/closure/serializeClosure": ["serializeFunction", "serializeFunctionAsync"],
    "@pulumi/pulumi/runtime/closure/codePaths": ["computeCodePaths", "findWorkspaceRoot"],
};

/** The modules stood in for (resolved file names), for tests. */
export const LAZY_MODULES: string[] = [];

function standIn(file: string, names: string[]): void {
    if (require.cache[file]) return; // the SDK is loaded already: nothing to save
    let real: Record<string, (...args: unknown[]) => unknown> | undefined;
    const load = () => {
        if (!real) {
            delete require.cache[file];
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            real = require(file) as Record<string, (...args: unknown[]) => unknown>;
        }
        return real;
    };
    const m = new Module(file, module);
    m.filename = file;
    m.loaded = true;
    m.exports = Object.fromEntries(names.map((n) => [n, (...args: unknown[]) => load()[n](...args)]));
    require.cache[file] = m;
    LAZY_MODULES.push(file);
}

for (const [request, names] of Object.entries(LAZY)) standIn(require.resolve(request), names);
installLazyNamespaces();
