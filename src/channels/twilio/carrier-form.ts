/** application/x-www-form-urlencoded; arrays repeat the field (`MediaUrl=a&MediaUrl=b`), as the `twilio` package sends them. */
export function encodeForm(form: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (typeof item === 'object') throw new Error(`form field ${name} is an object: the carrier API takes flat fields`);
      params.append(name, String(item));
    }
  }
  return params.toString();
}
