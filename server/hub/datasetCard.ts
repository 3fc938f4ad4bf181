import { DATASET_COLUMNS, type WorkerId } from "../protocol";

const TITLES: Record<WorkerId, string> = {
  analysis: "Autocoder analysis results",
  "test-planning": "Autocoder test-planning results",
  implementation: "Autocoder implementation results",
};

const WHAT: Record<WorkerId, string> = {
  analysis: "One row per analysis iteration: the perspective that ran (code quality, architecture, performance, security, dependencies, test coverage) and its findings.",
  "test-planning": "One row per test-planning iteration: the perspective that ran (one of fifteen), the test plans it made and the running insight counts.",
  implementation: "One row per implementation stage: the finding or test plan worked on, the stage's notes, the code it produced and, on the last stage of a test-plan task, how many of the generated tests passed on their first run.",
};

/**
 * Pure: the dataset card. The YAML front matter points the datasets library and the Hub's
 * viewer at `data/*.jsonl` and declares every column's type, so all shards load as one table
 * even when a shard happens to hold only whole numbers in a float column.
 */
export function datasetCard(worker: WorkerId, repoId: string): string {
  const columns = DATASET_COLUMNS[worker];
  const yaml = [
    "---",
    `pretty_name: ${TITLES[worker]}`,
    "tags:",
    "- autocoder",
    "- code-review",
    "configs:",
    "- config_name: default",
    "  data_files:",
    "  - split: train",
    "    path: data/*.jsonl",
    "dataset_info:",
    "  features:",
    ...columns.flatMap((c) => [`  - name: ${c.name}`, `    dtype: ${c.dtype}`]),
    "---",
  ];
  const stepColumn = worker === "implementation" ? "stage_name" : "perspective_name";
  const body = [
    "",
    `# ${TITLES[worker]}`,
    "",
    `${WHAT[worker]} Written by Autocoder, a continuous code-review companion, as it runs: each commit adds one JSON Lines shard under \`data/\` named for the iterations it holds (\`data/iterations-<first>-<last>.jsonl\`, zero-padded so name order is iteration order). Secret values found in the workspace are redacted before a row is written.`,
    "",
    "```python",
    "from datasets import load_dataset",
    "",
    `ds = load_dataset("${repoId}")["train"]`,
    `print(ds[-1]["${stepColumn}"])  # the newest iteration`,
    "```",
    "",
    "Columns ending in `_json` hold JSON text; read them with `json.loads`.",
    "",
    "| column | type | description |",
    "| --- | --- | --- |",
    ...columns.map((c) => `| \`${c.name}\` | ${c.dtype}${c.nullable ? " or null" : ""} | ${c.description.replace(/\|/g, "\\|")} |`),
    "",
  ];
  return [...yaml, ...body].join("\n");
}
