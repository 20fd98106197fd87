// Words for a health report: which lamps, which tyres, and the one line a history entry shows.
import type { HealthReport, LampMeaning, WarningLamp } from '../bindings';
import { TYRE_NAMES, warningLampName, type TyreKey } from '../dashboard/format';

/** Nothing to look at: no lamp lit, no tyre low, the battery fine, no service due. */
export function isHealthy(report: HealthReport): boolean {
  return (
    report.warningLamps.length === 0 &&
    report.lowTyres.length === 0 &&
    report.battery12vOk &&
    !report.serviceDue
  );
}

/** keyfob-core names low tyres in lower case ("front left"). */
export function isLowTyre(report: HealthReport, tyre: TyreKey): boolean {
  return report.lowTyres.includes(TYRE_NAMES[tyre].toLowerCase());
}

/** The lamp's name and meaning as keyfob-core explains it, or the dashboard's words without one. */
export function explainLamp(lamp: WarningLamp, lamps: LampMeaning[]): { name: string; meaning: string } {
  const found = lamps.find((item) => item.lamp === lamp);
  if (found) return { name: found.name, meaning: found.meaning };
  const [name, meaning] = warningLampName(lamp).split(': ');
  return { name: name ?? lamp, meaning: meaning ?? '' };
}

/** "Lamps on: Check engine · Low tyres: front right · 12 V battery low · Service due", or "All clear". */
export function healthSummary(report: HealthReport, lamps: LampMeaning[]): string {
  const parts: string[] = [];
  // The service reminder is a lamp too, but it reads better as its own part.
  const lit = report.warningLamps.filter((lamp) => lamp !== 'service_due');
  if (lit.length > 0) {
    parts.push(`${lit.length === 1 ? 'Lamp' : 'Lamps'} on: ${lit.map((lamp) => explainLamp(lamp, lamps).name).join(', ')}`);
  }
  if (report.lowTyres.length > 0) {
    parts.push(`${report.lowTyres.length === 1 ? 'Low tyre' : 'Low tyres'}: ${report.lowTyres.join(', ')}`);
  }
  if (!report.battery12vOk) parts.push('12 V battery low');
  if (report.serviceDue || report.warningLamps.includes('service_due')) parts.push('Service due');
  return parts.length === 0 ? 'All clear' : parts.join(' · ');
}
