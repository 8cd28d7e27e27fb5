// Generated from DTDL/v3/metamodel/DTDL.FeatureExtension.quantitativeTypes.v1.{RDF-SHACL,Elements}.json.
// Do not edit by hand: regenerate when the extension changes (see README, "QuantitativeTypes").

/** Semantic type term → the unit enum whose values may be its `unit` (QuantitativeTypes v1). */
export const SEMANTIC_TYPE_UNIT_ENUM: Readonly<Record<string, string>> = {
  Acceleration: 'AccelerationUnit',
  Angle: 'AngleUnit',
  AngularAcceleration: 'AngularAccelerationUnit',
  AngularVelocity: 'AngularVelocityUnit',
  ApparentEnergy: 'ApparentEnergyUnit',
  ApparentPower: 'ApparentPowerUnit',
  Area: 'AreaUnit',
  Capacitance: 'CapacitanceUnit',
  Concentration: 'Unitless',
  Current: 'CurrentUnit',
  DataRate: 'DataRateUnit',
  DataSize: 'DataSizeUnit',
  Density: 'DensityUnit',
  Distance: 'LengthUnit',
  ElectricCharge: 'ChargeUnit',
  Energy: 'EnergyUnit',
  EnergyRate: 'PowerUnit',
  Force: 'ForceUnit',
  Frequency: 'FrequencyUnit',
  Humidity: 'DensityUnit',
  Illuminance: 'IlluminanceUnit',
  Inductance: 'InductanceUnit',
  IonizingRadiationDose: 'IonizingRadiationDoseUnit',
  Irradiance: 'IrradianceUnit',
  Latitude: 'AngleUnit',
  Length: 'LengthUnit',
  Longitude: 'AngleUnit',
  Luminance: 'LuminanceUnit',
  Luminosity: 'PowerUnit',
  LuminousFlux: 'LuminousFluxUnit',
  LuminousIntensity: 'LuminousIntensityUnit',
  MagneticFlux: 'MagneticFluxUnit',
  MagneticInduction: 'MagneticInductionUnit',
  Mass: 'MassUnit',
  MassFlowRate: 'MassFlowRateUnit',
  Power: 'PowerUnit',
  Pressure: 'PressureUnit',
  Radioactivity: 'RadioactivityUnit',
  ReactiveEnergy: 'ReactiveEnergyUnit',
  ReactivePower: 'ReactivePowerUnit',
  RelativeDensity: 'Unitless',
  RelativeHumidity: 'Unitless',
  Resistance: 'ResistanceUnit',
  SoundPressure: 'SoundPressureUnit',
  Temperature: 'TemperatureUnit',
  Thrust: 'ForceUnit',
  TimeSpan: 'TimeUnit',
  Torque: 'TorqueUnit',
  Velocity: 'VelocityUnit',
  Voltage: 'VoltageUnit',
  Volume: 'VolumeUnit',
  VolumeFlowRate: 'VolumeFlowRateUnit',
};

