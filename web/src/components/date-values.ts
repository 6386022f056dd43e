/**
 * Between an instant the API sends (ISO 8601) and the value a `DateField` of kind `datetime` holds
 * (`YYYY-MM-DDTHH:mm`, in the browser's local time, as the field shows it).
 */
export function dateTimeValue(iso: string): string {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The instant a `datetime` field's value names, for the API. */
export function instantOf(value: string): string {
  return new Date(value).toISOString();
}
