/**
 * One way to fail for the user: every layer's "the input is wrong" error is a UserError (the
 * command line exits 2 with its one line, the Pulumi CLI prints it without a stack trace), also
 * across copies of the module (the built policy pack folder carries its own compiled copy).
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { UsageError } from "../cli/args";
import { ValidationError, isValidationError } from "../components/validation";
import { StackFileError } from "../engine/check/stackFiles";
import { CustomerListError } from "../engine/fleet/customers";
import { OfflineLookupError } from "../engine/offline/mockContext";
import { StackConfigError } from "../engine/preview/stackConfig";
import { MessageFileError } from "../launcher/messageFile";
import { InvalidMessageError } from "../message";
import { PolicyConfigError } from "../policies/pack";
import { UserError, isUserError } from "../vocabulary/userError";
import { main } from "../cli/main";
import * as fs from "fs";
import * as path from "path";
import { PACK_DIR } from "../tools/buildPack";

describe("user errors (vocabulary/userError.ts)", () => {
    const errors: [string, Error][] = [
        ["ValidationError", new ValidationError("emr-dataplane:planeKind", "must be one of …")],
        ["StackConfigError", new StackConfigError("Pulumi.x.yaml", "is not valid YAML")],
        ["StackFileError", new StackFileError("stack.json", "is not a stack export")],
        ["CustomerListError", new CustomerListError("customers.csv", "row 1, column accountId: …")],
        ["OfflineLookupError", new OfflineLookupError("subnet-0 does not exist in the offline world")],
        ["InvalidMessageError", new InvalidMessageError("m.json", ["subnetIds: is required"])],
        ["MessageFileError", new MessageFileError("m.json", "is not JSON")],
        ["UsageError", new UsageError("dataplane launch: --message is required")],
        ["PolicyConfigError", new PolicyConfigError("policy config: no rule named \"x\"")],
    ];
    for (const [name, err] of errors) {
        it(`${name} is a UserError and a Pulumi RunError, keeping its own name`, () => {
            expect(isUserError(err)).to.equal(true);
            expect(pulumi.RunError.isInstance(err)).to.equal(true);
            expect(err.name).to.equal(name);
        });
    }

    it("the pack's PolicyConfigError extends the one UserError, and the built pack folder's own copy of the class is recognised by isUserError", () => {
        expect(new PolicyConfigError("x") instanceof UserError, "the sources share one module").to.equal(true);
        const copy = path.join(PACK_DIR, "policies", "model", "config.js");
        expect(fs.existsSync(copy), "dist/policy-pack is built (npm run build)").to.equal(true);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { PolicyConfigError: Copied } = require(copy) as { PolicyConfigError: new (m: string) => Error };
        const err = new Copied("x");
        expect(err instanceof UserError, "another copy of the module").to.equal(false);
        expect(isUserError(err)).to.equal(true);
    });

    it("isValidationError still tells a validation error, with its field and problem, from the other user errors", () => {
        const err = new ValidationError("args.subnetIds", "must list at least 2 items, got 1");
        expect(isValidationError(err)).to.equal(true);
        expect([err.field, err.problem, err.message]).to.deep.equal(["args.subnetIds", "must list at least 2 items, got 1", "args.subnetIds: must list at least 2 items, got 1"]);
        expect(isValidationError(new UsageError("x"))).to.equal(false);
        expect(isUserError(new Error("a bug"))).to.equal(false);
    });

    it("the command line prints any user error as one line, exit 2, and anything else as an internal error, exit 3", async () => {
        const run = async (thrown: Error) => {
            const lines: string[] = [];
            const { PREVIEW } = await import("../cli/commands/preview");
            const saved = PREVIEW.run;
            PREVIEW.run = async () => { throw thrown; };
            try {
                return { status: await main(["preview", "--config", "x"], () => undefined, (l) => lines.push(l)), lines };
            } finally {
                PREVIEW.run = saved;
            }
        };
        expect(await run(new CustomerListError("c.csv", "lists no customers"))).to.deep.equal({ status: 2, lines: ["error: c.csv: lists no customers"] });
        const bug = await run(new TypeError("x is undefined"));
        expect(bug.status).to.equal(3);
        expect(bug.lines[0]).to.match(/^internal error: TypeError: x is undefined\n {4}at /);
    });
});
