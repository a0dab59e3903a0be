import { expect } from "chai";
import * as path from "path";
import { COMPILED_MAIN, inProcess, inProcessCompiled } from "./helpers/cli";

// The helpers that run the command in the test's process (test/helpers/cli.ts).
describe("test helpers: the command in this process", () => {
    it("inProcess runs the sources' main, inProcessCompiled the compiled one, with the same answers", async () => {
        const [source, compiled] = [await inProcess("--version"), await inProcessCompiled("--version")];
        expect(compiled).to.deep.equal(source);
        expect(source.stdout).to.match(/^\d+\.\d+\.\d+/);
        expect(path.relative(path.resolve(__dirname, ".."), COMPILED_MAIN)).to.equal(path.join("dist", "cli", "main.js"));
        expect(require.cache[COMPILED_MAIN], "the compiled main was loaded").to.not.equal(undefined);
        expect(require.cache[path.resolve(__dirname, "../cli/main.ts")], "and the sources' main").to.not.equal(undefined);
        const bad = [await inProcess("no-such-command"), await inProcessCompiled("no-such-command")];
        expect(bad[1]).to.deep.equal(bad[0]);
        expect(bad[0].status).to.equal(2);
    });
});
