import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { python3 } from "../helpers/moto";

const ROOT = path.resolve(__dirname, "../..");
const JOB = path.join(ROOT, "jobs", "access_point_csv.py");

function python(args: string[]) {
    const r = spawnSync(python3(), args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, PYTHONPATH: path.join(ROOT, "jobs"), PYTHONDONTWRITEBYTECODE: "1" } });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("the sample PySpark job (jobs/access_point_csv.py)", () => {
    it("passes its standard-library unit tests (python3 -m unittest, test/jobs/test_*.py)", () => {
        const r = python(["-m", "unittest", "discover", "-s", path.join(ROOT, "test", "jobs"), "-p", "test_*.py"]);
        expect(r.status, r.out).to.equal(0);
        const ran = Number(/Ran (\d+) tests?/.exec(r.out)?.[1] ?? 0);
        expect(ran, r.out).to.be.greaterThanOrEqual(15);
        expect(r.out).to.match(/\nOK\s*$/);
    });

    it("runs as a script without PySpark installed as far as its arguments: --help, and a usage error with status 2", () => {
        const help = python([JOB, "--help"]);
        expect(help.status, help.out).to.equal(0);
        expect(help.out).to.contain("--input_uri").and.to.contain("--output_uri");
        const bad = python([JOB, "--input_uri", "s3://a-bucket/in/", "--output_uri", "s3://a-bucket/in/out/"]);
        expect(bad.status).to.equal(2);
        expect(bad.out).to.contain("overlaps input");
    });
});
