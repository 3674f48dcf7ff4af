/** server/src/config: what the hosts share (rule settings, project file over the host's options). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProjectConfig, readRuleSettings, withProjectConfig, type LoadedProfiles } from '../server/src/config';

test('rule settings: aliases resolved, unknown rules and severities dropped', () => {
  assert.deepEqual(readRuleSettings({ share: 'off', bogus: 'error', sum: 'loud', yoy: 'info' }), {
    share: 'off',
    yoy: 'info',
  });
  assert.deepEqual(readRuleSettings(null), {});
  assert.deepEqual(readRuleSettings('share'), {});
});

test('command-line options over the project file: its rules and profiles added, --rounding wins', () => {
  const cfg = parseProjectConfig('rules:\n  share: off\nroundingDifferences: hide\n');
  const loaded: LoadedProfiles = { profiles: [{ id: 'team' }], problems: [], stamp: '' };
  const base = { lang: 'en' as const, roundingDifferences: 'info' as const, profiles: [{ id: 'cli' }] };
  const opts = withProjectConfig(base, cfg, loaded, { value: 'info', given: false });
  assert.deepEqual(opts.rules, { share: 'off' });
  assert.equal(opts.roundingDifferences, 'hide');
  assert.deepEqual(opts.profiles, [{ id: 'cli' }, { id: 'team' }]);
  assert.equal(withProjectConfig(base, cfg, loaded, { value: 'info', given: true }).roundingDifferences, 'info');
});
