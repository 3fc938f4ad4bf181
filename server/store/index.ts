export { LocalStore, MAX_HELD_RECORDS, type StoreOptions, type WriteOutcome } from "./localStore";
export { WorkerLog, type LoadReport } from "./workerLog";
export { splitJsonLines, type LineVerdict } from "./jsonlLines";
export { describeWriteFailure } from "./writeFailure";
