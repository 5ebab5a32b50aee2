/**
 * Makes (or reuses, from `dataDir`) an agent key scoped to the catalog's providers whose endpoints
 * are on the simulator, and hands it to the simulator for its callbacks. Resolves with those
 * providers' codes.
 */
export function giveSimulatorAgentKey(options: { apiUrl: string; simulatorUrl: string; adminKey: string; dataDir: string }): Promise<string[]>;
