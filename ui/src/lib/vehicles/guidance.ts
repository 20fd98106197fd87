// What to do next, for each error the server can answer when a car is looked up or linked.
// The server's message says what went wrong; these say how to get past it.
import { errorCode } from '../app/errors';
import { proofKind, regionName, type ProofKind } from './format';

export interface GuidanceContext {
  /** The proof the person chose, to say where to find it. */
  proof?: ProofKind;
  /** The region of the signed-in account. */
  accountRegion?: string | null;
  /** The market of the car, when the lookup told it. */
  carMarket?: string | null;
}

/** Advice for a lookup or linking error; an empty list when the message says it all. */
export function linkGuidance(error: unknown, context: GuidanceContext = {}): string[] {
  const code = errorCode(error);
  switch (code) {
    case 'vehicle_not_in_database':
      return [
        'Compare the VIN with the registration certificate once more, character by character.',
        'If it is right, the car is not yet registered for connected services in your region’s database. A Nissan dealer can check the car, register it and activate the SIM in its telematics unit. Then link it here again.',
      ];
    case 'market_mismatch': {
      const account = context.accountRegion ? regionName(context.accountRegion) : null;
      const car = context.carMarket ? regionName(context.carMarket) : null;
      const mismatch =
        account && car
          ? `Your account is registered in ${account}, but this car was sold for ${car}. `
          : account
            ? `Your account is registered in ${account}. `
            : '';
      return [
        `${mismatch}A car can only be linked to an account whose region is the car’s own market.`,
        'If you moved with the car, use an account registered in the car’s market, or ask a Nissan dealer in your new country whether the car can be moved to that market.',
      ];
    }
    case 'no_telematics_unit':
      return [
        'Without a telematics unit (the module with the SIM that connects the car) the car cannot reach connected services, so Keyfob has no way to talk to it.',
        'If you believe the car has one, a Nissan dealer can check its equipment.',
      ];
    case 'sim_not_activated':
      return [
        'Keyfob cannot fix this from here: a Nissan dealer has to activate the SIM in the car’s telematics unit (sometimes with diagnostic equipment plugged into the car).',
        'Once the dealer has done it, link the car again.',
      ];
    case 'vehicle_already_linked':
      return [
        'Bought it used? The previous owner has to remove the car from their account (in Keyfob: the car’s page, “Selling your car?”).',
        'If you can’t reach them, a Nissan dealer can transfer the car to you with proof of purchase. Then link it here again.',
      ];
    case 'vehicle_already_yours':
      return ['This car is already on your account: open it from My vehicles.'];
    case 'proof_wrong': {
      const info = proofKind(context.proof ?? 'body_number');
      return [
        `Check the ${info.label.toLowerCase()} and type it again. ${info.where[0] ?? ''}`.trim(),
        'You can also choose another kind of proof. After several wrong answers, linking this car is paused for a while.',
      ];
    }
    case 'proof_invalid': {
      const info = proofKind(context.proof ?? 'body_number');
      return [`${info.label}: ${info.hint}`];
    }
    case 'proof_locked':
      return [
        'Too many wrong answers were given for this car, so linking it is paused. Wait until the time is up, then try again with the documents at hand.',
        'If you are sure the details are right, a Nissan dealer can confirm what is on record for the car.',
      ];
    case 'vin_length':
    case 'vin_forbidden_letter':
    case 'vin_invalid_character':
    case 'vin_check_digit':
    case 'vin_not_nissan':
    case 'vin_model_year':
      return ['Go back to the VIN and correct it; the registration certificate shows it too.'];
    case 'owner_only':
      return ['Only the car’s owner can do this. Ask the owner, who sees the car in their own account.'];
    case 'driver_already_added':
      return ['This person can already drive the car: they are in the list of drivers.'];
    case 'cannot_invite_self':
      return ['You own this car already. Invite the email address of the person who will drive it.'];
    case 'email_invalid':
      return ['Check the address: it looks like name@example.com, without spaces.'];
    case 'invitation_not_found':
      return ['The invitation was withdrawn or already answered. The list now shows what is left.'];
    case 'driver_not_found':
      return ['This driver is no longer on the car. The list now shows who is.'];
    case 'owner_cannot_leave':
      return ['As the owner, remove the car instead (“Selling your car?”).'];
    case 'vehicle_not_found':
      return ['The car is no longer on your account. My vehicles shows the cars you have.'];
    case 'activation_not_pending':
    case 'activation_not_expired':
      return ['The car’s state changed in the meantime. The page now shows where it stands.'];
    default:
      return [];
  }
}
