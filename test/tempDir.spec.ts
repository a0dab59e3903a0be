import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

describe("test temp folders (test/helpers/tempDir.ts)", () => {
    it("are gone when the process that made them exits, even with files in them", () => {
        const helper = path.join(__dirname, "helpers", "tempDir.ts");
        const script = `const { tempDir } = require(${JSON.stringify(helper)}); const d = tempDir("dataplane-tempdir-test-");` +
            `require("fs").writeFileSync(d + "/file.json", "{}"); require("fs").mkdirSync(d + "/sub"); console.log(d);`;
        // tsx's CommonJS hook alone: the script only require()s (a third of --import tsx's start-up CPU).
        const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { encoding: "utf8" });
        expect(r.status, r.stderr).to.equal(0);
        const dir = r.stdout.trim();
        expect(dir).to.match(/dataplane-tempdir-test-/);
        expect(fs.existsSync(dir)).to.equal(false);
    });
});
