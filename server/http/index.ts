export { startHttp, defaultAssetsDir, type HttpOptions, type RunningHttp } from "./httpServer";
export { TaskNotFound, type Backend } from "./backend";
export { tokenMatches, hostHeaderAllowed, isLoopbackHost, FailedAuthLimiter, clientKey } from "./auth";
