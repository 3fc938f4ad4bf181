// The one protocol: every message and record that crosses a process, goes to disk or to the
// Hub is defined here and nowhere else. Server, extension and webview import this module.
export * from "./steps";
export * from "./findings";
export * from "./plans";
export * from "./records";
export * from "./summaries";
export * from "./resultChanges";
export * from "./status";
export * from "./messages";
export * from "./config";
export * from "./baseline";
export * from "./characterization";
export * from "./generatedTestRun";
export * from "./graph";
export * from "./datasetRows";
export * from "./datasetRecords";
export * from "./datasetShards";
export * from "./readOnlyStatus";
export * from "./deployProgress";
