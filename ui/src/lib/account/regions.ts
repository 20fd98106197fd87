import type { Account } from '../bindings';

export type Region = Account['region'];

/** The markets an account can belong to, in the order the form lists them. */
export const REGIONS: readonly { code: Region; name: string }[] = [
  { code: 'EU', name: 'European Union' },
  { code: 'UK', name: 'United Kingdom' },
  { code: 'US', name: 'United States' },
  { code: 'CA', name: 'Canada' },
  { code: 'JP', name: 'Japan' },
  { code: 'RU', name: 'Russia' },
];

export function regionName(code: string): string {
  return REGIONS.find((region) => region.code === code)?.name ?? code;
}
