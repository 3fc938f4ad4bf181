export { startHttp, defaultAssetsDir, type HttpOptions, type RunningHttp } from "./httpServer";
export { AnalysisBusy, TaskNotFound, type AnalysisNowProgress, type Backend } from "./backend";
export { tokenMatches, hostHeaderAllowed, isLoopbackHost, FailedAuthLimiter, clientKey } from "./auth";
