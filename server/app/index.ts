export { startServer, type ServerConfig, type RunningServer } from "./autocoderServer";
export { VERSION } from "./version";
export { startHubDashboard, type HubDashboardConfig, type RunningHubDashboard } from "./hubDashboardServer";
