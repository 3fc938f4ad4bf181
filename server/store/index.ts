export { LocalStore } from "./localStore";
export { WorkerLog, type LoadReport } from "./workerLog";
export { splitJsonLines, type LineVerdict } from "./jsonlLines";
