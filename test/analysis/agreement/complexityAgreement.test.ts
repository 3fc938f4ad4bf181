import { strict as assert } from "node:assert";
import * as path from "node:path";
import { compareOn, jsFiles } from "./eslintComplexity";

// The done-when of issue #3: complexity numbers agree with ESLint's complexity rule on a real
// codebase. ESLint's own source (CommonJS) and zod's (ESM) are real, varied and pinned by the lockfile.
describe("complexity agrees with ESLint on real code", function () {
  this.timeout(120_000);
  for (const dir of ["node_modules/eslint/lib", "node_modules/zod/v4"]) {
    it(`${dir}: same functions, same report locations, same numbers`, async () => {
      const files = await jsFiles(path.resolve(dir));
      assert.ok(files.length > 100, `${dir} has real code (${files.length} files)`);
      const result = await compareOn(files);
      assert.ok(result.functions > 1000, `${result.functions} functions compared`);
      assert.equal(result.skipped, 0);
      assert.deepEqual(result.disagreements.slice(0, 5), []);
    });
  }
});