/** Unit enum term → its unit terms. */
export const UNIT_ENUMS: Readonly<Record<string, readonly string[]>> = {
  AccelerationUnit: 'metrePerSecondSquared centimetrePerSecondSquared gForce'.split(' '),
  AngleUnit: 'radian degreeOfArc minuteOfArc secondOfArc turn'.split(' '),
  AngularAccelerationUnit: 'radianPerSecondSquared'.split(' '),
  AngularVelocityUnit: 'radianPerSecond degreePerSecond revolutionPerSecond revolutionPerMinute'.split(' '),
  ApparentEnergyUnit: 'voltAmpereHour kilovoltAmpereHour megavoltAmpereHour gigavoltAmpereHour'.split(' '),
  ApparentPowerUnit: 'voltAmpere millivoltAmpere kilovoltAmpere megavoltAmpere gigavoltAmpere'.split(' '),
  AreaUnit: 'squareMetre squareCentimetre squareMillimetre squareKilometre hectare squareFoot squareInch acre'.split(
    ' ',
  ),
  CapacitanceUnit: 'farad millifarad microfarad nanofarad picofarad'.split(' '),
  ChargeUnit: 'coulomb ampereHour milliampereHour'.split(' '),
  CurrentUnit: 'ampere microampere milliampere kiloampere'.split(' '),
  DataRateUnit:
    'bitPerSecond kibibitPerSecond mebibitPerSecond gibibitPerSecond tebibitPerSecond exbibitPerSecond zebibitPerSecond yobibitPerSecond bytePerSecond kibibytePerSecond mebibytePerSecond gibibytePerSecond tebibytePerSecond exbibytePerSecond zebibytePerSecond yobibytePerSecond'.split(
      ' ',
    ),
  DataSizeUnit:
    'bit kibibit mebibit gibibit tebibit exbibit zebibit yobibit byte kibibyte mebibyte gibibyte tebibyte exbibyte zebibyte yobibyte'.split(
      ' ',
    ),
  DensityUnit: 'kilogramPerCubicMetre gramPerCubicMetre milligramPerCubicMetre microgramPerCubicMetre'.split(' '),
  EnergyUnit:
    'joule kilojoule megajoule gigajoule electronvolt megaelectronvolt wattHour milliwattHour kilowattHour megawattHour gigawattHour terawattHour britishThermalUnit kiloBritishThermalUnit'.split(
      ' ',
    ),
  ForceUnit: 'newton pound ounce ton'.split(' '),
  FrequencyUnit: 'hertz millihertz kilohertz megahertz gigahertz'.split(' '),
  IlluminanceUnit: 'lux footcandle'.split(' '),
  InductanceUnit: 'henry millihenry microhenry'.split(' '),
  IonizingRadiationDoseUnit: 'gray milligray microgray sievert millisievert microsievert'.split(' '),
  IrradianceUnit: 'wattPerSquareMetre'.split(' '),
  LengthUnit:
    'metre centimetre millimetre micrometre nanometre kilometre foot inch mile nauticalMile astronomicalUnit'.split(
      ' ',
    ),
  LuminanceUnit: 'candelaPerSquareMetre'.split(' '),
  LuminousFluxUnit: 'lumen'.split(' '),
  LuminousIntensityUnit: 'candela'.split(' '),
  MagneticFluxUnit: 'weber maxwell'.split(' '),
  MagneticInductionUnit: 'tesla gauss'.split(' '),
  MassFlowRateUnit: 'gramPerSecond kilogramPerSecond gramPerHour kilogramPerHour massPoundPerHour'.split(' '),
  MassUnit: 'kilogram gram milligram microgram tonne slug massPound'.split(' '),
  PowerUnit:
    'watt microwatt milliwatt kilowatt megawatt gigawatt horsepower joulePerSecond kilojoulePerSecond joulePerHour kilojoulePerHour megajoulePerHour gigajoulePerHour britishThermalUnitPerHour kiloBritishThermalUnitPerHour kilowattHourPerYear tonOfRefrigeration'.split(
      ' ',
    ),
  PressureUnit:
    'pascal decapascal hectopascal kilopascal bar millibar millimetresOfMercury poundPerSquareInch inchesOfMercury inchesOfWater'.split(
      ' ',
    ),
  RadioactivityUnit: 'becquerel kilobecquerel megabecquerel gigabecquerel'.split(' '),
  ReactiveEnergyUnit:
    'voltAmpereReactiveHour kilovoltAmpereReactiveHour megavoltAmpereReactiveHour gigavoltAmpereReactiveHour'.split(
      ' ',
    ),
  ReactivePowerUnit:
    'voltAmpereReactive millivoltAmpereReactive kilovoltAmpereReactive megavoltAmpereReactive gigavoltAmpereReactive'.split(
      ' ',
    ),
  ResistanceUnit: 'ohm milliohm kiloohm megaohm'.split(' '),
  SoundPressureUnit: 'decibel bel'.split(' '),
  TemperatureUnit: 'kelvin degreeCelsius degreeFahrenheit'.split(' '),
  TimeUnit: 'second millisecond microsecond nanosecond minute hour day year'.split(' '),
  TorqueUnit: 'newtonMetre'.split(' '),
  Unitless: 'unity percent partsPerMillion partsPerBillion partsPerTrillion partsPerQuadrillion'.split(' '),
  VelocityUnit:
    'metrePerSecond centimetrePerSecond kilometrePerSecond metrePerHour kilometrePerHour milePerHour milePerSecond knot'.split(
      ' ',
    ),
  VoltageUnit: 'volt millivolt microvolt kilovolt megavolt'.split(' '),
  VolumeFlowRateUnit:
    'litrePerSecond millilitrePerSecond litrePerMinute millilitrePerMinute litrePerHour millilitrePerHour gallonPerMinute gallonPerHour cubicFootPerMinute cubicMetrePerHour cubicMetrePerMinute cubicMetrePerSecond'.split(
      ' ',
    ),
  VolumeUnit: 'cubicMetre cubicCentimetre litre millilitre cubicFoot cubicInch fluidOunce gallon'.split(' '),
};
