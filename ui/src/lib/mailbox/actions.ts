// What the action line of a sandbox message means, and how the mailbox shows it.

/** How often the open mailbox looks for new messages. */
export const POLL_MS = 3000;

export type MessageAction =
  | { kind: 'verify'; link: string }
  | { kind: 'reset'; token: string | null }
  | { kind: 'invitations' }
  | { kind: 'code'; code: string }
  | { kind: 'none' };

/** The parameters of a `keyfob://…?a=b` link (custom schemes parse unevenly across web views). */
function linkParams(link: string): URLSearchParams {
  const query = link.split('?')[1] ?? '';
  return new URLSearchParams(query.split('#')[0]);
}

function linkTarget(link: string): string {
  return link
    .replace(/^keyfob:\/\//i, '')
    .split(/[?#]/)[0]!
    .replace(/\/+$/, '')
    .toLowerCase();
}

export function classifyAction(action: string | null): MessageAction {
  const value = action?.trim() ?? '';
  if (value === '') return { kind: 'none' };
  if (/^keyfob:\/\//i.test(value)) {
    switch (linkTarget(value)) {
      case 'verify':
        return { kind: 'verify', link: value };
      case 'reset-password':
        return { kind: 'reset', token: linkParams(value).get('token') };
      case 'invitations':
        return { kind: 'invitations' };
    }
  }
  return { kind: 'code', code: value };
}

/** "22 Nov 2026, 10:00" in the person's locale; the raw value if it is not a date. */
export function formatSentAt(sentAt: string): string {
  const date = new Date(sentAt);
  if (Number.isNaN(date.getTime())) return sentAt;
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
