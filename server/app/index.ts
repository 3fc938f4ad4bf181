export { startServer, type ServerConfig, type RunningServer } from "./autocoderServer";
export { VERSION } from "./version";
