// Words for the NissanConnect screens: what to do after each refusal, and how often Keyfob
// reads the car. The refusal itself is the server's message, shown above these.
import type { NissanCar, NissanConnection } from '../bindings';

/** What to do next when signing in to NissanConnect was refused. */
export const SIGN_IN_ADVICE: Record<string, string> = {
  nissanconnect_locked:
    'Nissan has locked this account after too many wrong passwords. Unlock it by resetting the password in the MyNISSAN app or on Nissan’s website, then sign in here with the new one.',
  nissanconnect_incomplete:
    'Nissan needs something from you first: open the MyNISSAN app, sign in there and accept Nissan’s terms, then come back and sign in here.',
  nissanconnect_unavailable:
    'Nissan’s service is not answering just now. Your account is fine; try again in a while.',
};

/** What to do next when linking a car of the NissanConnect account was refused. */
export const LINK_ADVICE: Record<string, string> = {
  vehicle_already_yours: 'This car is already on your list: open it from My vehicles.',
  vehicle_already_linked:
    'Another Keyfob account holds this car. Its owner there has to remove it before you can add it.',
  nissanconnect_car_not_in_account:
    'Nissan no longer lists this car in your NissanConnect account. If you have just sold or added a car, reload this page.',
  nissanconnect_unavailable:
    'Nissan’s service is not answering just now. Nothing was linked; try again in a while.',
  market_mismatch:
    'The car was registered for another region than your account, and Nissan runs a separate service for each.',
};

/** How Keyfob reads the car, in one honest sentence each. */
export function scheduleNote(connection: Pick<NissanConnection, 'readEveryMinutes' | 'wakeEveryMinutes'>): {
  read: string;
  wake: string;
} {
  return {
    read: `Every ${connection.readEveryMinutes} min Keyfob reads the values your car last sent to Nissan, without waking the car.`,
    wake: `“Refresh from the car” on the dashboard wakes it, at most once every ${connection.wakeEveryMinutes} min, as each wake-up draws on its 12 V battery.`,
  };
}

/** "Leaf 2022": the model with its year when Nissan knows it. */
export function carTitle(car: Pick<NissanCar, 'model' | 'modelYear'>): string {
  return car.modelYear === null ? car.model : `${car.model} ${car.modelYear}`;
}
