/**
 * ISO 8601 / RFC 3339 formats of the temporal primitive schemas (v3 spec, "Primitive schemas":
 * date, dateTime and time "per RFC 3339"; duration "in ISO 8601 format"). Regexes are compiled
 * once; calendar validity (month lengths, leap years) is checked for dates.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/i;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;
const DURATION =
  /^-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** RFC 3339 `full-time`; the offset is optional, as DTDL's `time` is often a local time of day. */
export function isIsoTime(value: string): boolean {
  return TIME.test(value);
}

/** RFC 3339 `date-time`: the offset (`Z` or `±hh:mm`) is required. */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isIsoDuration(value: string): boolean {
  return DURATION.test(value);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
