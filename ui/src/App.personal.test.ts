// The whole app in personal mode: first start, and the screens that have no place there.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { mockBackend, PERSONAL_INFO } from './lib/app/test-support';
import { backendContext } from './lib/backend';
import { account, backendInfo, nissanNotConnected } from './lib/backend/fixtures';
import type { MockBackendOptions } from './lib/backend/mock';
import type { BackendInfo } from './lib/bindings';

const personalInfo = () => backendInfo(undefined, PERSONAL_INFO) as BackendInfo;

function setup(hash: string, options: MockBackendOptions = {}) {
  window.location.hash = hash;
  const backend = mockBackend({ backendInfo: personalInfo(), ...options });
  const user = userEvent.setup();
  render(App, { context: backendContext(backend) });
  return { backend, user };
}

describe('App in personal mode', () => {
  it('goes from the first-start choice to NissanConnect, signed in', async () => {
    let info = backendInfo(undefined, { mode: 'unset', baseUrl: null } as never);
    let signedIn = false;
    const { user } = setup('', {
      backendInfo: () => info,
      usePersonal: () => {
        info = personalInfo();
        signedIn = true;
        return info;
      },
      currentAccount: () => (signedIn ? account() : null),
      nissanconnect: nissanNotConnected(),
    });
    await user.click(await screen.findByTestId('start-personal'));
    expect(await screen.findByTestId('screen-nissanconnect')).toBeInTheDocument();
    expect(await screen.findByTestId('nc-email')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/nissanconnect');
  });

  it.each(['#/register', '#/forgot-password', '#/reset-password', '#/confirm-email'])(
    'has no %s screen',
    async (hash) => {
      setup(hash);
      expect(await screen.findByTestId('screen-not-found')).toBeInTheDocument();
    },
  );

  it.each(['#/invitations', '#/vehicles/link'])('has no %s screen for the owner', async (hash) => {
    setup(hash, { currentAccount: account() });
    expect(await screen.findByTestId('screen-not-found')).toBeInTheDocument();
  });

  it('leaves Create account and Invitations out of the menu', async () => {
    setup('#/help', { currentAccount: account() });
    await screen.findByTestId('screen-help');
    expect(screen.getByTestId('nav-vehicles')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-invitations')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-register')).not.toBeInTheDocument();
  });

  it('sends a person whose session ended to the Continue button', async () => {
    setup('#/vehicles');
    expect(await screen.findByTestId('personal-continue')).toBeInTheDocument();
    expect(screen.queryByTestId('sign-in-email')).not.toBeInTheDocument();
  });
});
