// Words for the NissanConnect screens: how often Keyfob reads the car, and a car's title. What to
// do after a refusal is in the server's message, not here.
import type { NissanCar, NissanConnection } from '../bindings';

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
