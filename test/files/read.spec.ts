/**
 * The one reader of every file the command line reads (files/read.ts): encodings, size, nesting,
 * YAML aliases and keys written twice, each refused in one line naming the file and the place —
 * and what is fine (a byte-order mark, UTF-16 with one, a few anchors) read as it should be.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { InputFileError, WRITTEN_FILE_LIMITS, parseJsonText, parseYamlText, readJson, readJsonOrYaml, readText, readYaml } from "../../files/read";
import { jsonKeyCount } from "../../files/json";
import { errorLine, shown } from "../../vocabulary/printable";
import { tempDir } from "../helpers/tempDir";
import { aliasBomb, wideAliasBomb } from "../helpers/hostile";

describe("the one file reader (files/read.ts)", () => {
    let dir: string;
    before(() => { dir = tempDir("dataplane-read-"); });
    const file = (name: string, body: string | Buffer) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, body);
        return f;
    };
    const problem = (f: () => unknown): string => {
        try {
            f();
        } catch (err) {
            expect(err).to.be.instanceOf(InputFileError);
            return (err as Error).message;
        }
        throw new Error("expected the file to be refused");
    };

    describe("encodings", () => {
        const text = "customerId: acme\nnote: café ☕\n";
        it("reads UTF-8 with and without a byte-order mark, and UTF-16 LE and BE with one", () => {
            const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
            const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
            for (const bytes of [Buffer.from(text), Buffer.from("\ufeff" + text), utf16le, utf16be]) {
                expect(readText(file("t.yaml", bytes))).to.equal(text);
                expect(readYaml(file("t.yaml", bytes))).to.deep.equal({ customerId: "acme", note: "café ☕" });
            }
        });

        it("refuses UTF-16 without a byte-order mark and bytes that are not UTF-8, saying how to save the file", () => {
            const u16 = file("u16.csv", Buffer.from(text, "utf16le"));
            expect(problem(() => readText(u16))).to.equal(`${u16}: looks like UTF-16 without a byte-order mark; save it as UTF-8 (PowerShell: \`… | Out-File -Encoding utf8 <file>\`)`);
            const latin1 = file("latin1.csv", Buffer.from("customerId\ncaf\xe9\n", "latin1"));
            expect(problem(() => readText(latin1))).to.equal(`${latin1}: is not UTF-8 text (byte 0xe9 at offset 14); save it as UTF-8`);
            const odd = file("odd.csv", Buffer.from([0xff, 0xfe, 0x41]));
            expect(problem(() => readText(odd))).to.match(/is UTF-16 \(by its byte-order mark\) but has an odd number of bytes/);
        });

        it("decodes as a fatal UTF-8 decoder does: a second byte-order mark dropped too, overlong forms and surrogates refused", () => {
            const twice = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(text)]);
            expect(readText(file("two-boms.yaml", twice))).to.equal(new TextDecoder("utf-8", { fatal: true }).decode(twice.subarray(3))).and.to.equal(text);
            const thrice = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(text)]);
            expect(readText(file("three-boms.yaml", thrice))).to.equal("\ufeff" + text);
            for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
                expect(problem(() => readText(file("bad.yaml", Buffer.from([0x61, ...bad]))))).to.match(/is not UTF-8 text/);
            }
        });
    });

    describe("size", () => {
        it("refuses a file past the bound while reading it, and a folder", () => {
            const big = file("big.json", "x".repeat(2048));
            expect(problem(() => readText(big, { limits: { ...WRITTEN_FILE_LIMITS, bytes: 1024 } }))).to.equal(`${big}: is more than the 1024 bytes this command reads`);
            expect(problem(() => readText(dir))).to.equal(`${dir}: is a folder, not a file`);
            expect(problem(() => readText(path.join(dir, "missing.yaml")))).to.equal(`${path.join(dir, "missing.yaml")}: cannot be read (ENOENT)`);
        });

        it("reads a regular file whole (empty, one byte, several megabytes) and a file at the bound exactly", () => {
            expect(readText(file("empty.json", ""))).to.equal("");
            expect(readText(file("one.json", "1"))).to.equal("1");
            const mb = `[${Array.from({ length: 300_000 }, (_, i) => `"é${i}"`).join(",")}]`;
            expect(readText(file("mb.json", mb), { limits: { ...WRITTEN_FILE_LIMITS, bytes: 1 << 30 } })).to.equal(mb);
            const exact = file("exact.json", "x".repeat(1024));
            expect(readText(exact, { limits: { ...WRITTEN_FILE_LIMITS, bytes: 1024 } })).to.have.length(1024);
            expect(problem(() => readText(exact, { limits: { ...WRITTEN_FILE_LIMITS, bytes: 1023 } }))).to.match(/is more than the 1023 bytes/);
        });
    });

    describe("nesting", () => {
        it("refuses JSON and YAML nested past the bound, with the line and column, without a RangeError", () => {
            expect(problem(() => parseJsonText(`{"a": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`, "c.json"))).to.equal(`c.json: line 1, column ${WRITTEN_FILE_LIMITS.depth + 6}: nested deeper than ${WRITTEN_FILE_LIMITS.depth} levels`);
            expect(problem(() => parseYamlText(`a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`, "w.yaml"))).to.match(/^w\.yaml: line 1, column \d+: nested deeper than 64 levels$/);
            const block = Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
            expect(problem(() => parseYamlText(block, "w.yaml"))).to.match(/^w\.yaml: line \d+, column \d+: nested deeper than 64 levels$/);
        });

        it("reads what nests as deep as the bound allows", () => {
            const deep = `${"[".repeat(WRITTEN_FILE_LIMITS.depth)}${"]".repeat(WRITTEN_FILE_LIMITS.depth)}`;
            expect(() => parseJsonText(deep, "ok.json")).not.to.throw();
        });
    });

    describe("YAML aliases", () => {
        it("refuses an alias bomb at the first alias past the bound, before anything expands it (in well under a second)", () => {
            const started = Date.now();
            expect(problem(() => parseYamlText(aliasBomb(), "w.yaml"))).to.match(/^w\.yaml: line 9: more than 64 aliases \(\*name\); .*write the values out$/);
            expect(Date.now() - started).to.be.below(1000);
        });

        it("refuses a document that stands for too much once expanded, even with few aliases", () => {
            const started = Date.now();
            expect(problem(() => parseYamlText(wideAliasBomb(), "w.yaml"))).to.match(/^w\.yaml: stands for \d+ values and \d+ characters once its aliases are expanded, more than the/);
            expect(Date.now() - started).to.be.below(1000);
        });

        it("refuses an anchor used inside its own value", () => {
            expect(problem(() => parseYamlText("a: &a\n  b: *a\n", "w.yaml"))).to.equal("w.yaml: refers to itself (an anchor used inside its own value); write the value out");
        });

        it("reads a few anchors, as a stack file or customer list may share a value", () => {
            expect(parseYamlText("defaults: &d {region: eu-west-1}\nacme: *d\nglobex: *d\n", "c.yaml")).to.deep.equal({ defaults: { region: "eu-west-1" }, acme: { region: "eu-west-1" }, globex: { region: "eu-west-1" } });
        });
    });

    describe("keys written twice", () => {
        it("JSON: names the key and both places (first and second)", () => {
            const f = file("p.json", '{\n  "all": "mandatory",\n  "no-public-ingress": "mandatory",\n  "no-public-ingress": "disabled"\n}\n');
            expect(problem(() => readJson(f))).to.equal(`${f}: line 4, column 3: key "no-public-ingress" appears twice in one object (first at line 3, column 3); JSON readers keep only the last one, so remove the other`);
        });

        it("JSON: the same key spelt with an escape is the same key; the same name in two objects is fine", () => {
            expect(problem(() => parseJsonText('{"a": 1, "\\u0061": 2}', "p.json"))).to.match(/key "a" appears twice/);
            expect(parseJsonText('{"a": {"x": 1}, "b": {"x": 2}, "c": ["x", "x"]}', "p.json")).to.deep.equal({ a: { x: 1 }, b: { x: 2 }, c: ["x", "x"] });
        });

        it("JSON: counts the keys a text writes as a parse keeps them, escaped quotes and spaced colons included", () => {
            const texts = [
                '{"a": 1, "b": {"c": "x\\":y", "d\\\\": [{"e" : 2}]}}',
                '{"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}", "k\\"q": 1}',
                '[{"a":1},{"a":2},"\\":"]',
                '{"x"\n  :\t{"y"\r\n:{}}}',
            ];
            const keys = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + keys(x), 0)
                : v && typeof v === "object" ? Object.keys(v).length + Object.values(v).reduce((n: number, x) => n + keys(x), 0) : 0);
            for (const t of texts) expect(jsonKeyCount(t), t).to.equal(keys(JSON.parse(t)));
            // A key twice: the text writes one more than the parse keeps.
            const twice = '{"a": 1, "b": {"c": 1, "c" : 2}}';
            expect(jsonKeyCount(twice)).to.equal(keys(JSON.parse(twice)) + 1);
        });

        it("YAML: names the key and both lines, in block and flow mappings", () => {
            expect(problem(() => parseYamlText("config:\n  aws:region: eu-west-1\n  customerId: acme\n  customerId: globex\n", "s.yaml")))
                .to.equal('s.yaml: line 4, column 3: key "customerId" appears twice in one mapping (first at line 3); YAML keeps only one of them, so remove the other');
            expect(problem(() => parseYamlText("x: {a: 1, b: 2, \"a\": 3}\n", "s.yaml"))).to.match(/key "a" appears twice in one mapping \(first at line 1\)/);
        });

        it("reads .json as JSON and anything else as YAML", () => {
            expect(readJsonOrYaml(file("w.json", '{"a": 1}'))).to.deep.equal({ a: 1 });
            expect(readJsonOrYaml(file("w.yml", "a: 1\n"))).to.deep.equal({ a: 1 });
        });
    });

    describe("what an error line shows", () => {
        it("escapes control bytes and bidirectional overrides, and cuts long values saying their length", () => {
            expect(errorLine("bad \u001b[31mred\u001b[0m\r\nnext \u202eevil")).to.equal("bad \\x1b[31mred\\x1b[0m\\r\\nnext \\u202eevil");
            expect(shown("x".repeat(500))).to.equal(`"${"x".repeat(79)}… (500 characters)`);
            expect(shown("a\u0007b")).to.equal('"a\\u0007b"');
        });

        it("a key with control bytes is named printably", () => {
            expect(problem(() => parseJsonText('{"a\\u001b[2J": 1, "a\\u001b[2J": 2}', "p.json"))).not.to.match(/\u001b/);
        });
    });
});
