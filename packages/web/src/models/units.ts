/**
 * Symbols of DTDL semantic units (DTDL v3 "semantic types" / v2 units), for value display. Units
 * not listed are shown by their DTDL name, which is still readable ("kilowattHour").
 */
const UNIT_SYMBOLS: Readonly<Record<string, string>> = {
  // temperature
  degreeCelsius: '°C',
  degreeFahrenheit: '°F',
  kelvin: 'K',
  // ratio
  percent: '%',
  partsPerMillion: 'ppm',
  partsPerBillion: 'ppb',
  // pressure
  pascal: 'Pa',
  kilopascal: 'kPa',
  hectopascal: 'hPa',
  bar: 'bar',
  millibar: 'mbar',
  poundPerSquareInch: 'psi',
  millimetresOfMercury: 'mmHg',
  // power and energy
  watt: 'W',
  kilowatt: 'kW',
  megawatt: 'MW',
  horsepower: 'hp',
  wattHour: 'Wh',
  kilowattHour: 'kWh',
  megawattHour: 'MWh',
  joule: 'J',
  kilojoule: 'kJ',
  megajoule: 'MJ',
  voltAmpere: 'VA',
  kilovoltAmpere: 'kVA',
  voltAmpereReactive: 'var',
  // electricity
  volt: 'V',
  millivolt: 'mV',
  kilovolt: 'kV',
  ampere: 'A',
  milliampere: 'mA',
  ohm: 'Ω',
  // frequency and rotation
  hertz: 'Hz',
  kilohertz: 'kHz',
  megahertz: 'MHz',
  revolutionPerMinute: 'rpm',
  revolutionPerSecond: 'rev/s',
  radianPerSecond: 'rad/s',
  degreePerSecond: '°/s',
  // length, area, volume
  millimetre: 'mm',
  centimetre: 'cm',
  metre: 'm',
  kilometre: 'km',
  squareMetre: 'm²',
  litre: 'L',
  millilitre: 'mL',
  cubicMetre: 'm³',
  // flow and speed
  litrePerSecond: 'L/s',
  litrePerHour: 'L/h',
  cubicMetrePerSecond: 'm³/s',
  cubicMetrePerHour: 'm³/h',
  metrePerSecond: 'm/s',
  kilometrePerHour: 'km/h',
  milePerHour: 'mph',
  metrePerSecondSquared: 'm/s²',
  gForce: 'g',
  // mass and force
  gram: 'g',
  kilogram: 'kg',
  tonne: 't',
  newton: 'N',
  newtonMetre: 'N·m',
  // time
  millisecond: 'ms',
  second: 's',
  minute: 'min',
  hour: 'h',
  day: 'd',
  // light, sound, angle
  lux: 'lx',
  lumen: 'lm',
  candela: 'cd',
  decibel: 'dB',
  degreeOfArc: '°',
  radian: 'rad',
  // air quality and data
  microgramPerCubicMetre: 'µg/m³',
  milligramPerCubicMetre: 'mg/m³',
  bit: 'bit',
  byte: 'B',
  kibibyte: 'KiB',
  mebibyte: 'MiB',
  bitPerSecond: 'bit/s',
};

/** The symbol to print after a value, or undefined when the content has no unit. */
export function unitSymbol(unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  return UNIT_SYMBOLS[unit] ?? unit;
}
