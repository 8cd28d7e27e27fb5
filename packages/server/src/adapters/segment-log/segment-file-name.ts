/** Segment files are named by their first offset, zero-padded to 20 digits so they sort by name. */
const NAME = /^(\d{20})\.log$/;

export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

/** The first offset of a segment file, or undefined when `name` is not a segment file. */
export function parseSegmentFileName(name: string): number | undefined {
  const digits = NAME.exec(name)?.[1];
  return digits === undefined ? undefined : Number(digits);
}
