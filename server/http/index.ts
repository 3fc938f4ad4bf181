export { startHttp, defaultAssetsDir, type HttpOptions, type RunningHttp } from "./httpServer";
export { AnalysisBusy, ReadOnlyRefusal, TaskNotFound, type AnalysisNowProgress, type Backend } from "./backend";
export { tokenMatches, hostHeaderAllowed, isLoopbackHost, FailedAuthLimiter, clientKey } from "./auth";
