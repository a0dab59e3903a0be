/**
 * A fleet's worker threads install the command's compile and resolution caches exactly when the
 * main thread has them (cli/fleetWorkers.ts cacheBoot): DATAPLANE_COMPILE_CACHE=0, which leaves the
 * main thread's cache off (test/cli/compileCache.spec.ts), so leaves the threads' off too. The
 * compiled command's threads with the cache on are test/cli/fleet.spec.ts's (each thread reports its
 * hits); this is the other side, in this process, without starting a command.
 */
import { expect } from "chai";
import * as path from "path";
import { cacheBoot } from "../../cli/fleetWorkers";

const COMPILE_CACHE = path.resolve(__dirname, "../../bin/compileCache.js");

describe("a fleet's worker threads and the command's caches", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cache = require(COMPILE_CACHE) as { installCompileCache(): string | undefined; stats: { enabled: boolean } };

    it("boot without the caches when DATAPLANE_COMPILE_CACHE=0 left the main thread's off", () => {
        const before = process.env.DATAPLANE_COMPILE_CACHE;
        process.env.DATAPLANE_COMPILE_CACHE = "0";
        try {
            expect(cache.installCompileCache(), "installed in this process").to.equal(undefined);
        } finally {
            if (before === undefined) delete process.env.DATAPLANE_COMPILE_CACHE;
            else process.env.DATAPLANE_COMPILE_CACHE = before;
        }
        expect(cache.stats.enabled).to.equal(false);
        expect(cacheBoot()).to.equal("");
    });

    it("boot with the command's caches when the main thread has them", () => {
        const was = cache.stats.enabled;
        cache.stats.enabled = true; // as installCompileCache leaves it in the compiled command
        try {
            expect(cacheBoot()).to.equal(`require(${JSON.stringify(COMPILE_CACHE)}).installCommandCaches();`);
        } finally {
            cache.stats.enabled = was;
        }
    });
});
