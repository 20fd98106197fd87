import type { HelpBlock, HelpTopic } from './topics';

/** Lower case, no accents, straight apostrophes and single spaces, so "Driver’s" finds "driver's". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function blockText(block: HelpBlock): string {
  return block.kind === 'list' ? block.items.join(' ') : block.text;
}

/** Everything a topic can be found by: title, summary, keywords and its whole answer. */
export function searchText(topic: HelpTopic): string {
  return normalise([topic.title, topic.summary, ...topic.keywords, ...topic.body.map(blockText)].join(' '));
}

/** The topics containing every word of the query, in their original order; all of them for a blank query. */
export function filterTopics(topics: readonly HelpTopic[], query: string): HelpTopic[] {
  const words = normalise(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...topics];
  return topics.filter((topic) => {
    const text = searchText(topic);
    return words.every((word) => text.includes(word));
  });
}
