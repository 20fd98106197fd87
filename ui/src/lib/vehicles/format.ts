// Words and dates for the vehicle screens: activation states, roles, subscriptions, proofs.
import type { ActivationState, Vehicle } from '../bindings';

/** The state of a car's activation, as the vehicle card and the activation steps say it. */
export const ACTIVATION_LABELS: Record<ActivationState, string> = {
  pending: 'Waiting for confirmation in the car',
  confirming: 'Synchronising',
  active: 'Active',
  expired: 'Expired — link again',
};

export function activationLabel(state: ActivationState): string {
  return ACTIVATION_LABELS[state] ?? state;
}

/** "Qashqai 2025" */
export function modelName(vehicle: Pick<Vehicle, 'model' | 'modelYear'>): string {
  return `${vehicle.model} ${vehicle.modelYear}`;
}

export const REGION_NAMES: Record<string, string> = {
  EU: 'European Union',
  UK: 'United Kingdom',
  US: 'United States',
  CA: 'Canada',
  JP: 'Japan',
  RU: 'Russia',
};

export function regionName(region: string | null | undefined): string {
  if (!region) return 'unknown';
  return REGION_NAMES[region] ?? region;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  // A date alone ("2028-03-01") is a calendar day: read it at noon so no time zone moves it.
  const value = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00` : iso;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "1 Mar 2028" in the person's own format; the raw text when it is not a date. */
export function formatDate(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return iso ?? '';
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "22 Nov 2026, 10:03" in the person's own format. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return iso ?? '';
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Milliseconds since `iso`, or null when it is missing or in the future. */
export function millisSince(iso: string | null | undefined, now: number = Date.now()): number | null {
  const date = parse(iso);
  if (!date) return null;
  const elapsed = now - date.getTime();
  return elapsed >= 0 ? elapsed : null;
}

/** A short summary of the subscription: what the car is on and until when. */
export function subscriptionSummary(subscription: Vehicle['subscription']): string {
  switch (subscription.tier) {
    case 'trial':
      return `Trial until ${formatDate(subscription.trialEndsOn)}`;
    case 'premium':
      return subscription.premiumEndsOn
        ? `Premium until ${formatDate(subscription.premiumEndsOn)}`
        : 'Premium';
    case 'basic':
      return 'Basic (free): account management and vehicle health history';
    default:
      return String(subscription.tier);
  }
}

export function warrantySummary(subscription: Vehicle['subscription']): string {
  return subscription.warrantyActive
    ? `Under warranty until ${formatDate(subscription.warrantyEndsOn)}`
    : `Warranty ended on ${formatDate(subscription.warrantyEndsOn)}`;
}

export type ProofKind = 'body_number' | 'first_registration' | 'warranty_code';

export interface ProofKindInfo {
  kind: ProofKind;
  label: string;
  /** Under the field: what to type. */
  hint: string;
  placeholder: string;
  /** Where the person finds it. */
  where: string[];
}

export const PROOF_KINDS: readonly ProofKindInfo[] = [
  {
    kind: 'body_number',
    label: 'Body number',
    hint: 'Type it exactly as printed, letters and digits.',
    placeholder: 'As printed on the plate',
    where: [
      'The registration certificate lists it with the car’s details.',
      'It is stamped on the plate low on the windscreen, driver’s side (readable from outside), and on the label on the driver’s door pillar.',
    ],
  },
  {
    kind: 'first_registration',
    label: 'Date of first registration',
    hint: 'Year, month and day, like 2025-12-04.',
    placeholder: 'YYYY-MM-DD',
    where: [
      'The registration certificate shows the date the car was first registered (field B on EU and UK certificates).',
      'For a used car this is the first registration ever, not the date you bought it.',
    ],
  },
  {
    kind: 'warranty_code',
    label: 'Security code from the warranty book',
    hint: 'Type it as printed; spaces and hyphens don’t matter.',
    placeholder: 'As printed in the warranty book',
    where: [
      'The warranty book (service book) that came with the car has a security code on its first pages.',
      'If the book is missing, use another proof, or ask a Nissan dealer.',
    ],
  },
];

export function proofKind(kind: string): ProofKindInfo {
  return PROOF_KINDS.find((p) => p.kind === kind) ?? PROOF_KINDS[0]!;
}
