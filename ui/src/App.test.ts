import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { backendContext } from './lib/backend';
import { MockBackend } from './lib/backend/mock';

function setup(hash = '') {
  window.location.hash = hash;
  const backend = new MockBackend();
  const user = userEvent.setup();
  render(App, { context: backendContext(backend) });
  return { backend, user };
}

describe('App frame and navigation', () => {
  it('opens on Welcome', () => {
    setup();
    expect(screen.getByTestId('screen-welcome')).toBeInTheDocument();
    expect(screen.getByTestId('welcome-title')).toHaveTextContent('Keyfob');
    expect(screen.getByTestId('nav-welcome')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-vin-check')).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });

  it('switches screens from the navigation and marks the current item', async () => {
    const { user } = setup();

    await user.click(screen.getByTestId('nav-vin-check'));
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
    expect(screen.queryByTestId('screen-welcome')).not.toBeInTheDocument();
    expect(window.location.hash).toBe('#/vin');
    expect(screen.getByTestId('nav-vin-check')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-welcome')).not.toHaveAttribute('aria-current');

    await user.click(screen.getByTestId('nav-password-check'));
    expect(await screen.findByTestId('screen-password-check')).toBeInTheDocument();
    expect(screen.getByTestId('password-input')).toBeInTheDocument();
    expect(screen.getByTestId('nav-password-check')).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByTestId('nav-help'));
    expect(await screen.findByTestId('screen-help')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/help');
    expect(screen.getByTestId('nav-help')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-help')).toHaveTextContent('Help');
    expect(screen.queryByTestId('screen-password-check')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('nav-welcome'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('moves focus to the new screen’s heading after navigating', async () => {
    const { user } = setup();
    await user.click(screen.getByTestId('nav-password-check'));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1, name: 'Password checker' })).toHaveFocus(),
    );
  });

  it('moves focus to the Help heading after navigating there', async () => {
    const { user } = setup();
    await user.click(screen.getByTestId('nav-help'));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1, name: 'Help' })).toHaveFocus(),
    );
  });

  it('opens Help from the address and follows a link from an answer to its screen', async () => {
    const { user } = setup('#/help');
    expect(screen.getByTestId('screen-help')).toBeInTheDocument();
    expect(screen.getByTestId('nav-help')).toHaveAttribute('aria-current', 'page');
    await user.click(screen.getByTestId('help-topic-vin-toggle'));
    await user.click(screen.getByTestId('help-topic-vin-link-vin-check'));
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
    expect(screen.queryByTestId('screen-help')).not.toBeInTheDocument();
  });

  it('goes from Welcome to the VIN check with the primary action', async () => {
    const { user } = setup();
    await user.click(screen.getByTestId('welcome-check-vin'));
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
  });

  it('opens the screen named in the address', () => {
    setup('#/password');
    expect(screen.getByTestId('screen-password-check')).toBeInTheDocument();
  });

  it('follows Back and Forward (hash changes)', async () => {
    setup('#/vin');
    expect(screen.getByTestId('screen-vin-check')).toBeInTheDocument();
    window.location.hash = '#/';
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('shows a way back for an unknown address', async () => {
    const { user } = setup('#/garage');
    expect(screen.getByTestId('screen-not-found')).toBeInTheDocument();
    await user.click(screen.getByTestId('not-found-home'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('opens and closes the narrow-window menu', async () => {
    const { user } = setup();
    const toggle = screen.getByTestId('nav-toggle');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(toggle).toHaveAttribute('aria-controls', nav.id);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(nav).toHaveClass('open');

    await user.keyboard('{Escape}');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();

    await user.click(toggle);
    await user.click(screen.getByTestId('nav-vin-check'));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
  });

  it('passes the backend from context down to the screens', async () => {
    const { backend, user } = setup('#/vin');
    await user.type(screen.getByTestId('vin-input'), '1N');
    expect(backend.vin.calls).toEqual([['1'], ['1N']]);
  });
});
