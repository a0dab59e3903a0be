/**
 * Start-up, continued from ./lazyClosure.ts: modules the SDKs load eagerly and an offline preview
 * mostly never uses, each stood in for by a namespace that loads the real module on its first use.
 * Measured on the private example's preview (`npm run bench`): about a quarter of the process's
 * CPU time, with the output byte for byte the same.
 *
 * - `@pulumi/aws`'s index loads every service's namespace (about 250 index files, each registering
 *   its resource module); a plane uses about ten.
 * - `@pulumi/pulumi`'s index loads its Automation API (and with it execa, tmp, …), its provider
 *   server and dynamic providers; its runtime loads the gRPC service clients (`*_grpc_pb`), gRPC
 *   itself and OpenTelemetry — used only when talking to a real engine or tracing.
 *
 * A stand-in is a Proxy: the first property read, key listing or write loads the real module
 * (from the module cache when something else already loaded it) and forwards to it, so everything
 * that uses a namespace sees the real one. Only `__esModule` is answered without loading, with the
 * value TypeScript's `import * as` expects, so that importing a namespace costs nothing.
 *
 * Only the `dataplane` command installs it (through ./lazyClosure.ts); the components never do.
 */
import Module from "module";
import * as path from "path";

type Loader = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Loader; _resolveFilename(request: string, parent: NodeModule | undefined, isMain: boolean): string; _cache: Record<string, unknown> };

/** The package folder of `name`, with a trailing separator (undefined when it is not installed). */
function packageDir(name: string): string | undefined {
    try {
        return path.dirname(require.resolve(`${name}/package.json`)) + path.sep;
    } catch {
        return undefined;
    }
}

const AWS = packageDir("@pulumi/aws");
const PULUMI = packageDir("@pulumi/pulumi");

/** Whether `file`, required by `from`, is stood in for (see the list above). */
function deferred(request: string, from: string, file: string): boolean {
    if (AWS && from.startsWith(AWS) && request.startsWith(".")) {
        // A service namespace (ec2/index.js, types/enums/iam/index.js, …), not the package's own index.
        return file.startsWith(AWS) && path.basename(file) === "index.js" && path.dirname(file) + path.sep !== AWS;
    }
    if (PULUMI && from.startsWith(PULUMI)) {
        if (from === path.join(PULUMI, "index.js") && ["./automation", "./provider", "./dynamic"].includes(request)) return true;
        if (/_grpc_pb(\.js)?$/.test(request)) return true;
        return request === "@grpc/grpc-js" || request === "@opentelemetry/api";
    }
    return false;
}

/** The stand-ins made so far (resolved file → whether the real module has been loaded), for tests. */
export const STOOD_IN = new Map<string, boolean>();

const proxies = new Map<string, object>();
const load = mod._load;

function standIn(file: string, parent: NodeModule | undefined): object {
    let real: Record<string | symbol, unknown> | undefined;
    const target = (): Record<string | symbol, unknown> => {
        if (!real) {
            real = load.call(Module, file, parent, false) as Record<string | symbol, unknown>;
            STOOD_IN.set(file, true);
        }
        return real;
    };
    STOOD_IN.set(file, false);
    return new Proxy(Object.create(null) as object, {
        get: (_t, key) => (key === "__esModule" && !real ? true : target()[key]),
        set: (_t, key, value) => Reflect.set(target(), key, value),
        has: (_t, key) => key in target(),
        ownKeys: () => Reflect.ownKeys(target()),
        // A Proxy may not report a property non-configurable that its (empty) target lacks.
        getOwnPropertyDescriptor: (_t, key) => {
            const d = Reflect.getOwnPropertyDescriptor(target(), key);
            return d && { ...d, configurable: true };
        },
        defineProperty: (_t, key, d) => Reflect.defineProperty(target(), key, d),
        deleteProperty: (_t, key) => Reflect.deleteProperty(target(), key),
    });
}

let installed = false;

/**
 * Where each request from an SDK's module resolved (`folder\0request` → file). A generated provider
 * SDK requires a resource's module again on every use (`aws.ec2.Vpc` is a getter calling
 * `require("./vpc")`): Node answers that from its own cache, but finding whether to stand in for it
 * resolved the request afresh each time (about 1% of a fleet plane). A request resolves to the same
 * file while the process runs (Node's loader assumes the same).
 */
const resolved = new Map<string, string | undefined>();

/** Installs the stand-ins (once; before the SDKs load, or nothing is saved). */
export function installLazyNamespaces(): void {
    if (installed) return;
    installed = true;
    mod._load = function (this: unknown, request: string, parent: NodeModule | undefined, isMain: boolean) {
        const from = parent?.filename;
        if (from && (from.startsWith(AWS ?? "\0") || from.startsWith(PULUMI ?? "\0"))) {
            const key = `${path.dirname(from)}\0${request}`;
            let file = resolved.get(key);
            if (file === undefined) {
                try {
                    file = mod._resolveFilename(request, parent, isMain);
                    resolved.set(key, file);
                } catch {
                    file = undefined; // let the real loader report it (and try again next time)
                }
            }
            if (file && !mod._cache[file] && deferred(request, from, file)) {
                let proxy = proxies.get(file);
                if (!proxy) proxies.set(file, (proxy = standIn(file, parent)));
                return proxy;
            }
        }
        return load.call(this, request, parent, isMain);
    } as Loader;
}
