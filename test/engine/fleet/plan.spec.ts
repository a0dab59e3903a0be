import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CustomerListError, planFleet, planFleetInTurns } from "../../../engine/fleet/plan";

const TEMPLATE = path.resolve(__dirname, "../../../Pulumi.private-example.yaml");

describe("planFleetInTurns (the fleet command's planning, the event loop turning between rows)", () => {
    let dir: string;
    const list = (rows: string[]) => {
        const f = path.join(dir, `c${rows.length}-${rows[rows.length - 1].length}.csv`);
        fs.writeFileSync(f, ["customerId,accountId,region,vpcCidr", ...rows].join("\n") + "\n");
        return f;
    };
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-plan-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("gives the plan planFleet gives, over more rows than one turn validates", async () => {
        const f = list(Array.from({ length: 120 }, (_, i) => `c-${i},${100000000000 + i},eu-west-1,${i % 3 ? "" : "10.90.0.0/16"}`));
        const inTurns = await planFleetInTurns(TEMPLATE, f);
        expect(inTurns).to.deep.equal(planFleet(TEMPLATE, f));
        expect(inTurns.planes).to.have.length(120);
    });

    it("refuses a bad list with the error planFleet throws: the first bad row, and the count of the others", async () => {
        const rows = Array.from({ length: 60 }, (_, i) => `c-${i},${100000000000 + i},eu-west-1,`);
        rows[55] = "c-55,100000000055,eu-west-1,10.0.0.0/33";
        rows[57] = "c-57,1,eu-west-1,";
        const f = list(rows);
        const err = await planFleetInTurns(TEMPLATE, f).then(() => undefined, (e: unknown) => e);
        expect(err).to.be.instanceOf(CustomerListError);
        expect((err as Error).message).to.equal(`${f}: row 56, column vpcCidr: must be an IPv4 CIDR block such as "10.80.0.0/16", got "10.0.0.0/33" (and 1 more row with problems)`);
        expect(() => planFleet(TEMPLATE, f)).to.throw((err as Error).message);
    });
});
