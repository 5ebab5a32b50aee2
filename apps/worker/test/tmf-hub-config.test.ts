import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const base = { DATABASE_URL: 'postgres://localhost:5432/signalbox' };

describe('SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS', () => {
  it('defaults to a day and is read in seconds', () => {
    expect(loadConfig(base).tmfHubGiveUpAfterMs).toBe(86_400_000);
    expect(loadConfig({ ...base, SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS: '30' }).tmfHubGiveUpAfterMs).toBe(30_000);
  });

  it.each(['0', '86401', '1.5', 'soon'])('refuses %s by name', (value) => {
    let problems: string[] = [];
    try {
      loadConfig({ ...base, SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS: value });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS must be .*(a day)/)]);
  });
});
