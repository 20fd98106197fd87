import type { PasswordRule } from '../bindings';

/**
 * Shown until the first report arrives, so the checklist doesn't pop in. The report's own labels,
 * from the Rust policy, replace these as soon as anything is typed.
 */
export const PENDING_RULES: readonly PasswordRule[] = [
  { code: 'length', label: '8 to 128 characters', met: false },
  { code: 'capital', label: 'At least one capital letter', met: false },
  { code: 'not_common', label: 'Not a commonly used password', met: false },
];

export type RuleState = 'pending' | 'met' | 'unmet';
