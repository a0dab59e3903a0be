/**
 * Reading a fleet's customer list (engine/fleet/customers.ts): CSV as spreadsheets write it, and
 * every problem in one line naming the line, row or column.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CustomerListError, readCustomerList } from "../../../engine/fleet/customers";
import { tempDir } from "../../helpers/tempDir";

describe("customer lists (engine/fleet/customers.ts)", () => {
    let dir: string;
    before(() => { dir = tempDir("dataplane-customers-"); });
    const file = (name: string, body: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, body);
        return f;
    };

    it("reads a spreadsheet's CSV: a byte-order mark, quoted headers, CRLF and LF line ends, doubled quotes, a quoted list, blank lines", () => {
        const csv = '\ufeff"customerId","accountId","region","subnetIds"\r\n' +
            'acme,444455556666,eu-west-1,"[""subnet-0aaaaaaaaaaaaaaa1"",""subnet-0aaaaaaaaaaaaaaa2""]"\r\n\r\n' +
            '"globex",555566667777, us-east-1 ,\n   \n';
        expect(readCustomerList(file("excel.csv", csv))).to.deep.equal({
            columns: ["customerId", "accountId", "region", "subnetIds"],
            rows: [
                { row: 1, values: { customerId: "acme", accountId: "444455556666", region: "eu-west-1", subnetIds: '["subnet-0aaaaaaaaaaaaaaa1","subnet-0aaaaaaaaaaaaaaa2"]' } },
                { row: 2, values: { customerId: "globex", accountId: "555566667777", region: "us-east-1" } },
            ],
        });
    });

    it("a field quoted over two lines stays one value, and the next row is still row 2", () => {
        const { rows } = readCustomerList(file("multi.csv", 'customerId,accountId,region,note\nacme,444455556666,eu-west-1,"two\nlines"\nglobex,555566667777,us-east-1,x\n'));
        expect(rows.map((r) => [r.row, r.values.customerId, r.values.note])).to.deep.equal([[1, "acme", "two\nlines"], [2, "globex", "x"]]);
    });

    const bad: [string, string, string][] = [
        ["a quote never closed", 'customerId,accountId,region\nacme,444455556666,"eu-west-1\n', "line 2: a quoted field is never closed"],
        ["text after a closing quote", 'customerId,accountId,region\nacme,"4444"55556666,eu-west-1\n',
            'line 2: a quoted field goes on after its closing quote (quote the whole field, doubling each quote inside it: "a ""b"" c")'],
        ["a column named twice (after its quotes and spaces)", 'customerId,accountId,region," region"\nacme,444455556666,eu-west-1,us-east-1\n', "column \"region\" appears twice in the header (columns 3 and 4)"],
        ["a long row", "customerId,accountId,region\nacme,444455556666,eu-west-1,extra\n", "row 1: has 4 fields, the header has 3 (customerId,accountId,region)"],
        ["a header only", "\ufeffcustomerId,accountId,region\r\n", "lists no customers"],
    ];
    for (const [what, csv, problem] of bad) {
        it(`refuses ${what}, in one line`, () => {
            const f = file("bad.csv", csv);
            expect(() => readCustomerList(f)).to.throw(CustomerListError, `${f}: ${problem}`);
            try {
                readCustomerList(f);
            } catch (err) {
                expect((err as Error).message).to.equal(`${f}: ${problem}`);
            }
        });
    }
});
