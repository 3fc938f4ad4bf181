import { strict as assert } from "node:assert";
import { classifyContent } from "../../server/workspace";
import { formatSize, tooLargeReason } from "../../server/workspace/fileContent";

describe("file content", () => {
  const text = (bytes: Uint8Array) => {
    const verdict = classifyContent(bytes);
    assert.equal(verdict.kind, "text", JSON.stringify(verdict));
    return verdict.kind === "text" ? verdict.text : "";
  };
  const reason = (bytes: Uint8Array) => {
    const verdict = classifyContent(bytes);
    return verdict.kind === "skip" ? verdict.reason : `text: ${verdict.text.slice(0, 20)}`;
  };

  it("calls a NUL in the first 8 KB binary, and looks no further", () => {
    assert.equal(reason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00])), "binary file");
    const late = Buffer.alloc(8 * 1024 + 10, 0x61);
    late[8 * 1024 - 1] = 0;
    assert.equal(reason(late), "binary file");
    late[8 * 1024 - 1] = 0x61;
    late[8 * 1024 + 5] = 0;
    assert.equal(text(late).length, 8 * 1024 + 10);
  });

  it("refuses invalid UTF-8 instead of decoding it with replacement characters", () => {
    for (const bad of [[0x63, 0x61, 0x66, 0xe9], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      assert.match(reason(Buffer.from(bad)), /^not valid UTF-8/, bad.join(","));
    }
  });

  it("calls zero bytes an empty file", () => {
    assert.equal(reason(new Uint8Array()), "empty file");
  });

  it("drops a UTF-8 BOM and keeps everything else", () => {
    assert.equal(text(Buffer.from("\uFEFFconst é = '🙂';\r\n")), "const é = '🙂';\r\n");
    assert.equal(text(Buffer.from("no bom")), "no bom");
  });

  it("says how large, what the limit is and what to do", () => {
    assert.equal(tooLargeReason(3_200_000, 1_000_000), "larger than the 1 MB limit (3.2 MB); raise --max-file-bytes to include it");
    assert.deepEqual([formatSize(999), formatSize(4096), formatSize(2_500_000_000)], ["999 B", "4.1 KB", "2.5 GB"]);
  });
});
