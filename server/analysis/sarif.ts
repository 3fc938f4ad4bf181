import type { Finding, StepInfo } from "../protocol";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

export interface SarifInput {
  version: string;
  findings: Finding[];
  /** Perspectives that could not run: reported as tool notifications, never as a clean result. */
  notRun: { perspective: StepInfo; reason: string }[];
}

/** Pure: findings → a SARIF 2.1.0 log with rules, results, locations and fixes. */
export function toSarif(input: SarifInput): object {
  const ruleIds = [...new Set(input.findings.map((f) => f.rule))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Autocoder",
            version: input.version,
            informationUri: "https://github.com/autocoder/autocoder",
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        invocations: [
          {
            executionSuccessful: input.notRun.length === 0,
            toolExecutionNotifications: input.notRun.map((n) => ({
              level: "warning",
              message: { text: `${n.perspective.name}: ${n.reason}` },
              descriptor: { id: n.perspective.id },
            })),
          },
        ],
        results: input.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          partialFingerprints: { autocoderId: f.id },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeUriPath(f.file), uriBaseId: "%SRCROOT%" },
                region: sarifRegion(f.range),
              },
            },
          ],
          ...(f.fix
            ? {
                fixes: [
                  {
                    description: { text: f.suggestion ?? "apply the suggested fix" },
                    artifactChanges: [
                      {
                        artifactLocation: { uri: encodeUriPath(f.file), uriBaseId: "%SRCROOT%" },
                        replacements: f.fix.edits.map((e) => ({
                          deletedRegion: sarifRegion(e.range),
                          insertedContent: { text: e.newText },
                        })),
                      },
                    ],
                  },
                ],
              }
            : {}),
          properties: { perspective: f.perspective, ...(f.data ? { data: f.data } : {}) },
        })),
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "the analysed workspace root" } } },
      },
    ],
  };
}

function sarifRegion(range: Finding["range"]) {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

function encodeUriPath(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}
