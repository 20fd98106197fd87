import type { ScreenId } from '../app/routes';
import type { IconName } from '../shared/icons';

/** One piece of a topic's answer, in reading order. */
export type HelpBlock =
  | { kind: 'text'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'link'; to: ScreenId; text: string };

export type HelpTopicId =
  | 'connection'
  | 'vin'
  | 'activation'
  | 'remote-start'
  | 'charging'
  | 'password'
  | 'subscription'
  | 'stolen'
  | 'selling'
  | 'nissanconnect';

export interface HelpTopic {
  id: HelpTopicId;
  icon: IconName;
  title: string;
  summary: string;
  /** Extra words people search with that the text itself may not use. */
  keywords: string[];
  body: HelpBlock[];
}

// Numbers follow DESIGN.md and keyfob-core (activation.rs, command/engine.rs, command/ev.rs).
export const HELP_TOPICS: readonly HelpTopic[] = [
  {
    id: 'connection',
    icon: 'alertCircle',
    title: '“Failed to connect to the server”',
    summary: 'Keyfob got no answer from the server it talks to.',
    keywords: ['network', 'internet', 'wifi', 'wi-fi', 'offline', 'unreachable', 'error', 'server mode'],
    body: [
      { kind: 'text', text: 'Your request never got an answer, so nothing was changed. Work through these checks:' },
      {
        kind: 'list',
        items: [
          'Make sure this device is online. If it is, move from Wi-Fi to mobile data, or back the other way.',
          'Using server mode? Look again at the server address you entered (http or https, host name and port) and make sure that server is running.',
          'Give it a moment, then repeat what you were doing. A repeated request is safe: the same command never starts the engine twice.',
        ],
      },
      {
        kind: 'text',
        text: 'The sandbox, Keyfob’s default, runs its server inside the app on this computer, so it needs no network at all. If the message shows up there, quit Keyfob and open it again to restart the built-in server.',
      },
    ],
  },
  {
    id: 'vin',
    icon: 'scan',
    title: 'My VIN is not accepted',
    summary: 'The rules a VIN follows, where to read it, and why a correct one can still be refused.',
    keywords: ['vehicle identification number', 'chassis number', 'windshield', 'wmi', 'typo', 'link a car'],
    body: [
      { kind: 'heading', text: 'Check the number' },
      {
        kind: 'list',
        items: [
          'It has exactly 17 characters, made of the digits 0–9 and the letters A–Z. Small letters are fine: Keyfob turns them into capitals.',
          'The letters I, O and Q never appear in a VIN, as they are too easy to mistake for 1 and 0. Where you typed one of them, the car almost certainly has a 1 or a 0.',
          'Every problem comes with its position, 1 to 17, so you can compare that one character with the original.',
          'Only Nissan cars can be linked. The first three characters name the manufacturer; a VIN from another make is refused even if it is otherwise well formed.',
          'Cars built for North America carry a check digit in position 9, computed from the other characters. If it does not fit, one of them is wrong. For cars from other markets a mismatch is only a warning.',
        ],
      },
      { kind: 'heading', text: 'Where to find it' },
      {
        kind: 'list',
        items: [
          'The registration certificate (field E on EU and UK certificates).',
          'A plate low on the windscreen, driver’s side, that you can read through the glass from outside.',
          'A label on the door pillar, which you see on the body of the car once the driver’s door is open.',
        ],
      },
      { kind: 'heading', text: 'A correct VIN that is still refused' },
      {
        kind: 'list',
        items: [
          'Not in your region’s database: a Nissan dealer can check whether the car is registered for connected services.',
          'Wrong market: the region of your account has to match the market the car was sold in.',
          'Already linked to someone else: for a used car, the previous owner has to remove it from their account, or a dealer can transfer it to you.',
        ],
      },
      { kind: 'link', to: 'vin-check', text: 'Check a VIN for typing mistakes' },
    ],
  },
  {
    id: 'activation',
    icon: 'car',
    title: 'Activation in the car does not arrive',
    summary: 'After linking, you confirm the link on the car’s own screen.',
    keywords: ['confirm', 'pending', 'expired', 'head unit', 'sim card', 'synchronise', 'synchronize', 'link a car'],
    body: [
      {
        kind: 'list',
        items: [
          'Get in, switch the ignition on and let the car’s screen start up. It asks you to confirm the link with your account: press Confirm there.',
          'The car has to be within mobile network coverage to get the request and to answer it. In an underground car park or a dead spot, move it somewhere with reception first.',
          'Once you press Confirm, the car synchronises with your account, which takes 1 to 5 minutes. Keyfob shows each step as it happens; keep the ignition on until it finishes.',
          'If nobody confirms in the car, the link expires 24 hours after it was made. Nothing is lost: link the car again and a fresh prompt appears on its screen.',
          'If Keyfob says the car’s SIM is not activated, the app cannot fix that: a Nissan dealer has to activate the SIM in the car’s telematics unit.',
        ],
      },
    ],
  },
  {
    id: 'remote-start',
    icon: 'power',
    title: 'Remote engine start is refused',
    summary: 'What the car checks before it starts, and how long the engine runs.',
    keywords: ['engine', 'climate', 'heating', 'air conditioning', 'precondition', 'refused', 'bonnet'],
    body: [
      { kind: 'text', text: 'Keyfob names the condition that stopped a start. All of these must hold:' },
      {
        kind: 'list',
        items: [
          'The car is a 2018 or newer model on an active Trial or Premium plan, and its telematics unit is online.',
          'The ignition is off and the gear selector is in Park.',
          'The hood (bonnet) is shut, and every door is shut and locked.',
          'The hazard lights are off and the alarm has not been set off.',
          'The 12 V battery reads at least 12.0 V; below that, a start could leave the car unable to start again.',
          'There is enough fuel or charge: at 10 % or less the car will not run.',
        ],
      },
      { kind: 'heading', text: 'How long it runs' },
      {
        kind: 'list',
        items: [
          'The engine runs for 10 minutes, then stops on its own. You can extend it once, by another 10 minutes, and stop it from Keyfob whenever you like.',
          'Between two ignition cycles the car allows two remote starts, or one start plus its extension. Switching the ignition on and off again resets the count.',
          'The climate target can be set from 16 °C to 26 °C.',
        ],
      },
      {
        kind: 'text',
        text: 'A start shown as “unknown” reached the car, but its reply got lost. Keyfob never repeats it by itself: refresh the car’s status to see whether the engine is running.',
      },
    ],
  },
  {
    id: 'charging',
    icon: 'plug',
    title: 'Charging and climate on an electric car',
    summary: 'When the car can start or stop charging, and how long remote climate runs.',
    keywords: ['ev', 'electric', 'leaf', 'ariya', 'charger', 'plug', 'preheat', 'heating', 'air conditioning', 'timer', 'schedule'],
    body: [
      {
        kind: 'text',
        text: 'An electric car has no engine to start: its dashboard shows a Charging card and a Climate card instead. A button the car would refuse is greyed out with the reason, before you tap it.',
      },
      { kind: 'heading', text: 'Charging' },
      {
        kind: 'list',
        items: [
          'Charging starts only while the cable is plugged in, the car is not charging already and the battery is below its charge limit.',
          'It stops by itself at the charge limit set in the car (50 to 100 %), or when you stop it from Keyfob.',
          'The time to full is shown for each kind of charger: a household socket, a wall box and a DC rapid charger.',
        ],
      },
      { kind: 'heading', text: 'Climate' },
      {
        kind: 'list',
        items: [
          'Choose a target from 16 °C to 26 °C, and start now or at a time within the next 7 days.',
          'On the battery the climate runs about 15 minutes, then stops by itself. Without a charger it needs more than 20 % charge to start now.',
          'On a charger it runs longer and takes its power from the charger, so it does not use the battery.',
          'Climate off also cancels a start set for later.',
        ],
      },
      {
        kind: 'text',
        text: 'Like the other remote commands, charging and climate need a Trial or Premium plan, and the car needs mobile coverage to receive them.',
      },
    ],
  },
  {
    id: 'password',
    icon: 'lock',
    title: 'I forgot my password',
    summary: 'Set a new one with a link sent to your email.',
    keywords: ['forgot', 'reset', 'sign in', 'log in', 'login', 'email', 'account'],
    body: [
      {
        kind: 'list',
        items: [
          'On the sign-in screen choose “Forgot password” and enter the email address of your account.',
          'Keyfob answers the same way whether or not an account uses that address, to keep it private. If no email comes, check the spelling of the address and your spam folder.',
          'The link in the email can be used once, within 1 hour. If it has run out or was already used, ask for a new one.',
          'Choosing a new password signs your account out on every device, so sign in again everywhere with the new one.',
          'The new password needs 8 to 128 characters, at least one capital letter, and must not be one of the most common passwords.',
        ],
      },
      { kind: 'link', to: 'password-check', text: 'Try a password in the Password checker' },
    ],
  },
  {
    id: 'subscription',
    icon: 'document',
    title: 'What do connected services cost?',
    summary: 'The Trial, Premium and Basic plans, and what each NissanConnect generation can do.',
    keywords: ['pay', 'price', 'cost', 'plan', 'subscription', 'free', 'model year', 'locked'],
    body: [
      { kind: 'heading', text: 'Plans' },
      {
        kind: 'list',
        items: [
          'Trial: included with the car, free for 1 to 3 years (depending on the car) counted from its first registration.',
          'Premium: the paid plan that keeps remote services running after the trial.',
          'Basic: free, but limited to managing your account and the car’s health history.',
          'Remote engine start, an electric car’s charging and climate, locking and unlocking, horn and lights, and zone, curfew and speed alerts need Trial or Premium. Diagnostics and sending a destination to the car are free while the car is under warranty.',
          'A feature your plan does not cover stays on screen, greyed out, with the reason and what would unlock it.',
        ],
      },
      { kind: 'heading', text: 'NissanConnect generations' },
      {
        kind: 'list',
        items: [
          '2014–2017 models: NissanConnect 1.0 or 2.0, with no remote services.',
          '2018–2020 models: NissanConnect 3.0, with remote services on a Trial or Premium plan.',
          '2021 and newer: the current NissanConnect Services, with every feature.',
        ],
      },
      { kind: 'link', to: 'vin-check', text: 'Check a VIN to see its model year and generation' },
    ],
  },
  {
    id: 'stolen',
    icon: 'alert',
    title: 'My car was stolen',
    summary: 'Who to call first, what reporting it stolen in Keyfob does, and what it cannot do.',
    keywords: ['theft', 'thief', 'stolen', 'missing', 'police', 'report', 'track', 'recover'],
    body: [
      { kind: 'heading', text: 'First' },
      {
        kind: 'list',
        items: [
          'Call the police. Then call Nissan’s customer service line (in the car’s handbook and on Nissan’s website for your country). Give both the car’s VIN.',
          'Never try to get the car back yourself, even when Keyfob shows where it is. Pass the position on to the police.',
        ],
      },
      { kind: 'heading', text: 'Report it stolen in Keyfob' },
      {
        kind: 'text',
        text: 'On the car’s page, under “Car stolen?”, confirm with your password. From then on:',
      },
      {
        kind: 'list',
        items: [
          'Every remote command to the car is refused: engine start, lock and unlock, horn and lights, send to car, charging and climate.',
          'Its unused head-unit keys are revoked and no new ones can be made, so nobody can pair the car with another phone.',
          'Its drivers lose access to it.',
          'Keyfob signs you out on your other devices, in case one of them is in the car.',
          'You still see its last position and the updates it sends, on the dashboard and in Find my car, to pass on to the police.',
        ],
      },
      { kind: 'heading', text: 'What it does not do' },
      {
        kind: 'text',
        text: 'Reporting it stolen does not immobilise the car: it does not stop the engine and the car can still be driven. Only the police can get it back.',
      },
      { kind: 'heading', text: 'When you have it back' },
      {
        kind: 'text',
        text: 'Withdraw the report on the car’s page with your password (“I have the car back”). Remote commands work again; revoked keys stay revoked, so make new ones, and invite the drivers again.',
      },
      { kind: 'link', to: 'vehicles', text: 'Open My vehicles' },
    ],
  },
  {
    id: 'selling',
    icon: 'car',
    title: 'Selling my car',
    summary: 'Remove the car from your account, reset its head unit, and let the buyer link it.',
    keywords: ['sell', 'sold', 'sale', 'buyer', 'new owner', 'hand over', 'transfer', 'remove', 'erase'],
    body: [
      {
        kind: 'list',
        items: [
          'Before you hand over the keys, open the car’s page and choose “Remove … from my account”, then confirm with your password.',
          'That erases, on the Keyfob server, the car’s geofence zones and alerts, its head-unit keys, the drivers you invited, and its events and history. This device forgets the car’s saved status and keys.',
          'Then reset the car’s head unit to factory settings (Settings › System › Factory reset), so the buyer cannot see your phone, trips or places on its screen.',
          'The buyer links the car with their own Keyfob account and their own proof of ownership (body number, first registration date or warranty-book code), then confirms the link on the car’s screen.',
        ],
      },
      { kind: 'link', to: 'vehicles', text: 'Open My vehicles' },
    ],
  },
  {
    id: 'nissanconnect',
    icon: 'link',
    title: 'NissanConnect and personal mode',
    summary: 'Using Keyfob with your own Nissan through your NissanConnect account, with no Keyfob server.',
    keywords: ['mynissan', 'real car', 'personal', 'own car', 'kamereon', 'sign in again', 'privacy mode', 'tokens'],
    body: [
      {
        kind: 'text',
        text: 'Personal mode runs Keyfob’s server inside the app, for you alone, and reaches your car through Nissan’s NissanConnect service, with the email and password of your MyNISSAN app. There is no Keyfob account to create or confirm.',
      },
      {
        kind: 'list',
        items: [
          'Keyfob passes your NissanConnect password to Nissan when you sign in and keeps only the sign-in tokens Nissan answers with.',
          'Pick your car from the cars in that account and link it: it is ready at once, with nothing to confirm in the car.',
          'Keyfob reads the values the car last sent to Nissan on a schedule that never wakes it. “Refresh from the car” wakes it, but not more often than Nissan allows, since every wake-up draws on the 12 V battery.',
          'What the car can do is decided by its NissanConnect Services from Nissan, managed in the MyNISSAN app, not by a Keyfob plan.',
          'Alerts are judged only while Keyfob is running, and drivers cannot be invited: they need a Keyfob server.',
          'If Nissan ends the sign-in, a notice asks you to sign in again; until then the car cannot be reached.',
          'With privacy mode on in the car, Nissan does not share its position: Keyfob shows the last one known.',
        ],
      },
      { kind: 'link', to: 'nissanconnect', text: 'Open NissanConnect' },
    ],
  },
];
