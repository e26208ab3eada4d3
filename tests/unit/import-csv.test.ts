// Reading an uploaded CSV: encodings (UTF-8 with and without BOM accepted; UTF-16/32 BOMs and invalid
// UTF-8 refused with a sentence), the 10,000-row cap, the size cap, quoting through papaparse.
import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, decodeCsvBytes, IMPORT_MAX_BYTES, IMPORT_ROW_CAP, looksLikeFormula, readCsvBytes } from "@/lib/import/csv";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("encoding", () => {
  it("accepts UTF-8 and UTF-8 with a BOM (the BOM is not part of the first header)", () => {
    for (const bytes of [utf8("firstName,lastName\nZoë,Brontë\n"), utf8("\uFEFFfirstName,lastName\nZoë,Brontë\n")]) {
      const r = readCsvBytes(bytes);
      expect(r).toEqual({ ok: true, headers: ["firstName", "lastName"], rows: [["Zoë", "Brontë"]] });
    }
  });

  it("refuses UTF-16 (both byte orders) and UTF-32 by their BOM", () => {
    const le = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]);
    const be = new Uint8Array([0xfe, 0xff, 0x00, 0x61]);
    const u32 = new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x61, 0, 0, 0]);
    expect(decodeCsvBytes(le)).toEqual({ ok: false, error: expect.stringContaining("UTF-16") });
    expect(decodeCsvBytes(be)).toEqual({ ok: false, error: expect.stringContaining("UTF-16") });
    expect(decodeCsvBytes(u32)).toEqual({ ok: false, error: expect.stringContaining("UTF-32") });
  });

  it("refuses Windows-1252 / Latin-1 bytes (invalid UTF-8) and says how to save the file again", () => {
    const latin1 = new Uint8Array([...utf8("firstName\nZo"), 0xeb, 0x0a]);
    const r = decodeCsvBytes(latin1);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/not valid UTF-8.*CSV UTF-8/) });
  });

  it("refuses an empty file and one over the size cap", () => {
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ ok: false, error: "The file is empty." });
    expect(decodeCsvBytes(new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x61))).toEqual({ ok: false, error: expect.stringContaining("at most 5 MB") });
  });
});

describe("rows", () => {
  it("quoted cells with commas, quotes and line breaks; CRLF; blank lines dropped; cells trimmed", () => {
    const r = readCsvBytes(utf8('login,title\r\n"a@x.example"," Head of ""R&D"", Europe "\r\n\r\nb@x.example,"two\nlines"\r\n'));
    expect(r).toEqual({ ok: true, headers: ["login", "title"], rows: [["a@x.example", 'Head of "R&D", Europe'], ["b@x.example", "two\nlines"]] });
  });

  it("short rows are padded, extra cells dropped", () => {
    expect(readCsvBytes(utf8("a,b\n1\n1,2,3\n"))).toEqual({ ok: true, headers: ["a", "b"], rows: [["1", ""], ["1", "2"]] });
  });

  it(`refuses ${IMPORT_ROW_CAP.toLocaleString("en-US")} rows or more and states the cap; ${(IMPORT_ROW_CAP - 1).toLocaleString("en-US")} are accepted`, () => {
    const file = (n: number) => utf8(`login\n${Array.from({ length: n }, (_, i) => `u${i}@x.example`).join("\n")}\n`);
    const ok = readCsvBytes(file(IMPORT_ROW_CAP - 1));
    expect(ok.ok && ok.rows.length).toBe(IMPORT_ROW_CAP - 1);
    for (const n of [IMPORT_ROW_CAP, IMPORT_ROW_CAP + 5000]) {
      const r = readCsvBytes(file(n));
      expect(r).toEqual({ ok: false, error: expect.stringContaining("at most 9,999 people (10,000 rows or more are refused)") });
    }
  });

  it("refuses a file with only a header, or with an unclosed quote", () => {
    expect(readCsvBytes(utf8("login,email\n"))).toEqual({ ok: false, error: expect.stringContaining("no people") });
    expect(readCsvBytes(utf8('login\n"a@x.example\nb@x.example\n'))).toEqual({ ok: false, error: expect.stringContaining("not a well-formed CSV") });
  });
});

describe("helpers", () => {
  it("formula-looking cells", () => {
    for (const c of ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx"]) expect(looksLikeFormula(c)).toBe(true);
    for (const c of ["Ada", "a=b", "1-2"]) expect(looksLikeFormula(c)).toBe(false);
  });

  it("base64 round trip of arbitrary bytes", () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});
