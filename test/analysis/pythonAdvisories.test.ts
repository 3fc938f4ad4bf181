import { strict as assert } from "node:assert";
import { startOsvStandIn, type OsvRecord } from "../support/osvStandIn";
import { runCli } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const REQUESTS_ADVISORY: OsvRecord = {
  id: "GHSA-x84v-xcm2-53pg",
  summary: "Insufficiently Protected Credentials in Requests",
  aliases: ["CVE-2018-18074", "PYSEC-2018-28"],
  database_specific: { severity: "HIGH" },
  affected: [
    {
      package: { name: "requests", ecosystem: "PyPI" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.20.0" }] }],
      versions: ["2.18.4", "2.19.0", "2.19.1"],
    },
  ],
};
// The same issue under PyPI's own database: OSV returns both ids, a user should see it once.
const REQUESTS_ALIAS: OsvRecord = { ...REQUESTS_ADVISORY, id: "PYSEC-2018-28", aliases: ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"], database_specific: {} };

const WORKSPACE = {
  "requirements.txt": "# runtime\nflask>=2.0\nrequests==2.19.0\nurllib3==2.2.2\n",
  "app.py": "import flask\nimport requests\nimport urllib3\n",
};

describe("known advisories for Python (OSV, against a stand-in of its API)", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => (dir = await tempDir(WORKSPACE)));
  after(() => removeDir(dir));

  const analyze = (osv: string) => runCli(["analyze", dir, "--perspective", "dependencies", "--format", "json"], { OSV_API_URL: osv });
  const advisoryFindings = (stdout: string) => JSON.parse(stdout).findings.filter((x: { rule: string }) => x.rule === "known-vulnerability");

  it("asks about exactly the pinned versions and reports each issue once, at its requirement", async () => {
    const osv = await startOsvStandIn([REQUESTS_ADVISORY, REQUESTS_ALIAS]);
    try {
      const run = await analyze(osv.url);
      assert.equal(run.code, 0, run.stderr);
      const batch = osv.requests.find((r) => r.url === "/v1/querybatch");
      assert.deepEqual(batch?.body, {
        queries: [
          { package: { name: "requests", ecosystem: "PyPI" }, version: "2.19.0" },
          { package: { name: "urllib3", ecosystem: "PyPI" }, version: "2.2.2" },
        ],
      });
      const [vuln, unchecked, ...rest] = advisoryFindings(run.stdout);
      assert.deepEqual(rest, []);
      assert.equal(vuln.file, "requirements.txt");
      assert.deepEqual(vuln.range.start, { line: 3, column: 1 });
      assert.equal(vuln.severity, "error");
      assert.equal(vuln.message, "requests has a known advisory (high): Insufficiently Protected Credentials in Requests.");
      assert.equal(vuln.evidence, "<2.20.0 — https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg");
      assert.equal(vuln.data.source, "OSV");
      assert.equal(vuln.data.fixAvailable, true);
      assert.match(vuln.suggestion, /outside the affected ranges/);
      assert.equal(unchecked.message, "1 requirement is not pinned to one version, so OSV could not be asked about it: flask.");
      assert.deepEqual(unchecked.data.unchecked, ["flask"]);
    } finally {
      await osv.close();
    }
  });

  it("says the check could not run when OSV refuses, errs or is unreachable — never a clean result", async () => {
    const down = await startOsvStandIn([], { failWith: 503 });
    try {
      const [f] = advisoryFindings((await analyze(down.url)).stdout);
      assert.equal(f.message, `Known advisories could not be checked: OSV (${down.url}) answered HTTP 503 to /v1/querybatch. This is not a clean result.`);
      assert.equal(f.data.ran, false);
      assert.match(f.suggestion, /OSV_API_URL/);
    } finally {
      await down.close();
    }
    // A port that was just free: nothing listens there.
    const closed = await startOsvStandIn([]);
    await closed.close();
    const [g] = advisoryFindings((await analyze(closed.url)).stdout);
    assert.equal(g.message, `Known advisories could not be checked: OSV (${closed.url}) could not be reached: ECONNREFUSED. This is not a clean result.`);
  });
});
