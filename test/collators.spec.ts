/** The kept collators of the IAM simulator helper (test/helpers/collators.ts): the built-in's answers, one collator per options. */
import { expect } from "chai";
import { keepCollators, keptCollators } from "./helpers/collators";

const WORDS = ["", "a", "A", "b", "s3:GetObject", "S3:getobject", "s3:GetObjects", "é", "e", "E", "É", "ß", "ss", "SS", "İ", "i", "ı", "e\u0301", "x10", "x9", "arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/*"];
const OPTIONS: [string | string[] | undefined, Intl.CollatorOptions | undefined][] = [
    [undefined, { sensitivity: "accent" }],
    ["en", { sensitivity: "base" }],
    [undefined, { sensitivity: "case" }],
    [["de", "en"], { numeric: true }],
    ["tr", undefined],
    [undefined, undefined],
];

describe("test helpers: a collator kept per options for localeCompare", () => {
    const builtIn = keepCollators();

    it("is installed, and answers every pair under every options as the built-in does", () => {
        expect(String.prototype.localeCompare).to.not.equal(builtIn);
        for (const [locales, options] of OPTIONS) {
            for (const a of WORDS) {
                for (const b of WORDS) {
                    expect(Math.sign(a.localeCompare(b, locales, options)), JSON.stringify([a, b, locales, options])).to.equal(Math.sign(builtIn.call(a, b, locales, options)));
                }
            }
        }
    });

    it("keeps one collator per locales and options, and leaves calls without them, or with other options objects, to the built-in", () => {
        "a".localeCompare("B", undefined, { sensitivity: "accent" });
        const kept = keptCollators();
        "c".localeCompare("D", undefined, { sensitivity: "accent" });
        "c".localeCompare("D");
        "c".localeCompare("D", undefined, Object.create({ sensitivity: "base" }) as Intl.CollatorOptions);
        expect(keptCollators()).to.equal(kept);
        "c".localeCompare("D", undefined, { sensitivity: "base", usage: "search" });
        expect(keptCollators()).to.equal(kept + 1);
        expect("c".localeCompare("C", undefined, Object.create({ sensitivity: "base" }) as Intl.CollatorOptions)).to.equal(builtIn.call("c", "C", undefined, Object.create({ sensitivity: "base" })));
        expect(keepCollators(), "installing twice changes nothing").to.equal(builtIn);
    });
});
