import type { ViteUserConfig } from 'vitest/config';

export const SOURCE_CONDITION: string;
export function defineProjectConfig(projectDir: string, overrides?: ViteUserConfig): ViteUserConfig;
