/**
 * What drives the whole plant: time of day, working days, weather. Pure functions of simulated
 * time, so that every device sees the same day without sharing state.
 */
export type RoomUsage = 'office' | 'meeting' | 'production' | 'plant' | 'storage';

const HOUR_MS = 3_600_000;

export class Environment {
  /** `utcOffsetMinutes` places the plant's working day (e.g. 60 for Central European winter time). */
  constructor(private readonly utcOffsetMinutes: number) {}

  /** Local hour of day in [0, 24). */
  hour(simMs: number): number {
    const localMs = simMs + this.utcOffsetMinutes * 60_000;
    return (((localMs % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS;
  }

  isWorkday(simMs: number): boolean {
    const day = new Date(simMs + this.utcOffsetMinutes * 60_000).getUTCDay();
    return day !== 0 && day !== 6;
  }

  /** Daily swing of ±6 °C around 15 °C, warmest at 15:00. */
  outdoorTemperatureC(simMs: number): number {
    return 15 + 6 * Math.cos((2 * Math.PI * (this.hour(simMs) - 15)) / 24);
  }

  /** Share of the chillers' capacity the site needs, 0.1-1: weather, office hours and production heat. */
  coolingDemand(simMs: number): number {
    const production = this.productionShift(simMs) ? 0.15 : 0;
    const demand = 0.15 + 0.04 * (this.outdoorTemperatureC(simMs) - 12) + 0.2 * this.occupancyFraction('office', simMs);
    return Math.min(1, Math.max(0.1, demand + production));
  }

  /** Two production shifts, 06:00-22:00 on working days. */
  productionShift(simMs: number): boolean {
    const hour = this.hour(simMs);
    return this.isWorkday(simMs) && hour >= 6 && hour < 22;
  }

  /** Expected share of a room's capacity that is present, 0-1. */
  occupancyFraction(usage: RoomUsage, simMs: number): number {
    const hour = this.hour(simMs);
    const workday = this.isWorkday(simMs);
    switch (usage) {
      case 'office': {
        if (!workday) return 0.02;
        const present = smoothstep(7.5, 9.5, hour) * (1 - smoothstep(16.5, 18.5, hour));
        const lunch = hour >= 12 && hour < 13 ? 0.6 : 1;
        return 0.85 * present * lunch;
      }
      case 'meeting': {
        if (!workday) return 0;
        const present = smoothstep(8.5, 9.5, hour) * (1 - smoothstep(16.5, 17.5, hour));
        // Meetings start on the hour and mostly end by a quarter to.
        const inMeeting = hour % 1 < 0.75 ? 1 : 0.1;
        return 0.7 * present * inMeeting;
      }
      case 'production':
        return this.productionShift(simMs) ? 0.75 : 0.04;
      case 'plant':
      case 'storage':
        return workday && hour >= 8 && hour < 17 ? 0.1 : 0;
    }
  }
}

function smoothstep(from: number, to: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - from) / (to - from)));
  return t * t * (3 - 2 * t);
}
