import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import HelpScreen from './HelpScreen.svelte';
import { HELP_TOPICS } from './topics';

const ALL = [
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
];

function setup() {
  const user = userEvent.setup();
  render(HelpScreen);
  const search = screen.getByTestId('help-search') as HTMLInputElement;
  return { user, search };
}

const topic = (id: string) => screen.getByTestId(`help-topic-${id}`);
const toggle = (id: string) => screen.getByTestId(`help-topic-${id}-toggle`);
const body = (id: string) => screen.getByTestId(`help-topic-${id}-body`);

function shownTopics(): string[] {
  return within(screen.getByTestId('help-topics'))
    .getAllByRole('listitem')
    .map((item) => item.dataset.testid ?? '')
    .filter((testid) => testid.startsWith('help-topic-'))
    .map((testid) => testid.replace('help-topic-', ''));
}

describe('Help', () => {
  it('lists every topic, collapsed, under a level-one heading', () => {
    setup();
    expect(screen.getByTestId('screen-help')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Help' })).toBeInTheDocument();
    expect(shownTopics()).toEqual(ALL);
    for (const { id, title } of HELP_TOPICS) {
      expect(toggle(id)).toHaveTextContent(title);
      expect(toggle(id)).toHaveAttribute('aria-expanded', 'false');
      expect(body(id)).not.toBeVisible();
    }
    expect(toggle('connection')).toHaveTextContent('“Failed to connect to the server”');
    expect(screen.getByTestId('help-count')).toHaveTextContent('10 topics');
    expect(screen.queryByTestId('help-no-match')).not.toBeInTheDocument();
  });

  it('has a labelled search field', () => {
    const { search } = setup();
    expect(screen.getByLabelText('Search help')).toBe(search);
    expect(screen.getByRole('search')).toContainElement(search);
  });

  it('opens and closes a topic, flipping aria-expanded', async () => {
    const { user } = setup();
    await user.click(toggle('remote-start'));
    expect(toggle('remote-start')).toHaveAttribute('aria-expanded', 'true');
    expect(body('remote-start')).toBeVisible();
    expect(body('remote-start')).toHaveTextContent('The 12 V battery reads at least 12.0 V');
    expect(body('remote-start')).toHaveTextContent('from 16 °C to 26 °C');
    expect(toggle('vin')).toHaveAttribute('aria-expanded', 'false');
    expect(body('vin')).not.toBeVisible();

    await user.click(toggle('remote-start'));
    expect(toggle('remote-start')).toHaveAttribute('aria-expanded', 'false');
    expect(body('remote-start')).not.toBeVisible();
  });

  it('ties each toggle to its panel for assistive technology', async () => {
    const { user } = setup();
    const button = toggle('activation');
    const panel = body('activation');
    expect(button).toHaveAttribute('aria-controls', panel.id);
    expect(button.closest('h2')).not.toBeNull();
    await user.click(button);
    expect(screen.getByRole('region', { name: /Activation in the car does not arrive/ })).toBe(panel);
  });

  it('toggles from the keyboard', async () => {
    const { user } = setup();
    toggle('password').focus();
    await user.keyboard('{Enter}');
    expect(toggle('password')).toHaveAttribute('aria-expanded', 'true');
    expect(body('password')).toHaveTextContent('within 1 hour');
    await user.keyboard(' ');
    expect(toggle('password')).toHaveAttribute('aria-expanded', 'false');
  });

  it('filters topics live as you type', async () => {
    const { user, search } = setup();
    await user.type(search, 'bonnet');
    expect(shownTopics()).toEqual(['remote-start']);
    expect(topic('remote-start')).toBeInTheDocument();
    expect(screen.queryByTestId('help-topic-password')).not.toBeInTheDocument();
    expect(screen.queryByTestId('help-topic-connection')).not.toBeInTheDocument();
    expect(screen.getByTestId('help-count')).toHaveTextContent('1 of 10 topics match');

    await user.clear(search);
    await user.type(search, 'battery');
    expect(shownTopics()).toEqual(['remote-start', 'charging', 'nissanconnect']);
    expect(screen.getByTestId('help-count')).toHaveTextContent('3 of 10 topics match');

    await user.clear(search);
    await user.type(search, 'Dealer');
    expect(shownTopics()).toEqual(['vin', 'activation']);
    expect(screen.getByTestId('help-count')).toHaveTextContent('2 of 10 topics match');

    await user.clear(search);
    expect(shownTopics()).toEqual(ALL);
    expect(screen.getByTestId('help-count')).toHaveTextContent('10 topics');
  });

  it('says clearly when no topic matches, and offers every topic again', async () => {
    const { user, search } = setup();
    await user.type(search, 'submarine');
    const noMatch = screen.getByTestId('help-no-match');
    expect(noMatch).toHaveTextContent('No topic matches “submarine”');
    expect(screen.queryByTestId('help-topics')).not.toBeInTheDocument();
    for (const id of ALL) expect(screen.queryByTestId(`help-topic-${id}`)).not.toBeInTheDocument();
    expect(screen.getByTestId('help-count')).toHaveTextContent('0 of 10 topics match');

    await user.click(screen.getByTestId('help-show-all'));
    expect(search).toHaveValue('');
    expect(search).toHaveFocus();
    expect(shownTopics()).toEqual(ALL);
    expect(screen.queryByTestId('help-no-match')).not.toBeInTheDocument();
  });

  it('keeps a topic open while a search hides it and brings it back', async () => {
    const { user, search } = setup();
    await user.click(toggle('vin'));
    await user.type(search, 'battery');
    expect(screen.queryByTestId('help-topic-vin')).not.toBeInTheDocument();
    await user.clear(search);
    expect(toggle('vin')).toHaveAttribute('aria-expanded', 'true');
    expect(body('vin')).toBeVisible();
  });

  it('links from an answer to the screen that helps', async () => {
    const { user } = setup();
    await user.click(toggle('vin'));
    expect(screen.getByTestId('help-topic-vin-link-vin-check')).toHaveAttribute('href', '#/vin');
    await user.click(toggle('password'));
    expect(screen.getByTestId('help-topic-password-link-password-check')).toHaveAttribute(
      'href',
      '#/password',
    );
  });

  it('finds what to do about a stolen or a sold car', async () => {
    const { user, search } = setup();
    await user.type(search, 'police');
    expect(shownTopics()).toEqual(['stolen']);
    await user.click(toggle('stolen'));
    expect(body('stolen')).toHaveTextContent('does not immobilise the car');
    expect(screen.getByTestId('help-topic-stolen-link-vehicles')).toHaveAttribute('href', '#/vehicles');
    await user.clear(search);
    await user.type(search, 'buyer');
    expect(shownTopics()).toEqual(['selling']);
  });

  it('finds personal mode by the app Nissan owners know, and links to NissanConnect', async () => {
    const { user, search } = setup();
    await user.type(search, 'MyNISSAN');
    expect(shownTopics()).toEqual(['nissanconnect']);
    await user.click(toggle('nissanconnect'));
    expect(body('nissanconnect')).toHaveTextContent('keeps only the sign-in tokens');
    expect(screen.getByTestId('help-topic-nissanconnect-link-nissanconnect')).toHaveAttribute(
      'href',
      '#/nissanconnect',
    );
  });
});
