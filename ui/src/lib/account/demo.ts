// The sandbox's seeded demo account (documented in the README's tester guide).
export const DEMO_EMAIL = 'demo@sandbox.keyfob.test';
export const DEMO_PASSWORD = 'Sandbox-Demo-2026';
