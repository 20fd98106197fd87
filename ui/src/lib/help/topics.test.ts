import { describe, expect, it } from 'vitest';
import { ROUTES } from '../app/routes';
import { ICONS } from '../shared/icons';
import { HELP_TOPICS, type HelpBlock, type HelpTopicId } from './topics';

function blockText(block: HelpBlock): string {
  return block.kind === 'list' ? block.items.join('\n') : block.text;
}

/** A topic's whole text as shown on screen. */
function text(id: HelpTopicId): string {
  const topic = HELP_TOPICS.find((t) => t.id === id);
  if (!topic) throw new Error(`no topic ${id}`);
  return [topic.title, topic.summary, ...topic.body.map(blockText)].join('\n');
}

describe('help topics', () => {
  it('cover the ten questions, each once, with a title, summary, keywords and an answer', () => {
    expect(HELP_TOPICS.map((t) => t.id)).toEqual([
      'connection',
      'vin',
      'activation',
      'remote-start',
      'charging',
      'password',
      'subscription',
      'stolen',
      'selling',
      'nissanconnect',
    ]);
    for (const topic of HELP_TOPICS) {
      expect(topic.title.trim()).not.toBe('');
      expect(topic.summary.trim()).not.toBe('');
      expect(topic.keywords.length).toBeGreaterThan(0);
      expect(topic.body.length).toBeGreaterThan(0);
      expect(ICONS).toHaveProperty(topic.icon);
    }
  });

  it('link only to screens that exist', () => {
    const links = HELP_TOPICS.flatMap((t) => t.body).filter((b) => b.kind === 'link');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(ROUTES.map((r) => r.id)).toContain(link.to);
  });

  it('explain the connection error, server mode and the sandbox', () => {
    const t = text('connection');
    expect(t).toContain('Failed to connect to the server');
    expect(t).toMatch(/Wi-Fi/);
    expect(t).toMatch(/server mode.*server address/s);
    expect(t).toMatch(/sandbox.*inside the app/s);
  });

  it('give the VIN rules and where to read the VIN', () => {
    const t = text('vin');
    expect(t).toContain('exactly 17 characters');
    expect(t).toContain('I, O and Q');
    expect(t).toContain('Only Nissan cars');
    expect(t).toMatch(/North America.*check digit in position 9/s);
    expect(t).toContain('registration certificate');
    expect(t).toContain('windscreen');
    expect(t).toContain('door pillar');
  });

  it('walk through activation in the car with the DESIGN.md timings', () => {
    const t = text('activation');
    expect(t).toContain('press Confirm');
    expect(t).toContain('mobile network coverage');
    expect(t).toContain('1 to 5 minutes');
    expect(t).toContain('expires 24 hours');
    expect(t).toMatch(/link the car again/);
    expect(t).toMatch(/SIM is not activated.*dealer/s);
  });

  it('list every remote-start precondition and limit', () => {
    const t = text('remote-start');
    for (const fact of [
      'ignition is off',
      'in Park',
      'hood (bonnet) is shut',
      'every door is shut and locked',
      'hazard lights are off',
      'alarm has not been set off',
      'at least 12.0 V',
      'enough fuel or charge',
      'runs for 10 minutes',
      'once, by another 10 minutes',
      'two remote starts, or one start plus its extension',
      'from 16 °C to 26 °C',
    ]) {
      expect(t).toContain(fact);
    }
  });

  it('give the preconditions of charging and climate, and how long climate runs on the battery', () => {
    const t = text('charging');
    for (const fact of [
      'no engine to start',
      'plugged in',
      'not charging already',
      'below its charge limit',
      '50 to 100 %',
      'household socket, a wall box and a DC rapid charger',
      'from 16 °C to 26 °C',
      'within the next 7 days',
      'about 15 minutes',
      'more than 20 % charge',
      'does not use the battery',
      'cancels a start set for later',
      'Trial or Premium',
    ]) {
      expect(t).toContain(fact);
    }
  });

  it('say how long a reset link lasts and that it signs out every device', () => {
    const t = text('password');
    expect(t).toContain('within 1 hour');
    expect(t).toContain('signs your account out on every device');
  });

  it('describe the plans and the generations as DESIGN.md has them', () => {
    const t = text('subscription');
    expect(t).toMatch(/Trial:.*1 to 3 years.*first registration/);
    expect(t).toMatch(/Premium:.*paid/);
    expect(t).toMatch(/Basic: free, but limited/);
    expect(t).toContain('2014–2017 models: NissanConnect 1.0 or 2.0, with no remote services');
    expect(t).toContain('2018–2020 models: NissanConnect 3.0, with remote services on a Trial or Premium plan');
    expect(t).toContain('2021 and newer');
  });

  it('say who to call about a stolen car, what a report does and does not, and to withdraw it', () => {
    const t = text('stolen');
    expect(t).toMatch(/Call the police.*Nissan’s customer service line.*VIN/s);
    expect(t).toContain('Never try to get the car back yourself');
    for (const fact of [
      'Every remote command to the car is refused',
      'unused head-unit keys are revoked',
      'drivers lose access',
      'signs you out on your other devices',
      'last position and the updates it sends',
      'does not immobilise the car',
      'Withdraw the report',
    ]) {
      expect(t).toContain(fact);
    }
  });

  it('say what removing a sold car erases, to reset the head unit, and how the buyer links it', () => {
    const t = text('selling');
    expect(t).toContain('confirm with your password');
    for (const erased of ['zones and alerts', 'head-unit keys', 'drivers', 'events and history', 'saved status and keys']) {
      expect(t).toContain(erased);
    }
    expect(t).toContain('reset the car’s head unit to factory settings');
    expect(t).toContain('their own proof of ownership');
  });

  it('explain personal mode: tokens only, linking without confirmation, reading without waking', () => {
    const t = text('nissanconnect');
    for (const fact of [
      'no Keyfob account to create',
      'keeps only the sign-in tokens',
      'nothing to confirm in the car',
      'never wakes it',
      'managed in the MyNISSAN app',
      'only while Keyfob is running',
      'sign in again',
      'privacy mode',
    ]) {
      expect(t).toContain(fact);
    }
  });
});
