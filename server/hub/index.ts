export { HubPublisher } from "./hubPublisher";
export { restoreFromHub, type RestoreOutcome } from "./hubRestore";
export { datasetRepo, RETRY_CAP_MS, type HubSettings } from "./hubSettings";
export { PUBLIC_HUB, HubSession, HubCallError, describeHubError } from "./hubSession";
export { toRow, fromRow } from "./datasetRow";
export { datasetCard } from "./datasetCard";
export { shardPath, shardRange, nextShard, parseShard } from "./datasetShard";
export { SecretRegister, redactRecord } from "./recordRedaction";
export { HubOutbox } from "./hubOutbox";
