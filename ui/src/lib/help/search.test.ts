import { describe, expect, it } from 'vitest';
import { filterTopics, normalise, searchText } from './search';
import { HELP_TOPICS, type HelpTopic } from './topics';

const ids = (query: string) => filterTopics(HELP_TOPICS, query).map((topic) => topic.id);

describe('normalise', () => {
  it('lowers case, drops accents, straightens apostrophes and squeezes spaces', () => {
    expect(normalise('  Driver’s   DOOR\tPillar ')).toBe("driver's door pillar");
    expect(normalise('Synchronisé')).toBe('synchronise');
  });
});

describe('filterTopics', () => {
  it('keeps every topic, in order, for a blank query', () => {
    const all = HELP_TOPICS.map((topic) => topic.id);
    expect(ids('')).toEqual(all);
    expect(ids('   ')).toEqual(all);
  });

  it('finds a topic by a word of its answer only', () => {
    expect(ids('battery')).toEqual(['remote-start', 'charging', 'nissanconnect']);
    expect(ids('bonnet')).toEqual(['remote-start']);
    expect(ids('pillar')).toEqual(['vin']);
    expect(ids('spam')).toEqual(['password']);
  });

  it('finds a topic by a keyword that its text does not use', () => {
    const vin = HELP_TOPICS.find((topic) => topic.id === 'vin')!;
    expect(searchText({ ...vin, keywords: [] })).not.toContain('windshield');
    expect(ids('windshield')).toEqual(['vin']);
    expect(ids('login')).toEqual(['password']);
  });

  it('ignores case and typographic apostrophes', () => {
    expect(ids('WINDSCREEN')).toEqual(['vin']);
    expect(ids("driver's door")).toEqual(['vin']);
  });

  it('needs every word of the query, anywhere in the topic', () => {
    expect(ids('dealer')).toEqual(['vin', 'activation']);
    expect(ids('dealer sim')).toEqual(['activation']);
    expect(ids('dealer sim battery')).toEqual([]);
  });

  it('matches parts of words', () => {
    expect(ids('synchron')).toEqual(['activation']);
  });

  it('searches title, summary, keywords and every block', () => {
    const topic: HelpTopic = {
      id: 'connection',
      icon: 'info',
      title: 'Alpha',
      summary: 'Bravo',
      keywords: ['charlie'],
      body: [
        { kind: 'heading', text: 'Delta' },
        { kind: 'text', text: 'Echo' },
        { kind: 'list', items: ['Foxtrot', 'Golf'] },
        { kind: 'link', to: 'welcome', text: 'Hotel' },
      ],
    };
    expect(searchText(topic)).toBe('alpha bravo charlie delta echo foxtrot golf hotel');
    expect(filterTopics([topic], 'golf hotel')).toEqual([topic]);
    expect(filterTopics([topic], 'india')).toEqual([]);
  });
});
